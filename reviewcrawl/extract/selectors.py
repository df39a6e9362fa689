"""CSS selectors from site profiles, compiled once to XPath."""

from __future__ import annotations

from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

_TRANSLATOR = HTMLTranslator()


@lru_cache(maxsize=512)
def compile_css(selector: str) -> etree.XPath | None:
    """An XPath for a CSS selector, or None when the selector is not valid CSS."""
    try:
        return etree.XPath(_TRANSLATOR.css_to_xpath(selector))
    except (SelectorError, etree.XPathSyntaxError):
        return None
