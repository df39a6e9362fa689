"""The guard over the rule groups' markup matches, settled before the body is located.

A removal that holds more text than the body chosen without it gets a second look. Nothing here edits the
tree: a removal is an element in an exclusion set that later steps skip, so the page tree stays as parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from lxml import etree

from reviewcrawl.extract.body.analyse import JUNK_TAGS, Analysis, Removal
from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.choose import Body
from reviewcrawl.extract.page.textutil import collapse

# Exact markup whose text is long prose by nature (a discussion, a consent dialog): no second look, even when
# it outweighs the article (a match on a word inside a class or id gets one all the same).
GUARD_EXEMPT = frozenset({"comment_widgets", "cookie_banners"})
MAX_SECOND_LOOKS = 6
SITE_FOOTER_DEPTH = 2  # a <footer> this close under <body> is the site's own footer


@dataclass(frozen=True)
class Settlement:
    """What the guard decided: the elements that stay removed, and the removals it undid (group, chars)."""

    excluded: frozenset[etree._Element]
    kept: tuple[Removal, ...]
    undone: tuple[tuple[str, int], ...]

    def tell(self, audit: StripAudit) -> None:
        """Fill an audit with these decisions (the tree is never changed, so this can come later)."""
        for group, chars in self.undone:
            audit.record_skip(group, chars)
        for removal in self.kept:
            audit.record(removal.group, removal.chars, removed_text(audit, removal.element))


def settle_removals(analysis: Analysis, choose: Callable[[set[etree._Element]], Body | None]) -> Settlement:
    """The guard over markup removals.

    A removal holding more text than the body chosen without it gets a second look: its subtree is scored,
    and when it holds a better body than the chosen one, the rule was wrong on this page and is undone.
    """
    undone_log: list[tuple[str, int]] = []
    for _ in range(MAX_SECOND_LOOKS):
        body = choose(_active(analysis))
        body_chars, body_score = (body.chars, body.score) if body else (0, 0.0)
        suspects = sorted(
            (
                r
                for r in analysis.removals
                if r.active
                and (r.by_word or r.group not in GUARD_EXEMPT)
                and r.chars > body_chars
                and not _site_footer(r.element)
            ),
            key=lambda r: -r.chars,
        )
        known = len(analysis.removals)
        undone = [r for r in suspects if analysis.walk_removed(r) > body_score]
        for removal in undone:
            # outermost first: an enclosing removal walked afterwards would count this one twice
            for enclosing in [*reversed(_enclosing_removals(analysis, removal.element)), removal]:
                if not enclosing.active:
                    continue
                analysis.restore(enclosing)
                undone_log.append((enclosing.group, enclosing.chars))
        if not undone and len(analysis.removals) == known:
            break  # nothing undone and no nested removal discovered: settled
    kept = tuple(removal for removal in analysis.removals if removal.active)
    return Settlement(frozenset(removal.element for removal in kept), kept, tuple(undone_log))


def _site_footer(element: etree._Element) -> bool:
    """The page's own footer, a child of <body> or of a wrapper right under it: legal notes and address
    blocks there can outweigh a short article, yet they never are it."""
    if element.tag != "footer":
        return False
    levels = [ancestor.tag for ancestor in islice(element.iterancestors(), SITE_FOOTER_DEPTH)]
    return "body" in levels


def _enclosing_removals(analysis: Analysis, element: etree._Element) -> list[Removal]:
    """Active removals around an element, innermost first: undoing one must undo these too."""
    found = (analysis.removal_at.get(ancestor) for ancestor in element.iterancestors())
    return [removal for removal in found if removal is not None and removal.active]


def _active(analysis: Analysis) -> set[etree._Element]:
    return {removal.element for removal in analysis.removals if removal.active}


def removed_text(audit: StripAudit, element: etree._Element) -> str | None:
    return visible_text(element, frozenset()) if audit.keep_text else None


def visible_text(element: etree._Element, excluded: frozenset[etree._Element] | set[etree._Element]) -> str:
    """Collapsed text of an element, leaving out junk elements and excluded subtrees."""
    parts: list[str] = []
    _collect(element, excluded, parts)
    return collapse("".join(parts))


def _collect(
    element: etree._Element, excluded: frozenset[etree._Element] | set[etree._Element], parts: list[str]
) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in JUNK_TAGS and child not in excluded:
            _collect(child, excluded, parts)
        if child.tail:
            parts.append(child.tail)
