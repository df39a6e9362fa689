"""Small text helpers shared by the extraction modules."""

from __future__ import annotations

from lxml import etree

# Elements that start a new paragraph when text is laid out; everything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LABEL_STRIP = " \t\n:-–—|»›>•·*#\u00a0"


def collapse(text: str) -> str:
    """Whitespace runs to single spaces, ends trimmed."""
    return " ".join(text.split())


def text_of(element: etree._Element) -> str:
    """The element's text content with whitespace collapsed."""
    return collapse("".join(element.itertext()))


def label_key(line: str) -> str:
    """A short line reduced to how labels are compared: lower case, no edge punctuation."""
    return collapse(line).strip(LABEL_STRIP).lower()


def link_text_length(element: etree._Element) -> int:
    """Characters of text inside links under (or at) the element."""
    if element.tag == "a":
        return len(text_of(element))
    return sum(len(text_of(link)) for link in element.iter("a"))


def is_attached(element: etree._Element, root: etree._Element) -> bool:
    """Whether the element is still inside ``root`` (an ancestor may have been removed)."""
    node: etree._Element | None = element
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def remove_element(element: etree._Element) -> None:
    """Detach an element, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
