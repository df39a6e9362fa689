"""Matching elements against the rule groups' markup, built once into lookup tables.

An element is classified from its tag and attributes with dictionary lookups, so the whole page can be
classified during the one walk that also scores it (XPath string functions over every element would cost
more than the rest of the extraction together).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reviewcrawl.extract.rules import PAGE_GROUPS, RuleGroup

# Markup that publishing systems put on the article body itself.
CONTAINER_CLASSES = frozenset({
    "td-post-content", "tdb_single_content", "entry-content", "post-content", "article-content", "article-body",
    "article__body", "article__content", "articleBody", "article-text", "story-body", "story-content",
    "story__body", "post-body", "post-entry", "single-content", "content-body", "c-entry-content", "body-text",
    "post_content", "entry-body", "article_body", "articlebody", "post-text", "article_view", "news-content",
    "article-view-content", "blog-post-content", "single-post-content", "wp-block-post-content",
    "article-body-content", "story-text", "main-content-body", "post__content", "entry__content",
})
CONTAINER_IDS = frozenset({
    "article-body", "articleBody", "story-body", "content-body", "post-body", "article_body", "articleText",
    "article-content", "article-view-content-div", "articleBodyContents", "dic_area", "news-content",
})
CONTAINER_ITEMPROPS = frozenset({"articleBody", "reviewBody", "text"})
# Weaker evidence: these words inside a lower-cased class or id (e.g. "main-article-content").
CONTAINER_SUBSTRINGS = (
    "article-body", "articlebody", "article_body", "article-content", "article_content", "articlecontent",
    "article__body", "article__content", "article-text", "articletext", "post-content", "post_content",
    "postcontent", "post-body", "postbody", "post__content", "entry-content", "entry_content", "story-body",
    "storybody", "story-content", "story__body", "content-body", "body-content", "blog-post-content",
    "single-post-content", "news-content", "news_content", "newscontent", "article-view", "view-content",
)
STRONG, WEAK = 2, 1  # container evidence
CLASS_CACHE_SIZE = 50_000


@dataclass(frozen=True)
class Match:
    group: str | None  # rule group that removes the element
    container: int  # evidence that the element is the article body: 0, WEAK or STRONG
    link_list: bool  # a link whose holder is a tag/category list


NO_MATCH = Match(None, 0, False)


@dataclass
class MarkupIndex:
    """Lookup tables for a sequence of rule groups; earlier groups win when several match."""

    tags: dict[str, str] = field(default_factory=dict)
    class_tokens: dict[str, str] = field(default_factory=dict)
    class_prefixes: dict[str, str] = field(default_factory=dict)
    class_substrings: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    id_prefixes: dict[str, str] = field(default_factory=dict)
    id_substrings: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    link_rels: dict[str, str] = field(default_factory=dict)
    link_list_rels: dict[str, str] = field(default_factory=dict)
    priority: dict[str, int] = field(default_factory=dict)
    _prefix_tuple: tuple[str, ...] = ()  # str.startswith takes a tuple: one C call rules most tokens out
    _id_prefix_tuple: tuple[str, ...] = ()
    _class_words: re.Pattern[str] | None = None  # every class word of every group and of body marks, as one regex
    _id_words: re.Pattern[str] | None = None
    _class_cache: dict[str, tuple[str | None, int]] = field(default_factory=dict)  # class lists repeat a lot

    @classmethod
    def build(cls, groups: Sequence[RuleGroup]) -> MarkupIndex:
        index = cls()
        for rank, group in enumerate(groups):
            index.priority[group.name] = rank
            index._add(group)
        index._prefix_tuple = tuple(index.class_prefixes)
        index._id_prefix_tuple = tuple(index.id_prefixes)
        index._class_words = _words_pattern([*index.class_substrings, *CONTAINER_SUBSTRINGS])
        index._id_words = _words_pattern([*index.id_substrings, *CONTAINER_SUBSTRINGS])
        return index

    def _add(self, group: RuleGroup) -> None:
        markup, name = group.markup, group.name
        tables: Iterable[tuple[dict[str, str], tuple[str, ...]]] = (
            (self.tags, markup.tags), (self.class_tokens, markup.class_tokens),
            (self.class_prefixes, markup.class_prefixes), (self.class_substrings, markup.class_substrings),
            (self.ids, markup.ids), (self.id_prefixes, markup.id_prefixes),
            (self.id_substrings, markup.id_substrings), (self.roles, markup.roles), (self.flags, markup.flags),
            (self.styles, markup.styles), (self.link_rels, markup.link_rels),
            (self.link_list_rels, markup.link_list_rels),
        )
        for table, keys in tables:
            for key in keys:
                table.setdefault(key, name)
        for words in (self.class_substrings, self.id_substrings):
            for word in list(words):
                words.setdefault(word.lower(), words[word])
        for pair in markup.attributes:
            self.attributes.setdefault(pair, name)

    def _better(self, current: str | None, candidate: str | None) -> str | None:
        if candidate is None:
            return current
        if current is None or self.priority[candidate] < self.priority[current]:
            return candidate
        return current

    def classify(self, tag: str, attributes: list[tuple[str, str]]) -> Match:
        group = self.tags.get(tag)
        if not attributes:
            return Match(group, 0, False) if group else NO_MATCH
        container = 0
        link_list = False
        for name, value in attributes:
            if name == "class":
                group, container = self._classify_class(value, group, container)
            elif name == "id":
                id_group, id_container = self._lookup_id(value)
                group = self._better(group, id_group)
                container = max(container, id_container)
            elif name == "itemprop":
                if value in CONTAINER_ITEMPROPS:
                    container = STRONG
                group = self._better(group, self.attributes.get((name, value)))
            elif name == "style":
                group = self._better(group, self._lookup_style(value))
            elif name == "rel" and tag == "a":
                for rel in value.lower().split():
                    group = self._better(group, self.link_rels.get(rel))
                    link_list = link_list or rel in self.link_list_rels
            elif name == "role":
                group = self._better(group, self.roles.get(value))
            elif name in self.flags:
                group = self._better(group, self.flags[name])
            else:
                group = self._better(group, self.attributes.get((name, value)))
        if group is None and not container and not link_list:
            return NO_MATCH
        return Match(group, container, link_list)

    def _classify_class(self, value: str, group: str | None, container: int) -> tuple[str | None, int]:
        cached = self._class_cache.get(value)
        if cached is None:
            if len(self._class_cache) > CLASS_CACHE_SIZE:
                self._class_cache.clear()
            cached = self._class_cache[value] = self._class_tokens_match(value)
        own_group, own_container = cached
        return self._better(group, own_group), max(container, own_container)

    def _class_tokens_match(self, value: str) -> tuple[str | None, int]:
        tokens = value.split()
        container = STRONG if any(token in CONTAINER_CLASSES for token in tokens) else 0
        group: str | None = None
        for token in tokens:
            group = self._better(group, self.class_tokens.get(token))
            if token.startswith(self._prefix_tuple):
                for prefix, name in self.class_prefixes.items():
                    if token.startswith(prefix):
                        group = self._better(group, name)
        word_group, word_container = self._words(self._class_words, self.class_substrings, value)
        return self._better(group, word_group), max(container, word_container)

    def _lookup_id(self, value: str) -> tuple[str | None, int]:
        group = self.ids.get(value)
        if value.startswith(self._id_prefix_tuple):
            for prefix, name in self.id_prefixes.items():
                if value.startswith(prefix):
                    group = self._better(group, name)
        word_group, container = self._words(self._id_words, self.id_substrings, value)
        return self._better(group, word_group), STRONG if value in CONTAINER_IDS else container

    def _words(self, pattern: re.Pattern[str] | None, groups: dict[str, str], value: str) -> tuple[str | None, int]:
        """Rule groups and body evidence from the words found inside a class or id value."""
        group: str | None = None
        container = 0
        if pattern is None:
            return group, container
        for found in pattern.finditer(value.lower()):
            word = found.group()
            group = self._better(group, groups.get(word))
            if word in CONTAINER_SUBSTRINGS:
                container = WEAK
        return group, container

    def _lookup_style(self, value: str) -> str | None:
        compact = value.replace(" ", "").lower()
        for fragment, name in self.styles.items():
            if fragment in compact:
                return name
        return None

    @property
    def attribute_names(self) -> frozenset[str]:
        """Every attribute name some rule or container mark looks at."""
        names = {"class", "id", "itemprop", "style", "rel", "role", *self.flags}
        names.update(name for name, _ in self.attributes)
        return frozenset(names)

    def link_list_group(self) -> str:
        return next(iter(self.link_list_rels.values()), "tag_lists")


def _words_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One alternation of literal words, longest first so a longer word wins where two start together."""
    unique = sorted({word.lower() for word in words}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, unique))) if unique else None


PAGE_INDEX = MarkupIndex.build(PAGE_GROUPS)
