"""Tagging a review with the film it reviews.

Every catalogued film the page names where a subject is named (structured data, headline, address) is a
candidate, scored on all the page's evidence (``scorer``); the year is given only when one film of the title
clearly leads. Without a catalogued candidate, the page's own statements answer: its structured data, else a
headline pattern, with a year the page states.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from reviewcrawl.films.catalogue import Catalogue, Film, fold, fold_name
from reviewcrawl.films.evidence import PageEvidence, positions
from reviewcrawl.films.scorer import MARGIN, Scores, contradicts, score, total
from reviewcrawl.films.statements import FILM_TYPES, REVIEW_TYPES, headline_title, stated_year
from reviewcrawl.films.wanted import is_wanted as is_wanted  # its old home: old imports still work

__all__ = ["FILM_TYPES", "REVIEW_TYPES", "FilmTag", "from_headline", "is_wanted", "mentions", "tag_film"]

# Title kinds: evidence that names a candidate rather than tells same-name films apart.
_TITLE_KINDS = ("structured_data", "title", "slug")


@dataclass(frozen=True)
class FilmTag:
    title: str | None = None
    year: int | None = None
    evidence: str | None = None


def mentions(text: str, name: str) -> int:
    """How often ``name`` occurs in ``text`` (folded; whole words outside CJK/Hangul)."""
    return folded_mentions(fold(text), fold_name(name))


def folded_mentions(haystack: str, needle: str) -> int:
    """``mentions`` for a text and a name folded already (a page is folded once, not once per name)."""
    if not needle or needle not in haystack:
        return 0
    return len(positions(haystack, needle))


def from_headline(headline: str) -> FilmTag | None:
    """The title (and year) a headline pattern gives, for a film outside the catalogue."""
    found = headline_title(headline)
    return FilmTag(found[0], found[1], "headline") if found else None


def _text(page: PageEvidence) -> str:
    return f"{page.headline}\n{page.body}"


def _from_statements(page: PageEvidence) -> FilmTag | None:
    stated = page.structured
    if stated:
        if stated.year:
            return FilmTag(stated.title, stated.year, "structured_data")
        year = stated_year(_text(page), stated.title)
        return FilmTag(stated.title, year, "structured_data+stated_year" if year else "structured_data")
    found = page.headline_pattern
    if not found:
        return None
    title, year = found
    if year:
        return FilmTag(title, year, "headline")
    year = stated_year(_text(page), title)
    return FilmTag(title, year, "headline+stated_year" if year else "headline")


def _deciding(leader: Counter, runner: Counter) -> str:
    """The kind of evidence that puts the leader furthest ahead of the runner-up."""
    kinds = [k for k in set(leader) | set(runner) if k not in _TITLE_KINDS]
    return max(kinds, key=lambda k: (leader[k] - runner[k], k)) if kinds else "title"


def _leader(films: list[Film], scores: Scores) -> tuple[Film, Film | None]:
    """The best-scored film and the best of the others sharing its title."""
    ranked = sorted(films, key=lambda f: (-total(scores[f]), -len(fold_name(f.title))))
    leader = ranked[0]
    rivals = [f for f in ranked[1:] if fold_name(f.title) == fold_name(leader.title)]
    return leader, (rivals[0] if rivals else None)


def _from_structured(page: PageEvidence, scores: Scores) -> FilmTag | None:
    stated = page.structured
    matches = page.catalogue.by_name(stated.title) if stated else []
    if not stated or not matches:
        return None
    fitting = [f for f in matches if not contradicts(stated, f)]
    if not fitting:  # the page's own data says it is another film than the catalogue's entry of that name
        year = stated.year or stated_year(_text(page), stated.title)
        return FilmTag(stated.title, year, "structured_data+contradicts_catalogue")
    leader, runner = _leader(fitting, scores)
    if runner is None or total(scores[leader]) - total(scores[runner]) >= MARGIN:
        return FilmTag(leader.title, leader.year, "structured_data+catalogue")
    return FilmTag(stated.title, stated.year, "structured_data")


def _from_catalogue(page: PageEvidence, scores: Scores) -> FilmTag | None:
    named = [f for f, counter in scores.items() if counter["title"] or counter["slug"]]
    if not named:
        return None
    leader, runner = _leader(named, scores)
    counter = scores[leader]
    base = "catalogue:title" if counter["title"] else "catalogue:slug"
    if counter["release_date"] < 0:  # the only reading has the review written years before the film
        return FilmTag(leader.title, None, f"{base}(published_before_release)")
    stated = page.stated_years(None)
    if runner is None and counter["stated_year"] < 0 and len(stated) == 1:
        # the page states another year for its film than the catalogue's only film of that title
        return FilmTag(leader.title, stated.pop(), "stated_year+contradicts_catalogue")
    if runner is None:
        return FilmTag(leader.title, leader.year, base)
    if total(counter) - total(scores[runner]) < MARGIN:
        return FilmTag(leader.title, None, f"{base}(ambiguous)")
    return FilmTag(leader.title, leader.year, f"{base}+{_deciding(counter, scores[runner])}")


def tag_film(
    jsonld: list[dict[str, Any]],
    headline: str | None,
    body: str,
    catalogue: Catalogue,
    url: str | None = None,
    published: str | None = None,
) -> FilmTag:
    """The film a review is about, with what decided it; ``url`` and ``published`` are more evidence."""
    page = PageEvidence(jsonld, headline or "", body, catalogue, url, published)
    scores = score(page)
    found = _from_structured(page, scores) or _from_catalogue(page, scores) or _from_statements(page)
    return found or FilmTag()
