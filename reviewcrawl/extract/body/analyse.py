"""One read-only walk over a page: rule matches, body-container marks and block scores together.

Every text block gets a weight: plain (unlinked) text counts for it, link text and each block count against
it. An element's score is the sum of the weights of the blocks inside it; the body is found as the element
scoring highest. An element a rule group matches is not walked: only its text size is taken (for the guard),
and it counts for nothing in its ancestors unless the guard restores it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree

from reviewcrawl.extract.body.markup import NO_MATCH, PAGE_INDEX, MarkupIndex, Match
from reviewcrawl.extract.page.textutil import BLOCK_TAGS, within_any

# Never text: not walked at all.
JUNK_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "select",
        "textarea",
        "input",
        "link",
        "meta",
        "head",
        "math",
        "video",
        "audio",
        "map",
        "title",
        "option",
        "datalist",
    }
)
# Elements whose text never matters and whose attributes are not read: only their tail counts.
VOID_TAGS = frozenset({"img", "br", "hr", "wbr", "source", "track", "area", "col", "param", "picture", "use"})
# Inline elements: only the class (and a link's rel) can make them cruft.
INLINE_TAGS = frozenset(
    {
        "a",
        "span",
        "i",
        "b",
        "strong",
        "em",
        "small",
        "time",
        "font",
        "u",
        "s",
        "sup",
        "sub",
        "abbr",
        "cite",
        "q",
        "label",
        "mark",
        "code",
        "big",
        "kbd",
        "var",
        "samp",
        "del",
        "ins",
        "strike",
        "tt",
        "bdi",
        "bdo",
        "data",
    }
)
SKIPPED_TAGS = VOID_TAGS | JUNK_TAGS
CODE_TAGS = frozenset({"pre", "code", "samp", "kbd"})  # highlighters class their spans "comment", "tag", …
STATS_TAGS = BLOCK_TAGS | {"td", "th"}  # candidates for the body container and for wording lines
MARKABLE_TAGS = STATS_TAGS - {"html", "body"}
TAG_LIST_HOLDERS = frozenset({"p", "div", "ul", "ol", "section", "dd", "dl", "td", "nav", "footer", "aside"})
TEXT_JUNK = ("script", "style", "noscript", "template")

# Several short <article> elements holding links are teaser cards (related stories, a feed), not the article.
TEASER_MAX_CHARS = 600
TEASER_MIN_COUNT = 3
TEASER_BODY_SHARE = 0.5
TEASER_GROUP = "related_blocks"

LINK_COST = 1.5  # a character of link text cancels this many characters of plain text
BLOCK_COST = 20.0  # every block pays this, so short fragments end up negative
NEGATIVE_WEIGHT = 0.6  # blocks counting against weigh less than prose: lists of short items are often content

Totals = tuple[int, int, float, int, int, int, bool]
Visitor = Callable[[etree._Element, bool, bool, bool], Totals]  # element, in a link, removable, in code
EMPTY: Totals = (0, 0, 0.0, 0, 0, 0, False)


@dataclass(slots=True)
class Removal:
    element: etree._Element
    group: str
    chars: int = 0
    link_chars: int = 0
    score: float = 0.0
    blocks: int = 0
    walked: bool = False  # the subtree has been scored (stats exist for the elements inside)
    by_word: bool = False  # matched by a word inside a class or id only: the weakest evidence
    active: bool = True
    inner_best: float = 0.0  # highest element score inside, once walked

    def copy(self) -> Removal:
        return Removal(
            self.element,
            self.group,
            self.chars,
            self.link_chars,
            self.score,
            self.blocks,
            self.walked,
            self.by_word,
            self.active,
            self.inner_best,
        )


@dataclass(slots=True)
class NodeStats:
    """Never changed once made (an update replaces it), so that copies of an analysis can share them."""

    element: etree._Element
    chars: int  # text characters inside, removed parts excluded
    link_chars: int  # of which inside links
    score: float  # sum of block weights inside
    blocks: int  # text blocks inside


@dataclass
class Analysis:
    root: etree._Element
    stats: dict[etree._Element, NodeStats] = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)
    removal_at: dict[etree._Element, Removal] = field(default_factory=dict)
    marked: list[tuple[etree._Element, int]] = field(default_factory=list)  # body marks and their evidence
    forced: dict[etree._Element, str] = field(default_factory=dict)
    index: MarkupIndex = field(default_factory=lambda: PAGE_INDEX)
    visit: Visitor | None = None
    _unlink: Callable[[], None] | None = None

    def copy(self) -> Analysis:
        """An independent analysis in the same state, with its own walk for removed subtrees: settling a
        page for two site profiles starts both from one walk of the page."""
        twin = Analysis(self.root, marked=list(self.marked), forced=self.forced, index=self.index)
        twin.stats = self.stats.copy()  # NodeStats are replaced, never changed: the copies share them
        twins = {id(removal): removal.copy() for removal in self.removals}
        twin.removals = list(twins.values())
        twin.removal_at = {element: twins[id(removal)] for element, removal in self.removal_at.items()}
        twin.visit, twin._unlink = _make_visitor(twin, self.index, self.forced, [])
        return twin

    def release(self) -> None:
        """Drop the walk once the removals are settled: the recursive walk refers to itself, and the cycle
        would keep the whole document in memory until the cycle collector runs."""
        if self._unlink is not None:
            self._unlink()
        self.visit = self._unlink = None

    def walk_removed(self, removal: Removal) -> float:
        """Score a removed subtree (it stays removed); returns the best element score inside it."""
        if removal.walked:
            return max(removal.inner_best, removal.score)
        removal.walked = True
        if self.visit is None:
            return 0.0
        before = len(self.stats)
        in_link = any(ancestor.tag == "a" for ancestor in removal.element.iterancestors())
        chars, links, score, blocks, *_ = self.visit(removal.element, in_link, False, False)
        removal.chars, removal.link_chars, removal.score, removal.blocks = chars, links, score, blocks
        inside = [node.score for node in islice(self.stats.values(), before, None)]
        removal.inner_best = max(inside, default=score)
        return removal.inner_best

    def restore(self, removal: Removal) -> None:
        """Undo a removal: its text counts again for every ancestor."""
        self.walk_removed(removal)
        removal.active = False
        self._add_to_ancestors(removal, 1)

    def retract(self, element: etree._Element, group: str) -> None:
        """Remove an element found after the walk: its text stops counting for its ancestors."""
        node = self.stats[element]
        removal = Removal(element, group, node.chars, node.link_chars, node.score, node.blocks, walked=True)
        self.removal_at[element] = removal
        self.removals.append(removal)
        self._add_to_ancestors(removal, -1)

    def _add_to_ancestors(self, removal: Removal, sign: int) -> None:
        stats = self.stats
        chars, link_chars = sign * removal.chars, sign * removal.link_chars
        score, blocks = sign * removal.score, sign * removal.blocks
        for ancestor in removal.element.iterancestors():
            node = stats.get(ancestor)
            if node is None:
                stats[ancestor] = NodeStats(ancestor, chars, link_chars, score, blocks)
            else:
                stats[ancestor] = NodeStats(
                    ancestor,
                    node.chars + chars,
                    node.link_chars + link_chars,
                    node.score + score,
                    node.blocks + blocks,
                )
            if ancestor is self.root:
                break


def text_size(element: etree._Element) -> int:
    """Characters of visible text (whitespace not counted), computed without a Python walk."""
    text = etree.tostring(element, method="text", encoding=str, with_tail=False)
    size = sum(map(len, text.split()))
    for junk in element.iter(*TEXT_JUNK):
        if junk.text:
            size -= sum(map(len, junk.text.split()))
    return max(size, 0)


def analyse(
    root: etree._Element, forced: dict[etree._Element, str] | None = None, index: MarkupIndex = PAGE_INDEX
) -> Analysis:
    """Walk ``root`` once; ``forced`` maps elements to a rule group that removes them, whatever the markup."""
    analysis = Analysis(root, forced=forced or {}, index=index)
    if not isinstance(root.tag, str):
        return analysis
    teasers: list[etree._Element] = []
    analysis.visit, analysis._unlink = _make_visitor(analysis, index, analysis.forced, teasers)
    analysis.visit(root, False, False, False)
    if len(teasers) >= TEASER_MIN_COUNT:
        _retract_teasers(analysis, teasers)
    return analysis


def _retract_teasers(analysis: Analysis, teasers: list[etree._Element]) -> None:
    """Take out the teaser cards, unless they are the page's body (a list article made of cards): what
    remains must hold a body weighing at least TEASER_BODY_SHARE of the cards together."""
    cards = set(teasers)
    together = sum(analysis.stats[teaser].score for teaser in teasers)
    for teaser in teasers:
        analysis.retract(teaser, TEASER_GROUP)
    best = 0.0
    for node in analysis.stats.values():
        if node.score > best and not within_any(node.element, cards):
            best = node.score
    if best < TEASER_BODY_SHARE * together:
        for teaser in teasers:
            analysis.restore(analysis.removal_at[teaser])


def _has_link(element: etree._Element) -> bool:
    return any(link.get("href") for link in element.iter("a"))


def _make_visitor(
    analysis: Analysis, index: MarkupIndex, forced: dict[etree._Element, str], teasers: list[etree._Element]
) -> tuple[Visitor, Callable[[], None]]:
    """The walk as one closure over bound locals: it runs for every element of every page, so it avoids
    attribute lookups and helper calls that would double its cost. Returned with the call that unlinks
    its recursion (it reaches itself through ``own``)."""
    own: list[Visitor] = []
    stats = analysis.stats
    removals = analysis.removals
    removal_at = analysis.removal_at
    marked = analysis.marked
    classify = index.classify
    interesting = index.attribute_names
    link_list_group = index.link_list_group()
    by_tag = {tag: Match(group, 0, False) for tag, group in index.tags.items()}  # elements without attributes
    # A page repeats the same tag and attributes many times (every <p class="x"> of a body): each
    # combination is classified once per walk.
    memo: dict[tuple[str, object, object], Match] = {}

    def match_of(element: etree._Element, tag: str) -> Match:
        if tag in INLINE_TAGS:
            value = element.get("class")
            rel = element.get("rel") if tag == "a" else None
            if not value and not rel:
                return by_tag.get(tag, NO_MATCH)
            key: tuple[str, object, object] = (tag, value, rel)
            found = memo.get(key)
            if found is None:
                pairs = [("class", value)] if value else []
                if rel:
                    pairs.append(("rel", rel))
                found = memo[key] = classify(tag, pairs)
            return found
        # items(), not iteration: iterating an element yields its children
        pairs = element.items()
        if not pairs:
            return by_tag.get(tag, NO_MATCH)
        attributes = tuple([pair for pair in pairs if pair[0] in interesting])
        key = (tag, attributes, None)
        found = memo.get(key)
        if found is None:
            found = memo[key] = classify(tag, list(attributes))
        return found

    def visit(
        element: etree._Element, in_link: bool, removable: bool = True, in_code: bool = False
    ) -> Totals:
        """Returns chars, link chars, score, blocks, loose chars, loose link chars, holds tag links."""
        tag = element.tag
        match = NO_MATCH if in_code else match_of(element, tag)  # code is content, whatever its classes say
        in_code = in_code or tag in CODE_TAGS
        group = (forced.get(element) if forced else None) or match.group
        if group is not None and removable:
            known = removal_at.get(element)
            if known is None:
                known = removal_at[element] = Removal(
                    element, group, text_size(element), by_word=match.by_word and group == match.group
                )
                removals.append(known)
            if known.active:
                return EMPTY
        if match.container and tag in MARKABLE_TAGS:
            marked.append((element, match.container))
        is_link = in_link or tag == "a"
        chars = links = blocks = loose = loose_links = 0
        score = 0.0
        tag_links = match.link_list
        text = element.text
        if text:
            size = len(text.strip())
            chars = loose = size
            if is_link:
                links = loose_links = size
        for child in element:
            child_tag = child.tag
            if child_tag not in SKIPPED_TAGS and isinstance(child_tag, str):
                c_chars, c_links, c_score, c_blocks, c_loose, c_loose_links, c_tags = own[0](
                    child, is_link, True, in_code
                )
                if c_chars:
                    chars += c_chars
                    links += c_links
                    score += c_score
                    blocks += c_blocks
                    loose += c_loose
                    loose_links += c_loose_links
                if c_tags:
                    tag_links = True
            tail = child.tail
            if tail:
                size = len(tail.strip())
                if size:
                    chars += size
                    loose += size
                    if is_link:
                        links += size
                        loose_links += size
        if tag not in STATS_TAGS:
            return chars, links, score, blocks, loose, loose_links, tag_links
        if loose and tag in BLOCK_TAGS:
            weight = (loose - loose_links) - LINK_COST * loose_links - BLOCK_COST
            score += weight if weight > 0 else weight * NEGATIVE_WEIGHT
            blocks += 1
            loose = loose_links = 0
        if chars:
            stats[element] = NodeStats(element, chars, links, score, blocks)
            if tag == "article" and chars < TEASER_MAX_CHARS and removable and _has_link(element):
                teasers.append(element)
        if tag_links and links * 2 >= chars and tag in TAG_LIST_HOLDERS and removable:
            known = removal_at.get(element)
            if known is None:
                known = removal_at[element] = Removal(
                    element, link_list_group, chars, links, score, blocks, walked=True
                )
                removals.append(known)
            if known.active:
                return EMPTY
        return chars, links, score, blocks, loose, loose_links, tag_links

    own.append(visit)
    return visit, own.clear
