"""Text sizes of every element of a page, measured in one walk and kept with the page.

The page-type step reads the text size of the page, of the located body, of its links and of every
candidate card of a shop's grid; measuring each apart walked the same subtrees again and again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from lxml import etree

from reviewcrawl.extract.page.page import Page

SIZES_KEY = "text_sizes"
UNREAD_TAGS = frozenset({"script", "style", "noscript"})
# Nodes whose own text is never read: the unread elements, and comments and processing instructions.
_TEXTLESS = UNREAD_TAGS | {etree.Comment, etree.ProcessingInstruction, etree.Entity}


def text_sizes(page: Page) -> TextSizes:
    """Each element's ``text_chars``, for the whole page, computed once."""
    found = page._cache.get(SIZES_KEY)
    if found is None:
        found = page._cache[SIZES_KEY] = measure_sizes(page.tree)
    return found


def _collapsed_length(text: str | None) -> int:
    return len(" ".join(text.split())) if text and not text.isspace() else 0


class TextSizes(Mapping[etree._Element, int]):
    """``text_chars`` of every node under a root, from one walk in document order: a running total of the
    text read (each node's own text, then its tail) and each node's place in it. A subtree is a run of
    places, from its root to the next node that follows it, so its size is a difference of two totals
    less the root's own tail; only the elements asked about are placed that way.
    (Hot: one step per node instead of a start and an end event, and no size worked out unasked.)"""

    __slots__ = ("_places", "_root", "_totals")

    def __init__(self, root: etree._Element) -> None:
        places: dict[etree._Element, int] = {}
        totals = [0]  # totals[i]: text read before the i-th node
        total = 0
        textless = _TEXTLESS
        for place, node in enumerate(root.iter()):
            places[node] = place
            text = node.text
            if text and not text.isspace() and node.tag not in textless:
                total += len(" ".join(text.split()))
            tail = node.tail
            if tail and not tail.isspace():
                total += len(" ".join(tail.split()))
            totals.append(total)
        self._root, self._places, self._totals = root, places, totals

    def get(self, element: etree._Element, default: int | None = None) -> int | None:  # type: ignore[override]
        start = self._places.get(element)
        if start is None:
            return default
        return self._totals[self._end(element)] - self._totals[start] - _collapsed_length(element.tail)

    def _end(self, element: etree._Element) -> int:
        """The place of the first node after the element's subtree (the end of the walk for none)."""
        node: etree._Element | None = element
        while node is not None and node is not self._root:
            following = node.getnext()
            if following is not None:
                return self._places[following]
            node = node.getparent()
        return len(self._totals) - 1

    def __getitem__(self, element: etree._Element) -> int:
        size = self.get(element)
        if size is None:
            raise KeyError(element)
        return size

    def __contains__(self, element: object) -> bool:
        return element in self._places

    def __iter__(self) -> Iterator[etree._Element]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


def measure_sizes(root: etree._Element) -> TextSizes:
    """Every node's text size under ``root``, in one walk: an element's own text, then each child's total
    and the text that follows it."""
    return TextSizes(root)


def text_chars(element: etree._Element, sizes: Mapping[etree._Element, int] | None = None) -> int:
    """Characters of text under an element (whitespace runs as one, each text node trimmed), scripts and
    styles left out; read from ``sizes`` when it holds the element."""
    known = sizes.get(element) if sizes is not None else None
    return known if known is not None else measure_sizes(element)[element]
