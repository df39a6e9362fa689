"""What a page says about its film by itself, with no catalogue: structured data, headline, stated year.

These are the statements a catalogue is checked against, and the whole answer when there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

REVIEW_TYPES = {"review", "criticreview", "userreview"}
FILM_TYPES = {"movie", "film", "creativework", "tvseries"}
# A year as a whole word; the word break before it is checked behind the digits ("\b" first would give
# the regex engine nothing to skip ahead to, so it would try every position of a page).
YEAR = re.compile(r"(18[89]\d|19\d\d|20\d\d)\b(?<!\w\d\d\d\d)")

_OPEN = "\"“‘'«「『《"
_CLOSE = "\"”’'»」』》"
# A quoted title: the opening quote starts a word, the closing one ends it (CJK brackets stand anywhere);
# an apostrophe inside a word ("Schindler's") belongs to the title.
_QUOTED = re.compile(
    r"(?:(?<!\w)[\"“‘'«]|[「『《])"
    rf"(?P<title>(?:[^{_OPEN}{_CLOSE}]|(?<=\w)['’](?=\w)){{1,80}}?)"
    r"(?:[\"”’'»](?!\w)|[」』》])"
)
# "Review: X", "Cannes Film Review: X – …"
_PREFIXED = re.compile(
    r"^(?:(?:[\w .]{0,30}?\s)?(?:film|movie)\s+)?review\s*[:\-–—|]\s*(?P<title>[^:–—|(]+?)\s*(?:[:\-–—|(]|$)",
    re.I,
)
_BRACKETED = re.compile(r"^\[(?:영화\s*)?(?:리뷰|review|평론)\]\s*(?P<title>[^,:…|\-–—(]+)", re.I)
# "X review – …", "X (2021) review", "X: a review", "X: our review" (a possessive only after a separator:
# "Read our review" names no film)
_SUFFIXED = re.compile(
    r"^(?P<title>.+?)\s*(?:\((?P<year>\d{4})\)\s*)?"
    r"(?:[:\-–—]\s*(?:our|the|my)\s+|[:\-–—]?\s*(?:\ban?\s+)?)(?:movie\s+|film\s+)?(?:review|리뷰)\b",
    re.I,
)
# Words right after a quoted title that make it a comparison, not the subject: "'John Wick' fans".
_COMPARISON_AFTER = re.compile(
    r"^\W*(?:fans?|meets|franchise|universe|sequel|prequel|spin-?off|-style)\b", re.I
)
_COMPARISON_BEFORE = re.compile(r"\b(?:like|than|unlike|fans of|vs\.?|versus)\W*$", re.I)
SENTENCE_START = re.compile(
    r"^(?:why|how|what|when|where|who|which|here|this|these|those|is|are|do|does|our|my|we|i|it|you|a|an)\b",
    re.I,
)
_MAX_TITLE_WORDS = 8
# A credits line's year ("Year: 2019", "| Released: 12 May 2019"), from its label: at a line's start or
# after a separator, which ``_credit_years`` checks behind the label (a pattern starting with "line start
# or separator" would be tried at every position of a page), its first character matched alone and
# case-sensitively ("(?-i:...)": these letters have no other case under IGNORECASE), which lets the engine
# skip ahead to those characters in C (a look-ahead or a case-insensitive first letter does not).
_CREDIT_YEAR = re.compile(
    r"(?-i:[YyRrPp개제공])(?:(?<=[Yy])ear|(?<=[Rr])eleased|(?<=[Rr])elease(?:\s+date)?|(?<=[Pp])remiered?"
    r"|(?<=개)봉(?:일)?|(?<=제)작\s*연도|(?<=공)개)\s*[:：]"
    r"[^\n|/•·\d]{0,20}?(?:\d{1,2}[^\n\d]{1,4})?\b(18[89]\d|19\d\d|20\d\d)\b",
    re.I,
)
_CREDIT_SEPARATORS = "|/•·"
_BRACKETED_YEAR = re.compile(r"\((?:18[89]\d|19\d\d|20\d\d)\)")
# "개봉 2023", "개봉일: 2023.05.17", "2023년 개봉", "2023년 11월 개봉"
_KOREAN_RELEASE = re.compile(
    r"개봉\s*(?:일)?\s*(18[89]\d|19\d\d|20\d\d)|(18[89]\d|19\d\d|20\d\d)\s*년?\s*\S{0,8}\s*개봉"
)


@dataclass(frozen=True)
class StatedFilm:
    """The film a page's schema.org Review says it reviews."""

    title: str
    year: int | None = None
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values if v}


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list) and value:
        return _name(value[0])
    return None


def _people(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(n for n in (_name(i) for i in items) if n)


def _year_of(film: dict[str, Any]) -> int | None:
    for key in ("dateCreated", "datePublished", "releasedEvent", "copyrightYear"):
        match = YEAR.search(str(film.get(key) or ""))
        if match:
            return int(match.group(1))
    return None


def structured_film(jsonld: list[dict[str, Any]]) -> StatedFilm | None:
    """The first Review's ``itemReviewed`` film, when it has a name."""
    for obj in jsonld:
        if not _types(obj) & REVIEW_TYPES:
            continue
        film = obj.get("itemReviewed")
        film = film[0] if isinstance(film, list) and film else film
        if not isinstance(film, dict) or not _types(film) & FILM_TYPES:
            continue
        title = _name(film)
        if title:
            cast = _people(film.get("actor")) + _people(film.get("actors"))
            return StatedFilm(title, _year_of(film), _people(film.get("director")), cast)
    return None


def _looks_like_title(title: str) -> bool:
    """A title, not a sentence: a few words, not opening like a question or a statement."""
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or SENTENCE_START.match(title):
        return False
    first = title[0]
    return not (first.isalpha() and first.isascii() and first.islower())


def _is_comparison(headline: str, match: re.Match[str]) -> bool:
    return bool(
        _COMPARISON_AFTER.match(headline[match.end() :])
        or _COMPARISON_BEFORE.search(headline[: match.start()])
    )


def _quoted(headline: str) -> list[re.Match[str]]:
    return [m for m in _QUOTED.finditer(headline) if m.group("title").strip()]


def quoted_titles(headline: str) -> list[str]:
    """Every quoted title of a headline."""
    return [m.group("title").strip() for m in _quoted(headline)]


def comparison_titles(headline: str) -> list[str]:
    """Quoted titles a headline names only as a comparison ("Why 'John Wick' fans should watch …")."""
    return [m.group("title").strip() for m in _quoted(headline) if _is_comparison(headline, m)]


def _quoted_title(headline: str) -> tuple[str, int] | None:
    """The quoted title that is the subject: the first one not named only as a comparison."""
    found = _quoted(headline)
    subjects = [m for m in found if not _is_comparison(headline, m)]
    chosen = (subjects or found[-1:])[:1]
    return (chosen[0].group("title").strip(), chosen[0].end()) if chosen else None


def headline_title(headline: str) -> tuple[str, int | None] | None:
    """The title (and a year written right after it) a review headline names, without a catalogue."""
    quoted = _quoted_title(headline)
    if quoted:
        title, end = quoted
        after = YEAR.search(headline[end : end + 8])
        return title.strip(" .,:;!?"), int(after.group(1)) if after else None
    for pattern in (_BRACKETED, _PREFIXED, _SUFFIXED):
        match = pattern.search(headline)
        if match:
            title = match.group("title").strip(" .,:;!?")
            if _looks_like_title(title):
                written = match.groupdict().get("year") or _year_after(headline, match.end("title"))
                return title, int(written) if written else None
    return None


def _year_after(text: str, end: int) -> str | None:
    match = re.match(r"\s*\((18[89]\d|19\d\d|20\d\d)\)", text[end:])
    return match.group(1) if match else None


def stated_years(text: str, title: str | None = None) -> set[int]:
    """Years the page gives for its film: "Title (2021)", a credits line ("Year: 2019"), "개봉 2023"."""
    years = set(_credit_years(text))
    if title and _BRACKETED_YEAR.search(text):  # a pattern per title is compiled only when it can match
        after_title = re.compile(re.escape(title) + r"[\"”’'»」』]?\s*\((18[89]\d|19\d\d|20\d\d)\)", re.I)
        years |= {int(y) for y in after_title.findall(text)}
    return years


@lru_cache(maxsize=4)
def _credit_years(text: str) -> frozenset[int]:
    """The years of credits lines and Korean release notes, kept: a page is asked with and without a title."""
    years = set()
    at = 0
    while (match := _CREDIT_YEAR.search(text, at)) is not None:
        if _opens_credit(text, match.start()):
            years.add(int(match.group(1)))
            at = match.end()
        else:
            at = match.start() + 1
    if "개봉" in text:
        years |= {int(a or b) for a, b in _KOREAN_RELEASE.findall(text)}
    return frozenset(years)


def _opens_credit(text: str, start: int) -> bool:
    """Whether a label at ``start`` opens the text or a line, or follows a separator, spaces aside."""
    space = start
    while space > 0 and text[space - 1].isspace():
        space -= 1
    return space == 0 or text[space - 1] in _CREDIT_SEPARATORS or "\n" in text[space:start]


def stated_year(text: str, title: str | None = None) -> int | None:
    """The one year the page states for its film, or None when it states none or several."""
    years = stated_years(text, title)
    return years.pop() if len(years) == 1 else None
