"""CSS selectors from site profiles, compiled once to XPath, or answered from the page's view."""

from __future__ import annotations

from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.query import page_view
from reviewcrawl.extract.page.simplecss import Selector, css

_TRANSLATOR = HTMLTranslator()


@lru_cache(maxsize=512)
def compile_css(selector: str) -> etree.XPath | None:
    """An XPath for a CSS selector, or None when the selector is not valid CSS."""
    try:
        return etree.XPath(_TRANSLATOR.css_to_xpath(selector))
    except (SelectorError, etree.XPathSyntaxError):
        return None


@lru_cache(maxsize=512)
def _one_compound(selector: str) -> Selector | None:
    """The selector in the view's subset when it is a single compound (``div.entry-content``) whose
    attribute names are lower case, as the HTML translator makes them; None otherwise."""
    try:
        parsed = css(selector)
    except ValueError:
        return None
    if len(parsed.steps) != 1 or any(test.name != test.name.lower() for test in parsed.subject.attributes):
        return None
    return parsed


def select_css(page: Page, root: etree._Element, selector: str) -> list[etree._Element]:
    """Elements of ``root``'s subtree (itself included) that a CSS selector matches, in document order.

    A simple selector is answered by the page's view, whose class index the metadata readers build anyway;
    one XPath with string functions over every element would cost as much as the rest of the lookup.
    """
    xpath = compile_css(selector)
    if xpath is None:
        return []
    simple = _one_compound(selector)
    if simple is None:
        return list(xpath(root))
    return [element for element in page_view(page).select(simple) if _within(element, root)]


def _within(element: etree._Element, root: etree._Element) -> bool:
    return element is root or any(ancestor is root for ancestor in element.iterancestors())
