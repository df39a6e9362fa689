"""Deciding what the rule groups remove: the guard over markup matches, and the wording pass in the body.

Nothing here edits the tree: a removal is an element added to an exclusion set that the layout step skips,
so the page tree stays as parsed.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from lxml import etree

from reviewcrawl.extract.analyse import JUNK_TAGS, Analysis, NodeStats
from reviewcrawl.extract.audit import StripAudit
from reviewcrawl.extract.rules import WORDING_GROUPS, RuleGroup
from reviewcrawl.extract.textutil import LABEL_STRIP, collapse, label_key

GUARD_SHARE = 0.5  # one removal may take at most this share of the text still in place
GUARD_EXEMPT = frozenset({"comment_widgets"})  # a long discussion may outweigh the article; its markup is exact
MAX_LINE_CHARS = 200  # wording rules look only at lines this short
LINE_TAGS = ("p", "div", "span", "li", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "small",
             "section", "td", "center", "font", "blockquote", "header", "footer", "figure")
LIST_LIKE = frozenset({"ul", "ol", "div", "p", "section", "dl", "table", "nav", "aside"})


@dataclass(frozen=True)
class CompiledWording:
    group: RuleGroup
    pattern: re.Pattern[str] | None
    labels: frozenset[str]

    @property
    def name(self) -> str:
        return self.group.name


WORDING = tuple(
    CompiledWording(g, g.compile_patterns(), frozenset(label.strip(LABEL_STRIP).lower() for label in g.labels))
    for g in WORDING_GROUPS
)


class Guard:
    """Refuses a removal that would take more than GUARD_SHARE of the text still in place."""

    def __init__(self, total_chars: int, share: float = GUARD_SHARE) -> None:
        self.remaining = total_chars
        self.share = share

    def allows(self, chars: int) -> bool:
        return chars <= self.share * self.remaining

    def consume(self, chars: int) -> None:
        self.remaining -= chars


def guard_page_removals(analysis: Analysis, audit: StripAudit | None = None) -> None:
    """Settle every markup removal in document order; the guard restores the ones that take too much."""
    guard = Guard(analysis.total_chars + sum(r.chars for r in analysis.removals))
    pending = deque(analysis.removals)
    while pending:
        removal = pending.popleft()
        if removal.group in GUARD_EXEMPT or guard.allows(removal.chars):
            guard.consume(removal.chars)
            if audit is not None:
                audit.record(removal.group, removal.chars, _text_if(audit, removal.element))
        else:
            if audit is not None:
                audit.record_skip(removal.group, removal.chars)
            pending.extendleft(reversed(analysis.restore(removal)))


def _text_if(audit: StripAudit, element: etree._Element) -> str | None:
    return visible_text(element, frozenset()) if audit.keep_text else None


def visible_text(element: etree._Element, excluded: frozenset[etree._Element] | set[etree._Element]) -> str:
    """Collapsed text of an element, leaving out junk elements and excluded subtrees."""
    parts: list[str] = []
    _collect(element, excluded, parts)
    return collapse("".join(parts))


def _collect(element: etree._Element, excluded: frozenset[etree._Element] | set[etree._Element],
             parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in JUNK_TAGS and child not in excluded:
            _collect(child, excluded, parts)
        if child.tail:
            parts.append(child.tail)


def _link_chars(element: etree._Element, excluded: set[etree._Element]) -> int:
    if element.tag == "a":
        return len(visible_text(element, excluded))
    return sum(len(visible_text(link, excluded)) for link in element.iter("a") if link not in excluded)


def match_line(line: str, link_share: float) -> CompiledWording | None:
    """The wording group a short line belongs to, if any."""
    key = label_key(line)
    if not key:
        return None
    for wording in WORDING:
        if key in wording.labels:
            return wording
    bare = line.strip(" |")
    for wording in WORDING:
        if wording.pattern is None or not wording.pattern.fullmatch(bare):
            continue
        # "Read more: <link>" or "Tags: <links>" only when the rest of the line really is links.
        if wording.group.takes_following and link_share < 0.4:
            continue
        return wording
    return None


class BodyCleaner:
    """Wording rules inside the located body; removals become exclusions, under their own guard."""

    def __init__(self, container: etree._Element, analysis: Analysis, excluded: set[etree._Element],
                 audit: StripAudit | None) -> None:
        self.container = container
        self.analysis = analysis
        self.excluded = excluded
        self.audit = audit
        node = analysis.stats.get(container)
        self.guard = Guard(node.chars if node else 0)

    def is_excluded(self, element: etree._Element) -> bool:
        node: etree._Element | None = element
        while node is not None and node is not self.container:
            if node in self.excluded:
                return True
            node = node.getparent()
        return False

    def exclude(self, element: etree._Element, group: str, text: str) -> bool:
        if not self.guard.allows(len(text)):
            if self.audit is not None:
                self.audit.record_skip(group, len(text))
            return False
        self.excluded.add(element)
        self.guard.consume(len(text))
        if self.audit is not None:
            self.audit.record(group, len(text), text)
        return True

    def strip_wording(self) -> None:
        stats = self.analysis.stats
        for element in self.container.iter(*LINE_TAGS):
            node: NodeStats | None = stats.get(element)
            if node is None or node.chars > MAX_LINE_CHARS or element is self.container:
                continue
            if self.is_excluded(element):
                continue
            line = visible_text(element, self.excluded)
            if not line or len(line) > MAX_LINE_CHARS:
                continue
            wording = match_line(line, _link_chars(element, self.excluded) / len(line))
            if wording is None:
                continue
            target = self._outermost_same_text(element, line)
            following = target.getnext() if wording.group.takes_following else None
            if self.exclude(target, wording.name, line):
                self._exclude_link_lists(following, wording.name)

    def _outermost_same_text(self, element: etree._Element, line: str) -> etree._Element:
        """Climb while the parent holds nothing but this line (a label wrapped in p > strong)."""
        node = element
        parent = node.getparent()
        while parent is not None and parent is not self.container:
            parent_stats = self.analysis.stats.get(parent)
            if parent_stats is None or parent_stats.chars > len(line) + 2:
                break
            if visible_text(parent, self.excluded) != line:
                break
            node, parent = parent, parent.getparent()
        return node

    def _exclude_link_lists(self, element: etree._Element | None, group: str) -> None:
        while element is not None and self._looks_like_link_list(element):
            following = element.getnext()
            if not self.exclude(element, group, visible_text(element, self.excluded)):
                return
            element = following

    def _looks_like_link_list(self, element: etree._Element) -> bool:
        if not isinstance(element.tag, str) or element.tag not in LIST_LIKE or element in self.excluded:
            return False
        node = self.analysis.stats.get(element)
        if node is None:
            return True  # empty: a wrapper left over from removed items
        return node.link_chars * 2 >= node.chars
