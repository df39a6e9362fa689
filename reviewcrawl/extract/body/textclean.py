"""Cleaning text captured the naive way: all of a page's text nodes, one per line, cruft included.

Works on wording and line shape alone (there is no markup left): the rule groups' labels and patterns,
the header zone before the first line of prose (title, category, weather, date), widgets' leftovers (a lone
comment count, a close button "x"), and everything from a "Most popular"-style label on, since what follows
such a label is other articles.
"""

from __future__ import annotations

import re
import unicodedata

from reviewcrawl.extract.body.wording import MAX_LINE_CHARS, match_line
from reviewcrawl.extract.page.textutil import collapse, label_key

# Labels after which a capture holds only other articles' teasers.
TAIL_LABELS = frozenset(
    {
        "most popular",
        "most popular articles",
        "most read",
        "most viewed",
        "popular posts",
        "popular articles",
        "trending",
        "trending now",
        "related articles",
        "related posts",
        "related stories",
        "you may also like",
        "you might also like",
        "recommended for you",
        "more from author",
        "more stories",
        "latest news",
        "latest articles",
        "recent posts",
        "많이 본 뉴스",
        "많이본뉴스",
        "인기기사",
        "관련기사",
        "관련 기사",
    }
)
PROSE_END = tuple('.!?…"”’)»」』')
PROSE_MIN_WORDS = 12
TITLE_WORD_MIN = 3  # "of", "and", "the" stay lower case in a headline
TITLE_CASE_SHARE = 0.7
WIDGET_LEFTOVER = re.compile(r"\d{1,6}|[x×✕]|\(\s*\)|[|·•]+")  # a comment count, a close button, "()"
TEMPERATURE = re.compile(r"-?\d{1,3}(?:\.\d)?\s*°?\s*[CF]", re.IGNORECASE)
WEATHER_PLACE_MAX_WORDS = 3


def clean_captured_text(text: str) -> str:
    """The review paragraphs of a flat capture, joined by a blank line."""
    lines = [collapse(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    lines = _before_tail(lines)
    lines = _without_cruft_lines(lines)
    lines = _without_header_zone(lines)
    return "\n\n".join(lines)


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a title, label or link."""
    if line.endswith(PROSE_END):
        return True
    words = line.split()
    return len(words) >= PROSE_MIN_WORDS and not _title_case(words)


def _title_case(words: list[str]) -> bool:
    """Most longer words capitalised, as in a headline ("A Neon-Soaked Tale of Vengeance")."""
    long_words = [w.strip("\"'“”‘’()[]") for w in words if len(w) > TITLE_WORD_MIN]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    return bool(long_words) and capitalised >= TITLE_CASE_SHARE * len(long_words)


def _before_tail(lines: list[str]) -> list[str]:
    """Everything before the first "Most Popular"-style label that follows some prose."""
    seen_prose = False
    for index, line in enumerate(lines):
        if seen_prose and label_key(line) in TAIL_LABELS:
            return lines[:index]
        seen_prose = seen_prose or is_prose(line)
    return lines


def _without_cruft_lines(lines: list[str]) -> list[str]:
    kept: list[str] = []
    dropping_links = False  # after "READ MORE:" or "Tags:", the titles and tags that follow
    after_temperature = False
    for line in lines:
        wording = match_line(line) if len(line) <= MAX_LINE_CHARS else None
        if wording is not None:
            dropping_links = wording.group.takes_following
            after_temperature = TEMPERATURE.fullmatch(line) is not None
            continue
        if WIDGET_LEFTOVER.fullmatch(line):
            continue
        if dropping_links and not is_prose(line):
            continue
        if after_temperature and len(line.split()) <= WEATHER_PLACE_MAX_WORDS and not is_prose(line):
            after_temperature = False
            continue  # the weather widget's city
        dropping_links = after_temperature = False
        kept.append(line)
    return kept


def _without_header_zone(lines: list[str]) -> list[str]:
    """Drop the title lines before the first prose line, and later copies of them (a category glued on)."""
    start = next((i for i, line in enumerate(lines) if is_prose(line)), 0)
    titles = [_comparable(line) for line in lines[:start]]
    return [line for line in lines[start:] if not _repeats_title(_comparable(line), titles)]


def _comparable(line: str) -> str:
    """Lower case, letters and digits only: quotes and dashes differ between copies of a title."""
    folded = unicodedata.normalize("NFKC", line).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _repeats_title(line: str, titles: list[str]) -> bool:
    return bool(line) and any(title and (line == title or line.endswith(title)) for title in titles)
