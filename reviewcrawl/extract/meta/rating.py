"""The critic's rating and its scale, e.g. (3.5, 5.0).

Read from schema.org ``reviewRating`` when the page has one, else from a rating widget, else from a verdict
line in the review body, else from the article's text blocks. Rating phrases are read by ``ratingtext``.
"""

from __future__ import annotations

import re

from lxml.cssselect import CSSSelector

from reviewcrawl.extract.body.chrome import in_chrome, starts_chrome
from reviewcrawl.extract.meta.ratingtext import (
    NO_RATING,
    TAIL_BLOCKS,
    Rating,
    rating_candidates,
    rating_from_values,
    rating_in_lines,
    rating_in_text,
    rating_lines,
    to_number,
    verdict_text,
)
from reviewcrawl.extract.meta.structured import find_reviews
from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.query import PageView, element_text, page_view, raw_text
from reviewcrawl.extract.page.simplecss import Element, css
from reviewcrawl.extract.page.textrepair import clean_text

__all__ = ["NO_RATING", "Rating", "rating_from_values", "rating_in_text", "read_rating", "to_number"]

RATING_SELECTORS = tuple(
    css(selector)
    for selector in (
        "[itemprop=reviewRating]",
        ".review-rating",
        ".rating",
        ".star-rating",
        ".stars",
        ".verdict",
        ".review-verdict",
        ".review-score",
        ".td-review-final-score",
        ".td-review-stars",
        "[data-rating]",
    )
)
ARTICLE_SELECTORS = tuple(
    css(selector)
    for selector in (
        "article",
        "[itemprop=reviewBody]",
        ".td-post-content",
        ".tdb_single_content",
        ".entry-content",
        ".post-content",
        "main",
        "[role=main]",
    )
)
# Class/id names of widgets that hold readers' votes or averages, not the critic's verdict.
_CROWD_MARKERS = ("wpd", "comment", "aggregate", "vote", "community")
_CROWD_PEOPLE = ("user", "reader", "visitor", "audience", "average")
_RATING_NAMES = ("rat", "star", "score", "review")
_CROWD_HINT = re.compile("|".join(_CROWD_MARKERS + _CROWD_PEOPLE))
_RATING_VALUE = CSSSelector("[itemprop=ratingValue]", translator="html")
_BEST_RATING = CSSSelector("[itemprop=bestRating]", translator="html")

_BLOCK_TAGS = ("p", "li", "td", "h2", "h3", "h4", "h5", "h6")
# Containers read only when they hold text directly, so a verdict is not read twice with its wrapper.
_INLINE_TAGS = ("div", "span", "strong", "b", "em")
_INLINE = frozenset(_INLINE_TAGS)


def read_rating(page: Page, body: str | None = None) -> Rating:
    """(rating, best possible rating) as floats, or (None, None) when the review gives none."""
    found = _from_jsonld(page)
    if found != NO_RATING:
        return found
    view = page_view(page)
    found = _from_widgets(view)
    if found != NO_RATING:
        return found
    if body:
        found = rating_in_text(body.split("\n\n"))
        if found != NO_RATING:
            return found
    return _from_article_blocks(view)


# Structured data


def _from_jsonld(page: Page) -> Rating:
    for review in find_reviews(page.jsonld):
        rating = review.get("reviewRating")
        for item in rating if isinstance(rating, list) else [rating]:
            if isinstance(item, dict):
                found = rating_from_values(item.get("ratingValue"), item.get("bestRating"))
                if found != NO_RATING:
                    return found
    return NO_RATING


# Rating widgets


def _from_widgets(view: PageView) -> Rating:
    for selector in RATING_SELECTORS:
        for element in view.select(selector):
            if not _is_critics(view, element):
                continue
            found = _widget_rating(element)
            if found != NO_RATING:
                return found
    return NO_RATING


def _is_critics(view: PageView, element: Element) -> bool:
    """Whether the element is part of the review: not site chrome, not a box of readers' votes."""
    return not view.inside(element, _starts_chrome_or_crowd)


def _starts_chrome_or_crowd(node: Element) -> bool:
    # One memo for both kinds of region: a node is outside the review if either starts at or above it.
    return starts_chrome(node) or _has_crowd_name(node)


def _has_crowd_name(node: Element) -> bool:
    if not isinstance(node.tag, str):
        return False
    names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    # Most elements mention neither a vote nor a reader; skip the per-name checks for them.
    if not _CROWD_HINT.search(names):
        return False
    return any(_is_crowd_name(name) for name in names.split())


def _is_crowd_name(name: str) -> bool:
    if any(marker in name for marker in _CROWD_MARKERS):
        return True
    # "user" or "reader" alone names page wrappers too ("user-wrap"); with a rating word it names a vote box.
    return any(who in name for who in _CROWD_PEOPLE) and any(what in name for what in _RATING_NAMES)


def _widget_rating(element: Element) -> Rating:
    microdata = _microdata_rating(element)
    if microdata != NO_RATING:
        return microdata
    texts = [element.get(attr) for attr in ("aria-label", "title", "data-rating")]
    texts.append(element_text(element))
    for text in texts:
        if not text:
            continue
        found = verdict_text(text)
        if found != NO_RATING:
            return found
    scale = element.get("data-scale") or element.get("data-max")
    return rating_from_values(element.get("data-rating"), scale)


def _microdata_rating(element: Element) -> Rating:
    values = _RATING_VALUE(element)
    if not values:
        return NO_RATING
    best = _BEST_RATING(element)
    return rating_from_values(_item_value(values[0]), _item_value(best[0]) if best else None)


def _item_value(element: Element) -> str:
    return element.get("content") or element.get("value") or element_text(element)


# The article's text blocks


def _from_article_blocks(view: PageView) -> Rating:
    """A verdict line among the post's text blocks (paragraphs, list items, cells, leaf containers).

    Only blocks that could hold a rating phrase are cleaned and read, plus the closing blocks where a bare
    "4/5" counts; whether a block lies in chrome or a readers' vote box is asked only for those.
    """
    blocks = [(element, raw) for element, raw in _raw_blocks(_article_root(view)) if not raw.isspace()]
    candidates = [blocks[index] for index in rating_candidates([raw for _, raw in blocks])]
    readable = [clean_text(raw) for element, raw in candidates if _is_critics(view, element)]
    found = rating_in_lines(rating_lines(readable), [])
    if found != NO_RATING or not candidates:
        return found  # without a candidate block, no closing block holds a rating phrase either
    return rating_in_lines([], rating_lines(_closing_blocks(view, blocks)))


def _closing_blocks(view: PageView, blocks: list[tuple[Element, str]]) -> list[str]:
    """The last few blocks of review text, cleaned, in document order."""
    closing: list[str] = []
    for element, raw in reversed(blocks):
        if len(closing) == TAIL_BLOCKS:
            break
        text = clean_text(raw)
        if text and _is_critics(view, element):
            closing.insert(0, text)
    return closing


def _article_root(view: PageView) -> Element:
    """The post itself when it can be told apart, so other films' ratings in teasers are not read."""
    for selector in ARTICLE_SELECTORS:
        for element in view.select(selector):
            if not in_chrome(view, element):
                return element
    return view.root


def _raw_blocks(root: Element) -> list[tuple[Element, str]]:
    """Every element that makes a non-empty text block, with its text as the document holds it."""
    blocks = []
    for element in root.iter(*_BLOCK_TAGS, *_INLINE_TAGS):
        if len(element) == 0:
            # Without children the text is the element's own (what text_content() would join up).
            text = element.text
        elif element.tag in _INLINE:
            # A container with children is read through them.
            continue
        else:
            text = raw_text(element)
        if text:
            blocks.append((element, text))
    return blocks
