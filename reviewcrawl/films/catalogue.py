"""The film catalogue: a JSON-lines file, one film per line."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


class CatalogueError(ValueError):
    """The catalogue file is missing or malformed."""


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to compare titles."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", letters).strip()


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
    films: list[Film] = field(default_factory=list)

    def by_name(self, name: str) -> list[Film]:
        """Films whose title or an alias equals ``name`` (folded)."""
        wanted = fold(name)
        return [f for f in self.films if any(fold(n) == wanted for n in f.names)]

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
    films = []
    for number, line in enumerate(file.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise CatalogueError(f"{file} line {number}: not JSON ({exc})") from exc
        films.append(_film_from_line(data, f"{file} line {number}"))
    return Catalogue(films)
