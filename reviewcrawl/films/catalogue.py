"""The film catalogue: a JSON-lines file, one film per line, read through a shared name index."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from reviewcrawl.films.index import WIDE_SCRIPT, FilmRow, NameIndex, open_read_only, write_index
from reviewcrawl.films.indexfile import index_file


class CatalogueError(ValueError):
    """The catalogue file is missing or malformed."""


_NON_WORD = re.compile(r"[\W_]+")
# Combining marks of the Basic Multilingual Plane, removed in one pass; a text with one beyond it (rare)
# is read character by character.
_BMP_MARKS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]"
)
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def without_marks(text: str) -> str:
    if text.isascii():
        return text
    if any(unicodedata.combining(c) for c in set(_BEYOND_BMP.findall(text))):
        return "".join(c for c in text if not unicodedata.combining(c))
    return _BMP_MARKS.sub("", text)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to compare titles."""
    letters = without_marks(unicodedata.normalize("NFKD", text.casefold()))
    return _NON_WORD.sub(" ", letters).strip()


# Large enough for the names a large catalogue brings to each page (its candidates' titles and people).
@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """``fold`` for the short strings every page compares against: titles and people's names."""
    return fold(name)


@dataclass(frozen=True)
class Film:
    title: str
    year: int | None
    aliases: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    def __hash__(self) -> int:
        # Equal films share title and year: hashing those alone keeps sets and dicts of candidates cheap.
        return hash((self.title, self.year))


def _film_people_words(film: Film) -> set[str] | None:
    people = " ".join((*film.directors, *film.cast))
    return None if WIDE_SCRIPT.search(people) else set(fold(people).split())


def people_index(films: Sequence[Film]) -> dict[str, list[int]] | None:
    """Each folded word of the names of the films' people, with the places in ``films`` of the films whose
    people's names hold it; None when one is written in a wide script (there a name carries particles on
    the page, so no word tells)."""
    index: dict[str, list[int]] = {}
    for at, film in enumerate(films):
        own = _film_people_words(film)
        if own is None:
            return None
        for word in own:  # interned: the same names recur under many titles
            index.setdefault(sys.intern(word), []).append(at)
    return index


class Catalogue:
    """Films to tag reviews with, behind a name index (``reviewcrawl.films.index``); not changed once made.

    ``load_catalogue`` opens the shared index file built from a JSON-lines catalogue; ``Catalogue(films)``
    indexes a list in memory, on first use, and answers the same way.
    """

    def __init__(self, films: Iterable[Film] = (), *, index: NameIndex | None = None) -> None:
        self._given = list(films) if index is None else None
        self._opened = index
        self._known: dict[str, _Named] = {}  # per process, bounded:
        self.films_kept_at_most = _FILMS_KEPT
        self._films_kept = 0
        self._last_walk: tuple[str | None, dict[str, list[Film]]] = (None, {})

    @cached_property
    def _index(self) -> NameIndex:
        if self._opened is not None:
            return self._opened
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        write_index(
            connection, ((_row(number, film), _folded_names(film)) for number, film in enumerate(self.films))
        )
        return NameIndex(connection)

    @cached_property
    def films(self) -> list[Film]:
        """Every film, in catalogue order (a full read of an index file: not for use per page)."""
        if self._given is not None:
            return self._given
        return [_film(row) for row in self._index.all_films()]

    @cached_property
    def folded_names(self) -> list[tuple[Film, str]]:
        """(film, folded name) for every title and alias, in catalogue order (a full scan: not per page)."""
        return [(film, fold_name(name)) for film in self.films for name in film.names]

    @cached_property
    def films_by_name(self) -> dict[str, list[Film]]:
        """Films under each title or alias as written (a full scan: not for use per page)."""
        found: dict[str, list[Film]] = {}
        for film in self.films:
            for name in film.names:
                found.setdefault(name, []).append(film)
        return found

    def by_name(self, name: str) -> list[Film]:
        """Films whose title or an alias equals ``name`` (folded)."""
        named = self._named([fold(name)])
        return list(named[0].films) if named else []

    def names_in(self, folded_text: str) -> dict[str, list[Film]]:
        """Catalogued names (folded) that stand as whole words in ``folded_text`` (a ``fold``ed page),
        each with the films it names, in catalogue order of each name's first film. The one way page
        text is matched against the catalogue. A name starting with Hangul, kana or CJK counts anywhere,
        words there carrying particles."""
        if self._given == []:  # nothing to find: no index to build
            return {}
        if self._last_walk[0] != folded_text:  # tagging and mention finding read the same stretches in turn
            found = {named.key: named.films for named in self._named(self._index.names_in(folded_text))}
            self._last_walk = (folded_text, found)
        return dict(self._last_walk[1])

    def spellings(self, folded: str) -> set[str]:
        """The titles and aliases as written (capitals and all) that fold to ``folded``, kept with its films:
        a title is written as catalogued, and the films of an everyday word are many."""
        named = self._known.get(folded) or next(iter(self._named([folded])), None)
        if named is None:
            return set()
        if named.spellings is None:
            written = {name for film in named.films for name in film.names}
            named.spellings = {name for name in written if fold_name(name) == folded}
        return named.spellings

    def people_index(self, folded: str) -> dict[str, list[int]] | None:
        """``people_index`` of the films under ``folded`` (``names_in``'s list), kept with them: a page
        with none of its words names none of their people (one set test instead of one per film)."""
        named = self._known.get(folded) or next(iter(self._named([folded])), None)
        if named is None:
            return {}
        if not named.people_known:
            named.people_index, named.people_known = people_index(named.films), True
        return named.people_index

    def _named(self, keys: Collection[str]) -> list[_Named]:
        """The films of each key from this process's store of recent answers, else from the index."""
        if self._given == []:  # nothing to find: no index to build
            return []
        known = self._known
        missing = [key for key in keys if key not in known]
        if missing:
            rows = self._index.films_named(missing)
            if self._films_kept + sum(map(len, rows.values())) > self.films_kept_at_most:
                known.clear()
                self._films_kept = 0
                rows = self._index.films_named(missing := list(keys))
            for key in missing:
                named = rows.get(key, [])
                known[key] = _Named(key, named[0].id if named else -1, list(dict.fromkeys(map(_film, named))))
                self._films_kept += len(named)
        found = [known[key] for key in keys if known[key].films]
        return sorted(found, key=lambda named: named.first_row)

    def __len__(self) -> int:
        return len(self._given) if self._given is not None else self._index.film_count()


# Films kept decoded per process: the names of everyday words recur on every page.
_FILMS_KEPT = 60_000


@dataclass
class _Named:
    """The films under one folded name."""

    key: str
    first_row: int  # where the first of them stands in the catalogue
    films: list[Film]
    spellings: set[str] | None = None  # worked out on first use
    people_index: dict[str, list[int]] | None = None  # worked out on first use
    people_known: bool = False


def _folded_names(film: Film) -> list[str]:
    return [fold(name) for name in film.names]


def _row(number: int, film: Film) -> FilmRow:
    return FilmRow(number, film.title, film.year, film.aliases, film.directors, film.cast)


def _film(row: FilmRow) -> Film:
    return Film(row.title, row.year, row.aliases, row.directors, row.cast)


def _film_from_line(data: object, where: str) -> Film:
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise CatalogueError(f"{where}: each line must be an object with a string title")
    year = data.get("year")
    if year is not None and not isinstance(year, int):
        raise CatalogueError(f"{where}: year must be an integer or null")
    return Film(
        title=data["title"],
        year=year,
        aliases=tuple(str(a) for a in data.get("aliases") or ()),
        directors=tuple(str(d) for d in data.get("directors") or ()),
        cast=tuple(str(c) for c in data.get("cast") or ()),
    )


def read_films(path: Path) -> Iterator[Film]:
    """The films of a JSON-lines catalogue, read line by line; CatalogueError names the first bad line."""
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield _film_from_line(_json(line, f"{path} line {number}"), f"{path} line {number}")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"film catalogue {path} cannot be read as UTF-8 text: {exc}") from exc


def _json(line: str, where: str) -> object:
    try:
        return json.loads(line)
    except ValueError as exc:
        raise CatalogueError(f"{where}: not JSON ({exc})") from exc


def _build(path: Path, connection: sqlite3.Connection) -> None:
    write_index(
        connection,
        ((_row(number, film), _folded_names(film)) for number, film in enumerate(read_films(path))),
    )


def load_catalogue(path: str | Path | None) -> Catalogue:
    """The catalogue at ``path`` (JSON lines), through its index file: built on first use (which checks
    every line) and again whenever the file changes, then shared by every process that loads it."""
    if not path:
        return Catalogue()
    file = Path(path)
    if not file.is_file():
        raise CatalogueError(f"film catalogue not found: {file}")
    return Catalogue(index=NameIndex(open_read_only(index_file(file, _build))))
