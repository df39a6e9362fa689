"""Matching elements against the rule groups' markup, built once into lookup tables.

An element is classified from its tag and attributes with dictionary lookups and one regular expression per
attribute kind, so the whole page is classified during the one walk that also scores it (XPath string
functions over every element would cost more than the rest of the extraction together). Class values repeat
a lot within and across pages (ids across the pages of one site), so their classification is cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reviewcrawl.extract.body.rules import PAGE_GROUPS, RuleGroup
from reviewcrawl.extract.page.wordtrie import words_pattern

# Markup that publishing systems put on the article body itself.
CONTAINER_CLASSES = frozenset(
    {
        "td-post-content",
        "tdb_single_content",
        "entry-content",
        "post-content",
        "article-content",
        "article-body",
        "article__body",
        "article__content",
        "articleBody",
        "article-text",
        "story-body",
        "story-content",
        "story__body",
        "post-body",
        "post-entry",
        "single-content",
        "content-body",
        "c-entry-content",
        "body-text",
        "post_content",
        "entry-body",
        "article_body",
        "articlebody",
        "post-text",
        "article_view",
        "news-content",
        "article-view-content",
        "blog-post-content",
        "single-post-content",
        "wp-block-post-content",
        "article-body-content",
        "story-text",
        "main-content-body",
        "post__content",
        "entry__content",
        "review-body",
        "review__body",
        "review_body",
        "reviewBody",
        "review-content",
        "review__content",
        "review-text",
    }
)
CONTAINER_IDS = frozenset(
    {
        "article-body",
        "articleBody",
        "story-body",
        "content-body",
        "post-body",
        "article_body",
        "articleText",
        "article-content",
        "article-view-content-div",
        "articleBodyContents",
        "dic_area",
        "news-content",
    }
)
CONTAINER_ITEMPROPS = frozenset({"articleBody", "reviewBody", "text"})
# Weaker evidence: these words inside a lower-cased class or id ("main-article-content", "postContent").
CONTAINER_WORDS = frozenset(
    {
        "article-body",
        "articlebody",
        "article_body",
        "article-content",
        "article_content",
        "articlecontent",
        "article__body",
        "article__content",
        "article-text",
        "articletext",
        "post-content",
        "post_content",
        "postcontent",
        "post-body",
        "postbody",
        "post__content",
        "entry-content",
        "entry_content",
        "story-body",
        "storybody",
        "story-content",
        "story__body",
        "content-body",
        "body-content",
        "blog-post-content",
        "single-post-content",
        "news-content",
        "news_content",
        "newscontent",
        "article-view",
        "view-content",
        "review-body",
        "review__body",
        "review_body",
        "reviewbody",
        "review-content",
        "review__content",
        "review-text",
    }
)
STRONG, WEAK = 2, 1  # evidence that an element is the article body
# Class tokens that state a property of a post rather than name a widget ("has-comments", "tag-social-media",
# "category-related-news"): words inside them say nothing about the element.
STATE_PREFIXES = (
    "has-",
    "has_",
    "no-",
    "is-",
    "tag-",
    "category-",
    "with-",
    "show-",
    "enable-",
    "disable-",
    "post-type-",
    "format-",
    "author-",
    "status-",
    "type-",
    "postid-",
    "hentry",
)
CLASS_CACHE_SIZE = 50_000
ID_CACHE_SIZE = 10_000  # ids are often unique to a page ("post-1234"): a smaller cache, cleared more often


@dataclass(frozen=True)
class Match:
    group: str | None  # rule group that removes the element
    container: int  # evidence that the element is the article body: 0, WEAK or STRONG
    link_list: bool  # a link whose holder is a tag/category list
    by_word: bool = False  # the group comes only from a word inside a class or id, not from exact markup


NO_MATCH = Match(None, 0, False)


@dataclass
class MarkupIndex:
    """Lookup tables for a sequence of rule groups; earlier groups win when several match."""

    tags: dict[str, str] = field(default_factory=dict)
    class_tokens: dict[str, str] = field(default_factory=dict)
    class_prefixes: dict[str, str] = field(default_factory=dict)
    class_words: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    id_prefixes: dict[str, str] = field(default_factory=dict)
    id_words: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    link_rels: dict[str, str] = field(default_factory=dict)
    link_list_rels: dict[str, str] = field(default_factory=dict)
    priority: dict[str, int] = field(default_factory=dict)
    attribute_names: frozenset[str] = frozenset()  # every attribute some rule or body mark looks at
    class_prefix_tuple: tuple[str, ...] = ()  # str.startswith takes a tuple: one C call rules most tokens out
    id_prefix_tuple: tuple[str, ...] = ()
    class_word_pattern: re.Pattern[str] | None = None  # all class words (rules and body marks) as one regex
    id_word_pattern: re.Pattern[str] | None = None
    class_cache: dict[str, tuple[str | None, str | None, int]] = field(default_factory=dict)
    id_cache: dict[str, tuple[str | None, str | None, int]] = field(default_factory=dict)

    @classmethod
    def build(cls, groups: Sequence[RuleGroup]) -> MarkupIndex:
        index = cls()
        for rank, group in enumerate(groups):
            index.priority[group.name] = rank
            index._add(group)
        index.class_prefix_tuple = tuple(index.class_prefixes)
        index.id_prefix_tuple = tuple(index.id_prefixes)
        index.class_word_pattern = _words_pattern([*index.class_words, *CONTAINER_WORDS])
        index.id_word_pattern = _words_pattern([*index.id_words, *CONTAINER_WORDS])
        names = {"class", "id", "itemprop", "style", "rel", "role", *index.flags}
        index.attribute_names = frozenset(names | {name for name, _ in index.attributes})
        return index

    def _add(self, group: RuleGroup) -> None:
        markup, name = group.markup, group.name
        tables: Iterable[tuple[dict[str, str], Iterable[str]]] = (
            (self.tags, markup.tags),
            (self.class_tokens, markup.class_tokens),
            (self.class_prefixes, markup.class_prefixes),
            (self.ids, markup.ids),
            (self.id_prefixes, markup.id_prefixes),
            (self.roles, markup.roles),
            (self.flags, markup.flags),
            (self.styles, markup.styles),
            (self.link_rels, markup.link_rels),
            (self.link_list_rels, markup.link_list_rels),
            (self.class_words, (word.lower() for word in markup.class_words)),
            (self.id_words, (word.lower() for word in markup.id_words)),
        )
        for table, keys in tables:
            for key in keys:
                table.setdefault(key, name)
        for pair in markup.attributes:
            self.attributes.setdefault(pair, name)

    def _better(self, current: str | None, candidate: str | None) -> str | None:
        if candidate is None:
            return current
        if current is None or self.priority[candidate] < self.priority[current]:
            return candidate
        return current

    def classify(self, tag: str, attributes: list[tuple[str, str]]) -> Match:
        exact = self.tags.get(tag)  # groups named by tag, token, id, role or attribute
        if not attributes:
            return Match(exact, 0, False) if exact else NO_MATCH
        worded: str | None = None  # groups named only by a word inside a class or id
        container = 0
        link_list = False
        for name, value in attributes:
            if name == "class" or name == "id":
                own_exact, own_worded, own_container = (
                    self._classify_class(value) if name == "class" else self._classify_id(value)
                )
                exact, worded = self._better(exact, own_exact), self._better(worded, own_worded)
                container = max(container, own_container)
            elif name == "itemprop":
                if value in CONTAINER_ITEMPROPS:
                    container = STRONG
                exact = self._better(exact, self.attributes.get((name, value)))
            elif name == "style":
                exact = self._better(exact, self._classify_style(value))
            elif name == "rel" and tag == "a":
                for rel in value.lower().split():
                    exact = self._better(exact, self.link_rels.get(rel))
                    link_list = link_list or rel in self.link_list_rels
            elif name == "role":
                exact = self._better(exact, self.roles.get(value))
            elif name in self.flags:
                exact = self._better(exact, self.flags[name])
            else:
                exact = self._better(exact, self.attributes.get((name, value)))
        group = self._better(exact, worded)
        if group is None and not container and not link_list:
            return NO_MATCH
        return Match(group, container, link_list, by_word=group != exact)

    def _classify_class(self, value: str) -> tuple[str | None, str | None, int]:
        return _cached(self.class_cache, CLASS_CACHE_SIZE, value, self._class_match)

    def _class_match(self, value: str) -> tuple[str | None, str | None, int]:
        tokens = value.split()
        container = 0 if CONTAINER_CLASSES.isdisjoint(tokens) else STRONG
        group: str | None = None
        class_tokens, prefixes = self.class_tokens, self.class_prefix_tuple
        for token in tokens:
            token_group = class_tokens.get(token)
            if token_group is not None:
                group = self._better(group, token_group)
            if token.startswith(prefixes):
                group = self._better(group, _prefixed(self.class_prefixes, token))
        named = " ".join(token for token in tokens if not token.lower().startswith(STATE_PREFIXES))
        word_group, word_container = self._words(self.class_word_pattern, self.class_words, named)
        return group, word_group, max(container, word_container)

    def _classify_id(self, value: str) -> tuple[str | None, str | None, int]:
        return _cached(self.id_cache, ID_CACHE_SIZE, value, self._id_match)

    def _id_match(self, value: str) -> tuple[str | None, str | None, int]:
        group = self.ids.get(value)
        if value.startswith(self.id_prefix_tuple):
            group = self._better(group, _prefixed(self.id_prefixes, value))
        word_group, container = self._words(self.id_word_pattern, self.id_words, value)
        return group, word_group, STRONG if value in CONTAINER_IDS else container

    def _words(
        self, pattern: re.Pattern[str] | None, table: dict[str, str], value: str
    ) -> tuple[str | None, int]:
        """The rule group and body evidence of the words found inside a class or id value."""
        group: str | None = None
        container = 0
        for found in pattern.finditer(value.lower()) if pattern is not None else ():
            word = found.group()
            group = self._better(group, table.get(word))
            if word in CONTAINER_WORDS:
                container = WEAK
        return group, container

    def _classify_style(self, value: str) -> str | None:
        compact = value.replace(" ", "").lower()
        return next((name for fragment, name in self.styles.items() if fragment in compact), None)

    def link_list_group(self) -> str:
        return next(iter(self.link_list_rels.values()), "tag_lists")


def _prefixed(table: dict[str, str], value: str) -> str | None:
    return next((name for prefix, name in table.items() if value.startswith(prefix)), None)


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """The lower-cased words as one pattern; a longer word wins where two start together."""
    return words_pattern(word.lower() for word in words)


PAGE_INDEX = MarkupIndex.build(PAGE_GROUPS)


Classified = tuple[str | None, str | None, int]


def _cached(
    cache: dict[str, Classified], size: int, value: str, classify: Callable[[str], Classified]
) -> Classified:
    """``classify(value)``, remembered; a cache grown past ``size`` starts afresh (bounded memory)."""
    found = cache.get(value)
    if found is None:
        if len(cache) > size:
            cache.clear()
        found = cache[value] = classify(value)
    return found
