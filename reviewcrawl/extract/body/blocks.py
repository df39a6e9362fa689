"""Laying out an element's text as record paragraphs.

Each block element (p, li, in-content heading, blockquote, pre, table row, a div holding text) becomes one
paragraph with its whitespace collapsed; two consecutive <br> also end a paragraph, as they do on screen.
Junk elements (scripts, styles, forms' controls) and excluded subtrees are skipped; the tree is only read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
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


def paragraphs(
    root: etree._Element, excluded: Collection[etree._Element] = frozenset(), judge: LineFilter | None = None
) -> list[str]:
    """The paragraphs of ``root`` in document order, leaving out ``excluded`` subtrees and whatever
    ``judge`` turns down.

    (Hot: it runs for every element of the body, twice a page. The walk is one closure over plain locals,
    as attribute lookups per node cost as much as the work itself.)"""
    found: list[str] = []
    parts: list[str] = []  # text of the paragraph being built
    after_break = False  # a <br> was seen with only whitespace since
    link_depth = 0
    link_chars = 0  # of the paragraph being built
    code_depth = 0  # inside pre/code every line is kept as written
    own: list[Callable[[etree._Element], None]] = []  # the walk reaches itself here, unlinked when done

    def flush() -> None:
        nonlocal after_break, link_chars
        if parts:
            line = " ".join("".join(parts).split())
            if line and (code_depth or judge is None or judge.keep_line(line, link_chars)):
                found.append(line)
            parts.clear()
        after_break = False
        link_chars = 0

    def take(text: str) -> None:
        nonlocal after_break, link_chars
        parts.append(text)
        if link_depth:
            link_chars += len(text.strip())
        if after_break and not text.isspace():
            after_break = False

    def visit(element: etree._Element) -> None:
        nonlocal after_break, link_depth, link_chars, code_depth
        tag = element.tag
        block = tag in BLOCK_TAGS
        if block:
            if parts:
                flush()
            else:  # what flush() does with nothing to lay out
                after_break = False
                link_chars = 0
            if judge is not None and not code_depth and judge.skip_block(element):
                return
        elif tag == "br":
            if after_break:
                flush()
            else:
                parts.append(" ")
                after_break = True
        elif tag in CELL_TAGS:
            parts.append(" ")
        nested = 1 if tag == "a" else 0
        code = 1 if tag in CODE_TAGS else 0
        link_depth += nested
        code_depth += code
        if text := element.text:
            take(text)
        for child in element:
            child_tag = child.tag
            if isinstance(child_tag, str) and child_tag not in JUNK_TAGS and child not in excluded:
                own[0](child)
            if text := child.tail:
                take(text)
        link_depth -= nested
        if block:
            if parts:
                flush()
            else:
                after_break = False
                link_chars = 0
        elif tag in CELL_TAGS:
            parts.append(" ")
        code_depth -= code

    own.append(visit)
    try:
        visit(root)
    finally:
        own.clear()  # a walk reaching itself would keep the page until the cycle collector runs
    flush()
    return found
