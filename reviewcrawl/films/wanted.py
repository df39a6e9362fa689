"""What a title crawl wants: the catalogue entries its title (and year) names, and which tags are theirs.

A title given by any of an entry's names (main title or alias) means that entry, never every film sharing
one of its names: ``발레리나`` is Ballerina (2023) only, though Ballerina (2025) shares its main title.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from reviewcrawl.films.catalogue import Catalogue, Film, fold


class FilmTag(Protocol):
    """A film tag as ``tagger.FilmTag`` gives it (not imported: planning must not reach the tagger)."""

    @property
    def title(self) -> str | None: ...

    @property
    def year(self) -> int | None: ...


@dataclass(frozen=True)
class BareTitleTag:
    """A film tag given by a headline that is the wanted film's name and nothing more."""

    title: str
    year: int | None
    evidence: str = "headline:wanted_title"


@dataclass(frozen=True)
class WantedFilm:
    """The film a title crawl asked for.

    ``entries`` are the catalogue entries the title means (several only when a shared name was given
    without a year); none when the catalogue does not know the title, which is then matched as written.
    ``sole_names`` are the entries' folded names that name no other catalogue film.
    """

    title: str
    year: int | None = None
    entries: tuple[Film, ...] = ()
    sole_names: frozenset[str] = frozenset()

    @property
    def search_names(self) -> tuple[str, ...]:
        """What to type into a site's search: every name of the wanted entries, each once when folded."""
        names = [name for entry in self.entries for name in entry.names] or [self.title]
        unique: dict[str, str] = {}
        for name in names:
            unique.setdefault(fold(name), name)  # the first spelling of each name is searched
        return tuple(unique.values())

    def keeps(self, tag: FilmTag) -> bool:
        """Whether a review tagged ``tag`` is about the wanted film."""
        if tag.title is None:
            return False
        name = fold(tag.title)
        if not self.entries:
            return name == fold(self.title) and (self.year is None or tag.year == self.year)
        if any(_is_entry(tag, name, entry) for entry in self.entries):
            return True
        # A tag without a year names its film by name alone: that is enough only when no film outside the
        # wanted entries bears that name ("발레리나" yes; "Ballerina" not when only the 2023 film is wanted).
        return tag.year is None and name in self.sole_names

    def bare_headline_tag(self, headline: str | None) -> BareTitleTag | None:
        """The wanted film, for a review the tagger could not name whose headline is one of its names alone.

        Outlets headline reviews with the bare film title; without a catalogue entry nothing on such a page
        says the headline is a film's name, but in a title crawl the asked-for title does. Only a name that
        means no film outside the wanted ones is taken.
        """
        name = fold(headline or "")
        if not name:
            return None
        if not self.entries:
            return BareTitleTag(self.title, self.year) if name == fold(self.title) else None
        if name not in self.sole_names:
            return None
        named = [entry for entry in self.entries if name in {fold(n) for n in entry.names}]
        return BareTitleTag(named[0].title, named[0].year if len(named) == 1 else None)

    def describe(self) -> str:
        """The entries the title means, for the crawl's log."""
        if not self.entries:
            asked = f"{self.title!r}" + (f" ({self.year})" if self.year is not None else "")
            return f"{asked} is not in the film catalogue: reviews tagged with that title are kept"
        films = ", ".join(f"{entry.title} ({entry.year or 'year unknown'})" for entry in self.entries)
        searched = " / ".join(self.search_names)
        if len(self.entries) > 1:
            return (
                f"{self.title!r} names {len(self.entries)} films in the catalogue: {films}; reviews of "
                f"any of them are kept (give -a year=... for one); searched as {searched}"
            )
        return f"{self.title!r} means {films}; searched as {searched}"


def _is_entry(tag: FilmTag, folded_name: str, entry: Film) -> bool:
    if folded_name not in {fold(name) for name in entry.names}:
        return False
    return entry.year is None or tag.year == entry.year


def resolve_wanted(title: str, year: int | None, catalogue: Catalogue) -> WantedFilm:
    """The catalogue entries ``title`` (and ``year``) means."""
    entries = catalogue.by_name(title)
    if year is not None:
        entries = [entry for entry in entries if entry.year == year]
    return WantedFilm(title, year, tuple(entries), _sole_names(entries, catalogue))


def _sole_names(entries: list[Film], catalogue: Catalogue) -> frozenset[str]:
    wanted = set(entries)
    names = {fold(name) for entry in entries for name in entry.names}
    return frozenset(name for name in names if set(catalogue.by_name(name)) <= wanted)


def is_wanted(tag: FilmTag, title: str, year: int | None, catalogue: Catalogue) -> bool:
    """Whether a tagged review is about the film a title crawl asked for (see ``WantedFilm.keeps``)."""
    return resolve_wanted(title, year, catalogue).keeps(tag)
