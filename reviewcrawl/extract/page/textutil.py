"""Small text and tree helpers shared by the extraction modules."""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

# Elements that start a new paragraph when text is laid out; everything else is inline.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
LABEL_STRIP = " \t\n:-\u2013\u2014|\u00bb\u203a>\u2022\u00b7*#\u00a0"  # edge punctuation of a label line


def collapse(text: str) -> str:
    """Whitespace runs to single spaces, ends trimmed."""
    return " ".join(text.split())


def label_key(line: str) -> str:
    """A short line reduced to how labels are compared: lower case, no edge punctuation."""
    return collapse(line).strip(LABEL_STRIP).lower()


def within_any(element: etree._Element, elements: Collection[etree._Element]) -> bool:
    """Whether the element or one of its ancestors is in ``elements``."""
    if not elements:
        return False
    return element in elements or any(ancestor in elements for ancestor in element.iterancestors())


def descends_from(element: etree._Element, ancestor: etree._Element) -> bool:
    """Whether ``ancestor`` is a proper ancestor of ``element``."""
    return any(node is ancestor for node in element.iterancestors())
