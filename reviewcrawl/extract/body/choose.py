"""Choosing the body container from the walk's scores and the markup's body marks.

A container the site profile names wins outright. A container the publishing system marks (itemprop
articleBody, entry-content, …) wins when it holds a fair share of the best generic score: marks are precise
about where the article starts and ends, the scorer is not fooled by a missing mark. An article split into
nearby chunks with the same mark is taken whole.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from itertools import islice

from lxml import etree

from reviewcrawl.extract.body.analyse import Analysis, NodeStats
from reviewcrawl.extract.body.markup import STRONG, WEAK
from reviewcrawl.extract.page.textutil import descends_from, within_any

STRONG_SHARE = 0.4  # a strongly marked container needs this share of the generic best score
WEAK_SHARE = 0.6  # a weakly marked one (class word inside a longer name) needs this share
CHUNK_SHARE = 0.1  # a chunk with the same mark joins when it scores this share of the top one
CHUNK_REACH = 5  # ... and shares one of its nearest ancestors (this many levels up)


@dataclass(frozen=True)
class Body:
    elements: tuple[etree._Element, ...]
    chars: int
    score: float


def choose_body(
    analysis: Analysis, profiled: list[etree._Element], excluded: Collection[etree._Element]
) -> Body | None:
    stats = analysis.stats
    chosen = [stats[e] for e in profiled if e in stats]
    if chosen:
        return _body([max(chosen, key=lambda node: node.score)])
    best = _generic_best(analysis, excluded)
    if best is None:
        return None
    marked = _marked(analysis, excluded)
    for evidence, share in ((STRONG, STRONG_SHARE), (None, WEAK_SHARE)):
        pool = [node for node, strength in marked if evidence is None or strength == evidence]
        if not pool:
            continue
        top = max(pool, key=lambda node: node.score)
        if top.score >= share * best.score and top.score > 0:
            return _body(_with_sibling_chunks(top, [node for node, _ in marked]))
    return _body([best])


def alternative_bodies(analysis: Analysis, excluded: Collection[etree._Element]) -> list[Body]:
    """Other plausible bodies: the generic best and the top container of each kind of mark."""
    found: list[Body] = []
    best = _generic_best(analysis, excluded)
    if best is not None:
        found.append(_body([best]))
    marked = _marked(analysis, excluded)
    for evidence in (STRONG, WEAK):
        pool = [node for node, strength in marked if strength == evidence and node.score > 0]
        if pool:
            top = max(pool, key=lambda node: node.score)
            found.append(_body(_with_sibling_chunks(top, [node for node, _ in marked])))
    return found


def _body(nodes: list[NodeStats]) -> Body:
    elements = tuple(node.element for node in nodes)
    return Body(elements, sum(node.chars for node in nodes), sum(node.score for node in nodes))


def _generic_best(analysis: Analysis, excluded: Collection[etree._Element]) -> NodeStats | None:
    best: NodeStats | None = None
    for node in analysis.stats.values():  # bottom-up order: among equal scores the deepest wins
        if (best is None or node.score > best.score) and not within_any(node.element, excluded):
            best = node
    return best


def _marked(analysis: Analysis, excluded: Collection[etree._Element]) -> list[tuple[NodeStats, int]]:
    stats = analysis.stats
    return [
        (stats[element], strength)
        for element, strength in analysis.marked
        if element in stats and not within_any(element, excluded)
    ]


def _with_sibling_chunks(top: NodeStats, marked: list[NodeStats]) -> list[NodeStats]:
    """The top container plus nearby containers carrying the same mark (an article split around figures)."""
    signature = (top.element.tag, top.element.get("class"))
    near = set(islice(top.element.iterancestors(), CHUNK_REACH))
    chunks = [
        node
        for node in marked
        if node is top
        or (
            (node.element.tag, node.element.get("class")) == signature
            and node.score >= CHUNK_SHARE * top.score
            and not near.isdisjoint(islice(node.element.iterancestors(), CHUNK_REACH))
        )
    ]
    outermost = [
        node
        for node in chunks
        if not any(descends_from(node.element, other.element) for other in chunks if other is not node)
    ]
    return sorted(outermost, key=lambda node: _document_position(node.element))


def _document_position(element: etree._Element) -> list[int]:
    path = []
    node = element
    parent = node.getparent()
    while parent is not None:
        path.append(parent.index(node))
        node, parent = parent, parent.getparent()
    return path[::-1]
