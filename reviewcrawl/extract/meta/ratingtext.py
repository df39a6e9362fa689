"""Ratings written in text: "Rating: 4/5", "3.5 out of 5", "★★★½", "평점: 4.5/5", a closing "4/5".

A number only counts when it sits in a rating phrase or a star run, so "a 2/3 majority" and dates like 12/05
are never taken for ratings. Letter grades give no number.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from reviewcrawl.extract.page.textrepair import clean_text, cleaning_spans, needs_cleaning

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
MAX_STAR_GLYPHS = 10

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
_KOREAN_STAR_LABEL = re.compile(r"평점|별점")
_STAR_RUN = re.compile(r"[★☆⭐½]+(?:\s*[★☆⭐½]+)*")
_RATING_WORD = re.compile(
    r"\b(?:stars?|rating|rate|rated|score|scores|verdict|give|gives|giving|grade)\b", re.IGNORECASE
)
_FULL_STARS = "★⭐"
_COUNTED_GLYPHS = ("★", "⭐", "½")
# Fragments of every label in _LABEL, as they appear in a lower-cased line.
_LABEL_HINTS = ("rat", "core", "verd", "grade", "tar", "평점", "별점", "점수", "평가")
# What every rating phrase below contains: a slash, a star or half glyph, "점", or "of" before a number
# (as in "4 out of 5", "Rating: 8 of 10"; "o" and "f" have no case-insensitive matches beyond ASCII).
# Lines without one are never read.
_SHAPE_CHARS = ("/", "★", "⭐", "½", "점")
_OF_NUMBER = tuple((of, re.compile(of + r"\s*\d")) for of in ("of", "Of", "oF", "OF"))
_SHAPE_CHAR_PATTERNS = tuple((char, re.compile(re.escape(char))) for char in _SHAPE_CHARS)


def rating_in_text(blocks: Iterable[str]) -> Rating:
    """The best-evidenced rating in a sequence of text blocks (paragraphs or lines)."""
    block_list = list(blocks)
    readable = [block_list[index] for index in rating_candidates(block_list)]
    return rating_in_lines(rating_lines(readable), rating_lines(block_list[-TAIL_BLOCKS:]))


def rating_in_lines(lines: list[str], tail_lines: list[str]) -> Rating:
    """The best-evidenced rating in ``lines``, else a bare "4/5" among the closing ``tail_lines``."""
    for reader in (_labelled, _korean, _stars_in_verdict, _out_of, _slash_in_context):
        for line in lines:
            found = reader(line)
            if found != NO_RATING:
                return found
    # A bare "4/5" line is a verdict only where verdicts go: at the end of the review.
    for line in reversed(tail_lines):
        found = _bare_fraction(line)
        if found != NO_RATING:
            return found
    return NO_RATING


def rating_lines(blocks: Iterable[str]) -> list[str]:
    """The cleaned lines of ``blocks`` that could hold a rating phrase, in order."""
    lines = (line for block in blocks if may_hold_rating(block) for line in _lines(block))
    return [line for line in lines if has_rating_shape(line)]


def may_hold_rating(raw: str) -> bool:
    """Whether a line of ``raw`` could read as a rating once cleaned (entities decoded, spaces collapsed)."""
    return needs_cleaning(raw) or has_rating_shape(raw)


def has_rating_shape(text: str) -> bool:
    """Whether ``text`` holds one of the marks every rating phrase has (see _SHAPE_CHARS, _OF_NUMBER)."""
    if any(char in text for char in _SHAPE_CHARS):
        return True
    return any(of in text and pattern.search(text) is not None for of, pattern in _OF_NUMBER)


def rating_candidates(texts: list[str]) -> list[int]:
    """Indices of the texts that may hold a rating, found in one scan over all of them joined.

    A text with a rating shape of its own always has a match that touches it: each scan tries every position
    no earlier match covered. Matches that run over a boundary just pick both texts.
    """
    joined = "\n".join(texts)
    spans = _shape_spans(joined) + cleaning_spans(joined)
    if not spans:
        return []
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    picked: set[int] = set()
    for start, end in spans:
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, max(start, end - 1)) - 1
        picked.update(range(first, last + 1))
    return sorted(picked)


def _shape_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has a rating mark; one literal search per mark runs far faster than one pattern with
    alternatives, and most marks are ruled out by a plain substring test first."""
    spans: list[tuple[int, int]] = []
    for mark, pattern in (*_SHAPE_CHAR_PATTERNS, *_OF_NUMBER):
        if mark in text:
            spans += [found.span() for found in pattern.finditer(text)]
    return spans


def _lines(block: str) -> Iterator[str]:
    for line in block.splitlines():
        line = clean_text(line)
        if line:
            yield line


# Values


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


def verdict_text(text: str) -> Rating:
    """Text of an element already known to be a rating widget: any rating shape counts."""
    for reader in (_labelled, _korean, _stars, _out_of, _slash):
        found = reader(text)
        if found != NO_RATING:
            return found
    return NO_RATING


# Rating phrases


def _labelled(line: str) -> Rating:
    if not _may_have_label(line):
        return NO_RATING
    for found in _LABELLED.finditer(line):
        if not _CROWD_TEXT.search(_sentence(line, found)):
            return _pair(found.group(1), found.group(2))
    return NO_RATING


def _korean(line: str) -> Rating:
    if "점" not in line:  # in "만점", "4점" and every label below
        return NO_RATING
    full_marks = _KOREAN_FULL_MARKS.search(line)
    if full_marks:
        return _pair(full_marks.group(2), full_marks.group(1))
    points = _KOREAN_POINTS.search(line)
    if points:
        return rating_from_values(points.group(1), None)
    if _KOREAN_STAR_LABEL.search(line):
        return _stars(line)
    return NO_RATING


def _out_of(line: str) -> Rating:
    if "out" not in line.lower():
        return NO_RATING
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
    if "/" not in line:
        return NO_RATING
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
    if "/" not in line:
        return NO_RATING
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
    if not _has_star_glyph(line):
        return NO_RATING
    if len(line) > VERDICT_LINE_CHARS and not _RATING_WORD.search(line):
        return NO_RATING
    if _CROWD_TEXT.search(line):
        return NO_RATING
    return _stars(line)


def _stars(line: str) -> Rating:
    if not _has_star_glyph(line):
        return NO_RATING
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
        if scale is None or not MIN_STAR_GLYPHS <= total <= MAX_STAR_GLYPHS:
            continue
        return full + 0.5 * half, scale
    return NO_RATING


def _may_have_label(line: str) -> bool:
    """Whether a rating label could be in ``line``: a cheap test before the slow case-insensitive pattern.

    Each hint is part of a label and has no letter with a case-insensitive match outside ASCII ("score" has
    one: the long s), so lower-casing the line keeps every hint a label match contains.
    """
    lowered = line.lower()
    return any(hint in lowered for hint in _LABEL_HINTS)


def _has_star_glyph(line: str) -> bool:
    """A star run only counts with a full star or a half: an empty star alone is never read."""
    return any(glyph in line for glyph in _COUNTED_GLYPHS)


def _pair(value: str, best: str, common_scale: bool = False) -> Rating:
    number, scale = to_number(value), to_number(best)
    if number is None or scale is None or scale <= 0 or number > scale:
        return NO_RATING
    if common_scale and scale not in COMMON_SCALES:
        return NO_RATING
    return number, scale


def _sentence(line: str, found: re.Match[str]) -> str:
    start = max(line.rfind(".", 0, found.start()), line.rfind("!", 0, found.start()), -1) + 1
    end_candidates = [i for i in (line.find(".", found.end()), line.find("!", found.end())) if i >= 0]
    return line[start : min(end_candidates) if end_candidates else len(line)]
