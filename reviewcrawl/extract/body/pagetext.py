"""Text sizes of every element of a page, measured in one walk and kept with the page.

The page-type step reads the text size of the page, of the located body, of its links and of every
candidate card of a shop's grid; measuring each apart walked the same subtrees again and again.
"""

from __future__ import annotations

from lxml import etree

from reviewcrawl.extract.page.page import Page

SIZES_KEY = "text_sizes"
UNREAD_TAGS = frozenset({"script", "style", "noscript"})


def text_sizes(page: Page) -> dict[etree._Element, int]:
    """Each element's ``text_chars``, for the whole page, computed once."""
    found = page._cache.get(SIZES_KEY)
    if found is None:
        found = page._cache[SIZES_KEY] = measure_sizes(page.tree)
    return found


def measure_sizes(root: etree._Element) -> dict[etree._Element, int]:
    """In one walk, bottom up: an element's own text, then each child's total and the text that follows it.
    (Hot: the collapsing is written out, and whitespace-only text, most tails, is passed over.)"""
    sizes: dict[etree._Element, int] = {}
    inside = [0]  # text so far inside each open element
    for event, node in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "start":
            inside.append(0)
            continue
        chars = 0
        if event == "end":
            chars = inside.pop()
            text = node.text
            if text and not text.isspace() and node.tag not in UNREAD_TAGS:
                chars += len(" ".join(text.split()))
        sizes[node] = chars
        tail = node.tail
        if tail and not tail.isspace():
            chars += len(" ".join(tail.split()))
        inside[-1] += chars
    return sizes


def text_chars(element: etree._Element, sizes: dict[etree._Element, int] | None = None) -> int:
    """Characters of text under an element (whitespace runs as one, each text node trimmed), scripts and
    styles left out; read from ``sizes`` when it holds the element."""
    known = sizes.get(element) if sizes is not None else None
    return known if known is not None else measure_sizes(element)[element]
