"""Laying out an element's text as record paragraphs.

Each block element (p, li, in-content heading, blockquote, pre, table row, a div holding text) becomes one
paragraph with its whitespace collapsed; two consecutive <br> also end a paragraph, as they do on screen.
Junk elements (scripts, styles, forms' controls) and excluded subtrees are skipped; the tree is only read.
"""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from reviewcrawl.extract.analyse import JUNK_TAGS
from reviewcrawl.extract.textutil import BLOCK_TAGS

CELL_TAGS = frozenset({"td", "th"})


class _Layout:
    def __init__(self, excluded: Collection[etree._Element]) -> None:
        self.excluded = excluded
        self.paragraphs: list[str] = []
        self.parts: list[str] = []
        self.after_break = False  # a <br> was seen with only whitespace since

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            if self.after_break and not text.isspace():
                self.after_break = False

    def flush(self) -> None:
        if self.parts:
            line = " ".join("".join(self.parts).split())
            if line:
                self.paragraphs.append(line)
            self.parts.clear()
        self.after_break = False

    def line_break(self) -> None:
        if self.after_break:
            self.flush()
        else:
            self.parts.append(" ")
            self.after_break = True

    def visit(self, element: etree._Element) -> None:
        tag = element.tag
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        elif tag == "br":
            self.line_break()
        elif tag in CELL_TAGS:
            self.parts.append(" ")
        self.add(element.text)
        for child in element:
            child_tag = child.tag
            if isinstance(child_tag, str) and child_tag not in JUNK_TAGS and child not in self.excluded:
                self.visit(child)
            self.add(child.tail)
        if block:
            self.flush()
        elif tag in CELL_TAGS:
            self.parts.append(" ")


def paragraphs(root: etree._Element, excluded: Collection[etree._Element] = frozenset()) -> list[str]:
    """The paragraphs of ``root`` in document order, leaving out ``excluded`` subtrees."""
    layout = _Layout(excluded)
    layout.visit(root)
    layout.flush()
    return layout.paragraphs


def layout_text(root: etree._Element, excluded: Collection[etree._Element] = frozenset()) -> str:
    """The record body format: paragraphs joined by one blank line."""
    return "\n\n".join(paragraphs(root, excluded))
