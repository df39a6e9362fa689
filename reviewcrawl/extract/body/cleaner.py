"""The rule groups inside the located body, under their own guard: link blocks, and wording rules per line.

Nothing here edits the tree: a removal is an element added to an exclusion set that the layout step skips,
so the page tree stays as parsed.
"""

from __future__ import annotations

from lxml import etree

from reviewcrawl.extract.body.analyse import Analysis
from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.settle import removed_text, visible_text
from reviewcrawl.extract.body.wording import MAX_LINE_CHARS, match_line
from reviewcrawl.extract.page.textutil import within_any

GUARD_SHARE = 0.5  # inside the body, one removal may take at most this share of the text still in place
MAX_LINE_BLOCKS = 2  # wording rules look at lines made of this many text blocks at most ("Updated" + date)
LINE_TAGS = (
    "p",
    "div",
    "li",
    "dt",
    "dd",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "td",
    "center",
    "blockquote",
    "header",
    "footer",
    "figure",
)
LINK_BLOCK_TAGS = (
    "div",
    "section",
    "ul",
    "ol",
    "nav",
    "table",
    "dl",
    "aside",
    "figure",
    "header",
    "footer",
    "form",
    "p",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
)
LINE_LIKE = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6"})
LINK_BLOCK_SHARE = 0.5  # a block whose text is at least this share links is navigation, not prose
LINK_LINE_SHARE = 0.7  # for a single line the bar is higher: a sentence may be one long link
LIST_LIKE = frozenset({"ul", "ol", "div", "p", "section", "dl", "table", "nav", "aside"})


class Guard:
    """Refuses a removal that would take more than GUARD_SHARE of the text still in place."""

    def __init__(self, total_chars: int, share: float = GUARD_SHARE) -> None:
        self.remaining = total_chars
        self.share = share

    def allows(self, chars: int) -> bool:
        return chars <= self.share * self.remaining

    def consume(self, chars: int) -> None:
        self.remaining -= chars


def _link_chars(element: etree._Element, excluded: set[etree._Element]) -> int:
    if element.tag == "a":
        return len(visible_text(element, excluded))
    return sum(len(visible_text(link, excluded)) for link in element.iter("a") if link not in excluded)


class BodyCleaner:
    """Rules inside the located body, under their own guard: link blocks before the layout, and, as a
    LineFilter during the layout, the wording rules on each finished short line."""

    def __init__(
        self,
        container: etree._Element,
        analysis: Analysis,
        excluded: set[etree._Element],
        audit: StripAudit | None,
    ) -> None:
        self.container = container
        self.analysis = analysis
        self.excluded = excluded
        self.audit = audit
        node = analysis.stats.get(container)
        self.guard = Guard(node.chars if node else 0)
        self.dropping_links = False  # a label like "READ MORE:" went: the link lists after it go too

    def strip_link_blocks(self) -> None:
        """Blocks inside the body that are mostly links: menus, link lists, "more on this" boxes."""
        stats = self.analysis.stats
        for element in self.container.iter(*LINK_BLOCK_TAGS):
            node = stats.get(element)
            if node is None or element is self.container:
                continue
            share = LINK_LINE_SHARE if element.tag in LINE_LIKE else LINK_BLOCK_SHARE
            if node.link_chars < share * node.chars or within_any(element, self.excluded):
                continue
            if self._allowed("link_lists", node.chars, element):
                self.excluded.add(element)

    def keep_line(self, line: str, link_chars: int) -> bool:
        wording = match_line(line, lambda: link_chars / len(line)) if len(line) <= MAX_LINE_CHARS else None
        if wording is None or not self._allowed(wording.name, len(line), line):
            self.dropping_links = False
            return True
        self.dropping_links = wording.group.takes_following
        return False

    def skip_block(self, element: etree._Element) -> bool:
        if not self.dropping_links or element.tag not in LIST_LIKE:
            return False
        node = self.analysis.stats.get(element)
        if node is None:
            return False  # nothing to lay out in it anyway
        if node.link_chars * 2 >= node.chars and self._allowed(self._label_group, node.chars, element):
            return True
        self.dropping_links = False
        return False

    @property
    def _label_group(self) -> str:
        return "related_blocks"

    def _allowed(self, group: str, chars: int, what: etree._Element | str) -> bool:
        """The guard's say on one removal, with the audit told either way."""
        if not self.guard.allows(chars):
            if self.audit is not None:
                self.audit.record_skip(group, chars)
            return False
        self.guard.consume(chars)
        if self.audit is not None:
            text = what if isinstance(what, str) else removed_text(self.audit, what)
            self.audit.record(group, chars, text)
        return True
