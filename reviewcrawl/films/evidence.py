"""A page read once for film evidence: its texts folded, the catalogued titles they name and where.

Everything here is in folded text (``fold``), so titles, people and nearby words compare case-, accent- and
punctuation-free, and the catalogue is asked only through ``Catalogue.names_in``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit

from reviewcrawl.films.catalogue import Catalogue, Film, fold, fold_name
from reviewcrawl.films.folding import folded_text
from reviewcrawl.films.index import WIDE_SCRIPT
from reviewcrawl.films.statements import (
    YEAR,
    StatedFilm,
    comparison_titles,
    headline_title,
    quoted_titles,
    stated_years,
    structured_film,
)
from reviewcrawl.films.words import word_positions
from reviewcrawl.films.written import folded_title_case_runs


@dataclass(frozen=True)
class Occurrence:
    """A catalogued name standing in a folded text, with the films it may mean."""

    name: str
    start: int
    films: tuple[Film, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.name)


def positions(folded: str, folded_name: str) -> list[int]:
    """Where a folded name stands in a folded text: as a substring in CJK and Hangul, else as whole words."""
    if WIDE_SCRIPT.search(folded_name):
        return [m.start() for m in re.finditer(re.escape(folded_name), folded)]
    return word_positions(folded, folded_name)


def occurrences(
    folded: str,
    catalogue: Catalogue,
    one_words: Collection[str] | None = None,
    named: dict[str, list[Film]] | None = None,
) -> list[Occurrence]:
    """Title mentions in reading order; a name inside a longer named title ("John Wick" in "From the World of
    John Wick: Ballerina") is that title's, not a mention of its own. With ``one_words``, a one-word Latin
    name is placed only if it is among them (the everyday words a large catalogue holds as titles would
    otherwise be placed one by one; leaving them out changes no other mention, as none is shorter).
    ``named``: the names to place, when known (else every catalogued name in the text)."""
    found = [
        Occurrence(name, start, tuple(films))
        for name, films in (catalogue.names_in(folded) if named is None else named).items()
        if one_words is None or " " in name or not name.isascii() or name in one_words
        for start in positions(folded, name)
    ]
    kept: list[Occurrence] = []
    taken = bytearray(len(folded))  # the characters of the occurrences kept so far, marked 1
    for occurrence in sorted(found, key=lambda o: -len(o.name)):
        if taken.find(1, occurrence.start, occurrence.end) < 0:
            kept.append(occurrence)
            taken[occurrence.start : occurrence.end] = b"\x01" * (occurrence.end - occurrence.start)
    return sorted(kept, key=lambda o: o.start)


def url_slug(url: str | None) -> str:
    """The last path segment of a review's address, folded ("drive-2011-review" -> "drive 2011 review")."""
    if not url:
        return ""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    last = segments[-1] if segments else ""
    return fold(re.sub(r"\.\w{2,5}$", "", last))


@dataclass
class PageEvidence:
    """What one review page offers for telling its film: read once, asked by the scorer per candidate."""

    jsonld: list[dict[str, Any]]
    headline: str
    body: str
    catalogue: Catalogue
    url: str | None = None
    published: str | None = None
    # The one-word names body mentions are wanted for (the candidates' names; None: all): set by the scorer
    # once it knows its candidates, before it reads ``body_mentions``.
    candidate_names: set[str] | None = None
    _people: dict[str, list[int]] = field(default_factory=dict)

    @cached_property
    def structured(self) -> StatedFilm | None:
        return structured_film(self.jsonld)

    @cached_property
    def headline_pattern(self) -> tuple[str, int | None] | None:
        return headline_title(self.headline)

    @cached_property
    def folded_headline(self) -> str:
        return fold(self.headline)

    @cached_property
    def folded_body(self) -> str:
        return folded_text(self.body)

    @cached_property
    def body_words(self) -> frozenset[str]:
        """The folded body's words: a name with a word outside them is not in the body (no search needed).
        (A folded text is letters and digits between single spaces.)"""
        return frozenset(self.folded_body.split())

    @cached_property
    def slug(self) -> str:
        return url_slug(self.url)

    @cached_property
    def headline_mentions(self) -> list[Occurrence]:
        return occurrences(self.folded_headline, self.catalogue)

    @cached_property
    def body_mentions(self) -> list[Occurrence]:
        """Title mentions in the body. A title that explains the people beside it is a candidate's name or
        written as a title, so in a capitalised stretch: those stretches are walked (once for tagging and
        mention finding), not the whole body; a body in a wide script (no capitals) is walked whole."""
        if WIDE_SCRIPT.search(self.folded_body):
            return occurrences(self.folded_body, self.catalogue, self.candidate_names)
        named = self.catalogue.names_in(folded_title_case_runs(self.body))
        for name in self.candidate_names or ():
            if name not in named and self.body_words.issuperset(name.split()):
                named[name] = self.catalogue.by_name(name)
        return occurrences(self.folded_body, self.catalogue, self.candidate_names, named)

    @cached_property
    def slug_mentions(self) -> list[Occurrence]:
        return occurrences(self.slug, self.catalogue)

    @cached_property
    def quoted_in_headline(self) -> set[str]:
        return {fold_name(t) for t in quoted_titles(self.headline)}

    @cached_property
    def compared_in_headline(self) -> set[str]:
        return {fold_name(t) for t in comparison_titles(self.headline)}

    @cached_property
    def published_year(self) -> int | None:
        match = YEAR.search(self.published or "")
        return int(match.group(1)) if match else None

    @cached_property
    def slug_years(self) -> set[int]:
        return {int(y) for y in YEAR.findall(self.slug)}

    @cached_property
    def years_in_text(self) -> set[int]:
        return {int(y) for y in YEAR.findall(f"{self.headline}\n{self.body}")}

    def stated_years(self, title: str | None) -> set[int]:
        return stated_years(f"{self.headline}\n{self.body}", title)

    def person_positions(self, person: str) -> list[int]:
        """Where a person is named in the folded body (full name only: "Park" alone names too many)."""
        known = self._people.get(person)
        if known is None:
            known = self._people[person] = self._find_person(*_person_words(person))
        return known

    def _find_person(self, folded: str, words: tuple[str, ...] | None) -> list[int]:
        if words is not None and not self.body_words.issuperset(words):
            return []  # a whole-word match needs every word of the name among the body's words
        return positions(self.folded_body, folded) if folded in self.folded_body else []


@lru_cache(maxsize=1 << 16)
def _person_words(person: str) -> tuple[str, tuple[str, ...] | None]:
    """A person's folded name and its words (None in a wide script, where words are not spaced), worked
    out once per person: a candidate's people are looked for on every page that names it."""
    folded = fold_name(person)
    return folded, None if WIDE_SCRIPT.search(folded) else tuple(folded.split())
