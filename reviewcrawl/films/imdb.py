"""Build a film catalogue from IMDb's public TSV datasets (title.basics, title.akas,
title.principals, name.basics; plain or gzipped).

    python -m reviewcrawl.films.imdb --basics title.basics.tsv.gz --akas title.akas.tsv.gz \\
        --principals title.principals.tsv.gz --names name.basics.tsv.gz --min-year 1950 -o films.jsonl

The files are read as streams, one pass each, so memory grows with the number of
films kept, not with the size of the dumps.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

FILM_TYPES = {"movie", "tvMovie"}
MISSING = "\\N"
MAX_CAST = 6
MAX_ALIASES = 8


@dataclass
class Entry:
    title: str
    year: int
    aliases: list[str] = field(default_factory=list)
    directors: list[str] = field(default_factory=list)
    cast: list[str] = field(default_factory=list)


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open("r", encoding="utf-8", newline="")


def rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with _open(path) as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def read_films(basics: Path, min_year: int) -> dict[str, Entry]:
    films = {}
    for row in rows(basics):
        year = row.get("startYear", MISSING)
        wanted = row.get("titleType") in FILM_TYPES and row.get("isAdult") != "1"
        if wanted and year.isdigit() and int(year) >= min_year:
            entry = films[row["tconst"]] = Entry(row["primaryTitle"], int(year))
            if row["originalTitle"] not in (MISSING, row["primaryTitle"]):
                entry.aliases.append(row["originalTitle"])
    return films


def add_aliases(films: dict[str, Entry], akas: Path) -> None:
    for row in rows(akas):
        entry = films.get(row["titleId"])
        title = row.get("title", MISSING)
        if entry is None or title in (MISSING, entry.title) or title in entry.aliases:
            continue
        if len(entry.aliases) < MAX_ALIASES:
            entry.aliases.append(title)


def add_people(films: dict[str, Entry], principals: Path, names: Path) -> None:
    credits: dict[str, list[tuple[str, str]]] = {}
    for row in rows(principals):
        if row["tconst"] in films and row["category"] in {"director", "actor", "actress"}:
            credits.setdefault(row["nconst"], []).append((row["tconst"], row["category"]))
    for row in rows(names):
        for tconst, category in credits.get(row["nconst"], ()):
            entry = films[tconst]
            if category == "director":
                entry.directors.append(row["primaryName"])
            elif len(entry.cast) < MAX_CAST:
                entry.cast.append(row["primaryName"])


def write_catalogue(films: dict[str, Entry], out: IO[str]) -> int:
    for entry in films.values():
        record = {
            "title": entry.title,
            "year": entry.year,
            "aliases": entry.aliases,
            "directors": entry.directors,
            "cast": entry.cast,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(films)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--basics", type=Path, required=True)
    parser.add_argument("--akas", type=Path)
    parser.add_argument("--principals", type=Path)
    parser.add_argument("--names", type=Path)
    parser.add_argument("--min-year", type=int, default=1900)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if bool(args.principals) != bool(args.names):
        parser.error("--principals and --names go together")
    for option in ("basics", "akas", "principals", "names"):
        path = getattr(args, option)
        if path is not None and not path.is_file():
            return error(f"--{option} file not found: {path}")
    try:
        count = build_catalogue(args)
    except (OSError, EOFError, UnicodeDecodeError, csv.Error, KeyError) as exc:
        # A truncated download, a file of another kind, or one without the expected columns.
        return error(f"cannot build the catalogue: {describe(exc)}")
    print(f"wrote {count} films to {args.output}")
    return 0


def build_catalogue(args: argparse.Namespace) -> int:
    films = read_films(args.basics, args.min_year)
    if args.akas:
        add_aliases(films, args.akas)
    if args.principals:
        add_people(films, args.principals, args.names)
    with args.output.open("w", encoding="utf-8") as out:
        return write_catalogue(films, out)


def describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"column {exc} missing"
    return " ".join(str(exc).split()) or type(exc).__name__


def error(message: str) -> int:
    print(f"reviewcrawl: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
