"""Tagging a review with the film it reviews.

Order of trust: the page's own structured data (Review ``itemReviewed``), then
the catalogue (title or alias in the headline, with directors, cast and year in
the text to choose between films of the same name), then headline patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reviewcrawl.films.catalogue import Catalogue, Film, fold, fold_name
from reviewcrawl.films.words import word_positions

REVIEW_TYPES = {"review", "criticreview", "userreview"}
FILM_TYPES = {"movie", "film", "creativework", "tvseries"}
_YEAR = re.compile(r"\b(18[89]\d|19\d\d|20\d\d)\b")
_HEADLINE_PATTERNS = (
    re.compile(r"[\"“‘'«「『](?P<title>[^\"”’'»」』]{1,80})[\"”’'»」』]"),
    re.compile(r"^(?:film\s+)?review\s*[:\-–—]\s*(?P<title>.+?)(?:\s*[:\-–—(]|$)", re.I),
    re.compile(r"^(?P<title>.+?)\s+(?:movie\s+|film\s+)?review\b", re.I),
)
_WIDE_SCRIPT = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class FilmTag:
    title: str | None = None
    year: int | None = None
    evidence: str | None = None


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


def _year_of(film: dict[str, Any]) -> int | None:
    for key in ("dateCreated", "datePublished", "releasedEvent", "copyrightYear"):
        match = _YEAR.search(str(film.get(key) or ""))
        if match:
            return int(match.group(1))
    return None


def _people(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [n for n in (_name(i) for i in items) if n]


def mentions(text: str, name: str) -> int:
    """How often ``name`` occurs in ``text`` (folded; whole words outside CJK/Hangul)."""
    return folded_mentions(fold(text), fold_name(name))


def folded_mentions(haystack: str, needle: str) -> int:
    """``mentions`` for a text and a name folded already (a page is folded once, not once per name)."""
    if not needle or needle not in haystack:
        return 0
    if _WIDE_SCRIPT.search(needle):
        return haystack.count(needle)
    return len(word_positions(haystack, needle))


def from_structured_data(jsonld: list[dict[str, Any]], catalogue: Catalogue) -> FilmTag | None:
    for obj in jsonld:
        if not _types(obj) & REVIEW_TYPES:
            continue
        film = obj.get("itemReviewed")
        film = film[0] if isinstance(film, list) and film else film
        if not isinstance(film, dict) or not _types(film) & FILM_TYPES:
            continue
        title = _name(film)
        if not title:
            continue
        year = _year_of(film)
        known = _pick_same_name(catalogue.by_name(title), year, " ".join(_people(film.get("director"))))
        if known is not None:
            return FilmTag(known.title, known.year, "structured_data+catalogue")
        return FilmTag(title, year, "structured_data")
    return None


def _pick_same_name(films: list[Film], year: int | None, text: str) -> Film | None:
    if year is not None:
        films = [f for f in films if f.year == year] or films
    if len(films) == 1:
        return films[0]
    folded = fold(text)
    scored = sorted(((_people_score(f, folded), f) for f in films), key=lambda pair: -pair[0])
    if len(scored) > 1 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


def _people_score(film: Film, folded_text: str) -> int:
    directors = sum(3 * folded_mentions(folded_text, fold_name(d)) for d in film.directors)
    return directors + sum(folded_mentions(folded_text, fold_name(c)) for c in film.cast)


def from_catalogue(headline: str, body: str, catalogue: Catalogue) -> FilmTag | None:
    folded_headline = fold(headline)
    named = [(film, name) for name, films in catalogue.names_in(folded_headline).items() for film in films]
    if not named:
        return None
    longest = max(len(name) for _, name in named)
    films = list({film: None for film, name in named if len(name) == longest})
    text = f"{headline}\n{body}"
    if len(films) == 1:
        return FilmTag(films[0].title, films[0].year, "catalogue:title")
    return _choose_between(films, text)


def _choose_between(films: list[Film], text: str) -> FilmTag:
    """Same-name films: people named in the review decide, then a year in the text."""
    folded = fold(text)
    scores = {film: _people_score(film, folded) for film in films}
    best = max(scores.values())
    leaders = [f for f, s in scores.items() if s == best]
    if best > 0 and len(leaders) == 1:
        return FilmTag(leaders[0].title, leaders[0].year, "catalogue:title+people")
    years = {int(y) for y in _YEAR.findall(text)}
    dated = [f for f in leaders if f.year in years]
    if len(dated) == 1:
        return FilmTag(dated[0].title, dated[0].year, "catalogue:title+year")
    return FilmTag(films[0].title, None, "catalogue:title(ambiguous)")


def from_headline(headline: str) -> FilmTag | None:
    for pattern in _HEADLINE_PATTERNS:
        match = pattern.search(headline)
        if match:
            title = match.group("title").strip(" .,:;!?")
            if title:
                year = _YEAR.search(headline[match.end() : match.end() + 8])
                return FilmTag(title, int(year.group(1)) if year else None, "headline")
    return None


def tag_film(jsonld: list[dict[str, Any]], headline: str | None, body: str, catalogue: Catalogue) -> FilmTag:
    headline = headline or ""
    return (
        from_structured_data(jsonld, catalogue)
        or from_catalogue(headline, body, catalogue)
        or from_headline(headline)
        or FilmTag()
    )


def is_wanted(tag: FilmTag, title: str, year: int | None, catalogue: Catalogue) -> bool:
    """Whether a tagged review is about the film a title crawl asked for."""
    if tag.title is None:
        return False
    names = {fold(title)} | {fold(n) for f in catalogue.by_name(title) for n in f.names}
    if fold(tag.title) not in names:
        return False
    return year is None or tag.year == year
