"""The film catalogue: a JSON-lines file, one film per line."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from reviewcrawl.films.words import word_positions


class CatalogueError(ValueError):
    """The catalogue file is missing or malformed."""


# Hangul, kana and CJK: words carry particles ("발레리나는"), so a name there is found as a substring.
_WIDE_SCRIPT = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
_NON_WORD = re.compile(r"[\W_]+")
# Combining marks of the Basic Multilingual Plane, removed in one pass; a text with characters beyond
# it (rare) is checked character by character.
_BMP_MARKS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]"
)


def _without_marks(text: str) -> str:
    if text.isascii():
        return text
    if max(text) > "\uffff":
        return "".join(c for c in text if not unicodedata.combining(c))
    return _BMP_MARKS.sub("", text)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to compare titles."""
    letters = _without_marks(unicodedata.normalize("NFKD", text.casefold()))
    return _NON_WORD.sub(" ", letters).strip()


@lru_cache(maxsize=8192)
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


@dataclass
class Catalogue:
    """Films to tag reviews with; not changed once loaded (its name indexes are built on first use)."""

    films: list[Film] = field(default_factory=list)

    @cached_property
    def folded_names(self) -> list[tuple[Film, str]]:
        """(film, folded name) for every title and alias, in catalogue order."""
        return [(film, fold_name(name)) for film in self.films for name in film.names]

    @cached_property
    def films_by_name(self) -> dict[str, list[Film]]:
        """Films under each title or alias as written."""
        found: dict[str, list[Film]] = {}
        for film in self.films:
            for name in film.names:
                found.setdefault(name, []).append(film)
        return found

    @cached_property
    def _films_by_folded_name(self) -> dict[str, list[Film]]:
        found: dict[str, dict[Film, None]] = {}
        for film, folded in self.folded_names:
            found.setdefault(folded, {})[film] = None
        return {name: list(films) for name, films in found.items()}

    def by_name(self, name: str) -> list[Film]:
        """Films whose title or an alias equals ``name`` (folded)."""
        return list(self._films_by_folded_name.get(fold(name), ()))

    def names_in(self, folded_text: str) -> dict[str, list[Film]]:
        """Catalogued names (folded) that stand as whole words in ``folded_text`` (a ``fold``ed page),
        each with the films it names. The one way page text is matched against the catalogue."""
        return {
            name: films
            for name, films in self._films_by_folded_name.items()
            if name in folded_text and (_WIDE_SCRIPT.search(name) or word_positions(folded_text, name))
        }

    def __len__(self) -> int:
        return len(self.films)


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


def load_catalogue(path: str | Path | None) -> Catalogue:
    if not path:
        return Catalogue()
    file = Path(path)
    if not file.is_file():
        raise CatalogueError(f"film catalogue not found: {file}")
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"film catalogue {file} cannot be read as UTF-8 text: {exc}") from exc
    films = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise CatalogueError(f"{file} line {number}: not JSON ({exc})") from exc
        films.append(_film_from_line(data, f"{file} line {number}"))
    return Catalogue(films)
