"""The critic's rating and its scale, e.g. (3.5, 5.0).

Read from schema.org ``reviewRating`` when the page has one, else from a rating widget or a verdict line in
the review. A number only counts when it sits in a rating phrase ("Rating: 4/5", "3.5 out of 5",
"평점: 4.5/5") or a star run, so "a 2/3 majority" and dates like 12/05 are never taken for ratings.
Letter grades give no number.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import html as lxml_html

from reviewcrawl.extract.metadata import collapse, in_chrome, select
from reviewcrawl.extract.page import Page
from reviewcrawl.extract.structured import find_reviews

Rating = tuple[float | None, float | None]
NO_RATING: Rating = (None, None)

# Scales a bare "x/y" or "x out of y" may use; anything else is more likely a fraction, a score or a date.
COMMON_SCALES = frozenset({4.0, 5.0, 10.0, 20.0, 100.0})
# A line this short that carries a rating is a verdict line, not prose.
VERDICT_LINE_CHARS = 80
# "3.5 out of 5" may stand alone on a line this short when the line ends with it.
SHORT_LINE_CHARS = 40
# Verdict lines close a review: a bare "4/5" is only read in the last few blocks.
TAIL_BLOCKS = 3
VERDICT_SCALES = frozenset({5.0, 10.0, 100.0})
MIN_STAR_GLYPHS = 3

RATING_SELECTORS = (
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
ARTICLE_SELECTORS = (
    "article",
    "[itemprop=reviewBody]",
    ".td-post-content",
    ".tdb_single_content",
    ".entry-content",
    ".post-content",
    "main",
    "[role=main]",
)
# Reader-vote regions per document, found once.
_CROWD_BY_TREE: weakref.WeakKeyDictionary[Any, frozenset[Any]] = weakref.WeakKeyDictionary()
# Class/id names of widgets that hold readers' votes or averages, not the critic's verdict.
_CROWD_MARKERS = ("wpd", "comment", "aggregate", "vote", "community")
_CROWD_PEOPLE = ("user", "reader", "visitor", "audience", "average")
_RATING_NAMES = ("rat", "star", "score", "review")
_CROWD_HINT = re.compile("|".join(_CROWD_MARKERS + _CROWD_PEOPLE))

_NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?½?)"
_LABEL = r"(?:our\s+)?(?:rating|rated|score|verdict|grade|stars?|평점|별점|점수|평가)"
_LABELLED = re.compile(
    rf"{_LABEL}\s*[:\uff1a=-]?\s*(?:of\s+)?{_NUMBER}\s*(?:점\s*)?(?:/|out\s+of|of)\s*{_NUMBER}", re.IGNORECASE
)
_OUT_OF = re.compile(rf"(?<![\d.,]){_NUMBER}\s+out\s+of\s+{_NUMBER}(?![\d.,]\d)(\s+stars?)?", re.IGNORECASE)
_SLASH = re.compile(rf"(?<![\d/.,]){_NUMBER}\s*/\s*{_NUMBER}(?![\d/]|[.,]\d)")
# Wording of averages and vote counts: such ratings are the crowd's, not the critic's.
_CROWD_TEXT = re.compile(
    r"\b(?:average|avg|votes?|voted|users?|readers?|audience|based on)\b"
    r"|\d[\d,.]*\+?\s*(?:reviews|ratings|votes)\b|[★☆⭐]\s*\(\d[\d,]*\)",
    re.IGNORECASE,
)
_BARE_FRACTION = re.compile(rf"{_NUMBER}\s*/\s*{_NUMBER}")
_KOREAN_FULL_MARKS = re.compile(rf"{_NUMBER}\s*점\s*만점에?\s*{_NUMBER}\s*점")
_KOREAN_POINTS = re.compile(rf"(?:평점|별점|점수)\s*[:\uff1a]?\s*{_NUMBER}\s*점")
_STAR_RUN = re.compile(r"[★☆⭐½]+(?:\s*[★☆⭐½]+)*")
_RATING_WORD = re.compile(
    r"\b(?:stars?|rating|rate|rated|score|scores|verdict|give|gives|giving|grade)\b", re.IGNORECASE
)
_FULL_STARS = "★⭐"
_BLOCK_TAGS = ("p", "li", "td", "h2", "h3", "h4", "h5", "h6")
# Containers read only when they hold text directly, so a verdict is not read twice with its wrapper.
_INLINE_TAGS = ("div", "span", "strong", "b", "em")


def read_rating(page: Page, body: str | None = None) -> Rating:
    """(rating, best possible rating) as floats, or (None, None) when the review gives none."""
    for reader in (_from_jsonld, _from_widgets):
        found = reader(page)
        if found != NO_RATING:
            return found
    if body:
        found = rating_in_text(body.split("\n\n"))
        if found != NO_RATING:
            return found
    return rating_in_text(_article_blocks(page.tree))


def rating_in_text(blocks: Iterable[str]) -> Rating:
    """The best-evidenced rating in a sequence of text blocks (paragraphs or lines)."""
    block_list = list(blocks)
    lines = [line for block in block_list for line in _lines(block)]
    for reader in (_labelled, _korean, _stars_in_verdict, _out_of, _slash_in_context):
        for line in lines:
            found = reader(line)
            if found != NO_RATING:
                return found
    # A bare "4/5" line is a verdict only where verdicts go: at the end of the review.
    tail = [line for block in block_list[-TAIL_BLOCKS:] for line in _lines(block)]
    for line in reversed(tail):
        found = _bare_fraction(line)
        if found != NO_RATING:
            return found
    return NO_RATING


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


def rating_from_values(value: Any, best: Any) -> Rating:
    """A (rating, scale) pair from loosely typed values; the scale is guessed from the value when absent."""
    if isinstance(value, str) and best is None:
        fraction = _BARE_FRACTION.fullmatch(value.strip())
        if fraction:
            return _pair(fraction.group(1), fraction.group(2))
    number = to_number(value)
    if number is None or number < 0:
        return NO_RATING
    scale = to_number(best)
    if scale is None or scale <= 0:
        scale = default_scale(number)
    if scale is None or number > scale:
        return NO_RATING
    return number, scale


def to_number(value: Any) -> float | None:
    """4, 4.5, "4.5", "4,5", "3½" and " 4 " as floats; anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", ".")
    half = 0.5 if text.endswith("½") else 0.0
    text = text.removesuffix("½").strip()
    if not text and half:
        return half
    try:
        return float(text) + half
    except ValueError:
        return None


def default_scale(value: float) -> float | None:
    for scale in (5.0, 10.0, 100.0):
        if value <= scale:
            return scale
    return None


# Rating widgets


def _from_widgets(page: Page) -> Rating:
    for selector in RATING_SELECTORS:
        for element in select(page.tree, selector):
            if in_chrome(element) or _is_crowd_widget(element):
                continue
            found = _widget_rating(element)
            if found != NO_RATING:
                return found
    return NO_RATING


def _is_crowd_widget(element: lxml_html.HtmlElement) -> bool:
    regions = _crowd_regions(element.getroottree().getroot())
    node: lxml_html.HtmlElement | None = element
    while node is not None:
        if node in regions:
            return True
        node = node.getparent()
    return False


def _crowd_regions(root: lxml_html.HtmlElement) -> frozenset[Any]:
    regions = _CROWD_BY_TREE.get(root)
    if regions is None:
        regions = frozenset(node for node in root.iter() if _has_crowd_name(node))
        _CROWD_BY_TREE[root] = regions
    return regions


def _has_crowd_name(node: lxml_html.HtmlElement) -> bool:
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


def _widget_rating(element: lxml_html.HtmlElement) -> Rating:
    microdata = _microdata_rating(element)
    if microdata != NO_RATING:
        return microdata
    texts = [element.get(attr) for attr in ("aria-label", "title", "data-rating")]
    texts.append(collapse(element.text_content()))
    for text in texts:
        if not text:
            continue
        found = _verdict_text(text)
        if found != NO_RATING:
            return found
    scale = element.get("data-scale") or element.get("data-max")
    return rating_from_values(element.get("data-rating"), scale)


def _microdata_rating(element: lxml_html.HtmlElement) -> Rating:
    values = select(element, "[itemprop=ratingValue]")
    if not values:
        return NO_RATING
    best = select(element, "[itemprop=bestRating]")
    return rating_from_values(_item_value(values[0]), _item_value(best[0]) if best else None)


def _item_value(element: lxml_html.HtmlElement) -> str:
    return element.get("content") or element.get("value") or collapse(element.text_content())


def _verdict_text(text: str) -> Rating:
    """Text of an element already known to be a rating widget: any rating shape counts."""
    for reader in (_labelled, _korean, _stars, _out_of, _slash):
        found = reader(text)
        if found != NO_RATING:
            return found
    return NO_RATING


# Rating phrases


def _labelled(line: str) -> Rating:
    for found in _LABELLED.finditer(line):
        if not _CROWD_TEXT.search(_sentence(line, found)):
            return _pair(found.group(1), found.group(2))
    return NO_RATING


def _korean(line: str) -> Rating:
    full_marks = _KOREAN_FULL_MARKS.search(line)
    if full_marks:
        return _pair(full_marks.group(2), full_marks.group(1))
    points = _KOREAN_POINTS.search(line)
    if points:
        return rating_from_values(points.group(1), None)
    if re.search(r"평점|별점", line):
        return _stars(line)
    return NO_RATING


def _out_of(line: str) -> Rating:
    for found in _OUT_OF.finditer(line):
        rating = _pair(found.group(1), found.group(2), common_scale=True)
        if rating == NO_RATING:
            continue
        # "3 out of 5" needs stars, a rating word in its sentence, or a short line it ends.
        ends_short_line = len(line) <= SHORT_LINE_CHARS and not line[found.end() :].strip(" .!)")
        sentence = _sentence(line, found)
        if _CROWD_TEXT.search(sentence):
            continue
        if found.group(3) or ends_short_line or _RATING_WORD.search(sentence):
            return rating
    return NO_RATING


def _slash_in_context(line: str) -> Rating:
    """ "I give it 4/5", "⭐4.4/5": a fraction with a rating word in its sentence or a star beside it."""
    for found in _SLASH.finditer(line):
        rating = _pair(found.group(1), found.group(2), common_scale=True)
        if rating == NO_RATING:
            continue
        sentence = _sentence(line, found)
        if _CROWD_TEXT.search(sentence):
            continue
        if _STAR_RUN.search(line) or _RATING_WORD.search(sentence):
            return rating
    return NO_RATING


def _slash(line: str) -> Rating:
    for found in _SLASH.finditer(line):
        rating = _pair(found.group(1), found.group(2), common_scale=True)
        if rating != NO_RATING:
            return rating
    return NO_RATING


def _bare_fraction(line: str) -> Rating:
    found = _BARE_FRACTION.fullmatch(line.strip(" .!()[]"))
    if not found:
        return NO_RATING
    rating = _pair(found.group(1), found.group(2))
    # Quarters are recipe fractions and slide counters far more often than ratings.
    return rating if rating[1] in VERDICT_SCALES else NO_RATING


def _stars_in_verdict(line: str) -> Rating:
    if len(line) > VERDICT_LINE_CHARS and not _RATING_WORD.search(line):
        return NO_RATING
    if _CROWD_TEXT.search(line):
        return NO_RATING
    return _stars(line)


def _stars(line: str) -> Rating:
    for run in _STAR_RUN.finditer(line):
        glyphs = run.group(0).replace(" ", "")
        full = sum(glyphs.count(char) for char in _FULL_STARS)
        half = glyphs.count("½")
        empty = glyphs.count("☆")
        if full + half == 0 or (full == 0 and empty == 0):
            continue
        total = full + half + empty
        scale = float(total) if empty else default_scale(float(full + half))
        # One or two glyphs are usually an icon or a bullet, not a rating.
        if scale is None or not MIN_STAR_GLYPHS <= total <= 10:
            continue
        return full + 0.5 * half, scale
    return NO_RATING


def _pair(value: str, best: str, common_scale: bool = False) -> Rating:
    number, scale = to_number(value), to_number(best)
    if number is None or scale is None or scale <= 0 or number > scale:
        return NO_RATING
    if common_scale and scale not in COMMON_SCALES:
        return NO_RATING
    return number, scale


# Text helpers


def _article_root(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The post itself when it can be told apart, so other films' ratings in teasers are not read."""
    for selector in ARTICLE_SELECTORS:
        for element in select(tree, selector):
            if not in_chrome(element):
                return element
    return tree


def _lines(block: str) -> Iterator[str]:
    for line in block.splitlines():
        line = collapse(line)
        if line:
            yield line


def _sentence(line: str, found: re.Match[str]) -> str:
    start = max(line.rfind(".", 0, found.start()), line.rfind("!", 0, found.start()), -1) + 1
    end_candidates = [i for i in (line.find(".", found.end()), line.find("!", found.end())) if i >= 0]
    return line[start : min(end_candidates) if end_candidates else len(line)]


def _article_blocks(tree: lxml_html.HtmlElement) -> list[str]:
    blocks = []
    for element in _article_root(tree).iter(*_BLOCK_TAGS, *_INLINE_TAGS):
        if element.tag in _INLINE_TAGS and len(element) > 0:
            continue
        if in_chrome(element) or _is_crowd_widget(element):
            continue
        text = collapse(element.text_content())
        if text:
            blocks.append(text)
    return blocks
