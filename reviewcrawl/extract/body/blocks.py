"""Laying out an element's text as record paragraphs.

Each block element (p, li, in-content heading, blockquote, pre, table row, a div holding text) becomes one
paragraph with its whitespace collapsed; two consecutive <br> also end a paragraph, as they do on screen.
Junk elements (scripts, styles, forms' controls) and excluded subtrees are skipped; the tree is only read.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from lxml import etree

from reviewcrawl.extract.body.analyse import CODE_TAGS, JUNK_TAGS
from reviewcrawl.extract.page.textutil import BLOCK_TAGS

CELL_TAGS = frozenset({"td", "th"})


class LineFilter(Protocol):
    """Judges lines while they are laid out, so cruft lines cost no second pass over the body."""

    def keep_line(self, line: str, link_chars: int) -> bool:
        """Whether a finished paragraph stays; ``link_chars`` of it were link text."""
        ...

    def skip_block(self, element: etree._Element) -> bool:
        """Whether a block element about to be laid out is left out whole."""
        ...


class _Layout:
    def __init__(self, excluded: Collection[etree._Element], judge: LineFilter | None) -> None:
        self.excluded = excluded
        self.judge = judge
        self.paragraphs: list[str] = []
        self.parts: list[str] = []
        self.after_break = False  # a <br> was seen with only whitespace since
        self.link_depth = 0
        self.link_chars = 0  # of the paragraph being built
        self.code_depth = 0  # inside pre/code every line is kept as written

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            if self.link_depth:
                self.link_chars += len(text.strip())
            if self.after_break and not text.isspace():
                self.after_break = False

    def flush(self) -> None:
        if self.parts:
            line = " ".join("".join(self.parts).split())
            judge = None if self.code_depth else self.judge
            if line and (judge is None or judge.keep_line(line, self.link_chars)):
                self.paragraphs.append(line)
            self.parts.clear()
        self.after_break = False
        self.link_chars = 0

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
            if self.judge is not None and not self.code_depth and self.judge.skip_block(element):
                return
        elif tag == "br":
            self.line_break()
        elif tag in CELL_TAGS:
            self.parts.append(" ")
        nested = 1 if tag == "a" else 0
        code = 1 if tag in CODE_TAGS else 0
        self.link_depth += nested
        self.code_depth += code
        self.add(element.text)
        for child in element:
            child_tag = child.tag
            if isinstance(child_tag, str) and child_tag not in JUNK_TAGS and child not in self.excluded:
                self.visit(child)
            self.add(child.tail)
        self.link_depth -= nested
        if block:
            self.flush()
        elif tag in CELL_TAGS:
            self.parts.append(" ")
        self.code_depth -= code


def paragraphs(
    root: etree._Element, excluded: Collection[etree._Element] = frozenset(), judge: LineFilter | None = None
) -> list[str]:
    """The paragraphs of ``root`` in document order, leaving out ``excluded`` subtrees and whatever
    ``judge`` turns down."""
    layout = _Layout(excluded, judge)
    layout.visit(root)
    layout.flush()
    return layout.paragraphs
