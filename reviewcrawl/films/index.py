"""The film catalogue's name index: one SQLite file, opened read-only and memory-mapped by every reader.

A page is matched by walking its words, not by scanning the catalogue's names: the index knows each
catalogued name (folded) and each proper prefix of one, so a walk extends a run of words only while
it is still the start of some name. Names that begin with Hangul, kana or CJK (where words carry
particles: "발레리나는") are walked character by character from every such character instead.
Everything the walk asks comes from one query per step, and answers are kept per process (bounded)
because common words recur on every page.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

WIDE_SCRIPT = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
SEPARATOR = "\x1f"  # between the items of a list column: no title or name contains it

# What a key is, as bits: a name as whole words, the first words of a longer such name,
# a name starting with a wide-script character, the first characters of a longer such name.
NAME, WORD_PREFIX, WIDE_NAME, CHAR_PREFIX = 1, 2, 4, 8
_ANSWERS_KEPT = 200_000  # walk answers remembered per process, then forgotten all at once

_SCHEMA = """
CREATE TABLE films(id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER,
                   aliases TEXT NOT NULL, directors TEXT NOT NULL, cast_ TEXT NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, film INTEGER NOT NULL, PRIMARY KEY (key, film)) WITHOUT ROWID;
CREATE TABLE raw_keys(key TEXT NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE keys(key TEXT PRIMARY KEY, kind INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_MERGE_KEYS = """
INSERT INTO keys SELECT key, MAX(kind & 1) | MAX(kind & 2) | MAX(kind & 4) | MAX(kind & 8)
FROM raw_keys GROUP BY key;
DROP TABLE raw_keys;
"""


class FilmRow(NamedTuple):
    """One catalogued film as stored: title, year, aliases, directors, cast."""

    id: int
    title: str
    year: int | None
    aliases: tuple[str, ...]
    directors: tuple[str, ...]
    cast: tuple[str, ...]


def _joined(items: tuple[str, ...]) -> str:
    return SEPARATOR.join(items)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(SEPARATOR)) if text else ()


def key_kinds(folded: str) -> Iterator[tuple[str, int]]:
    """The keys one folded name puts in the index: itself and its proper prefixes."""
    if WIDE_SCRIPT.match(folded):
        yield folded, WIDE_NAME
        yield from ((folded[:size], CHAR_PREFIX) for size in range(1, len(folded)))
        return
    yield folded, NAME
    words = folded.split(" ")
    yield from ((" ".join(words[:size]), WORD_PREFIX) for size in range(1, len(words)))


def write_index(
    connection: sqlite3.Connection, films: Iterable[tuple[FilmRow, Iterable[str]]], batch: int = 20_000
) -> int:
    """Fill an empty database with ``films``, each with its folded names; returns the number of films."""
    connection.executescript(_SCHEMA)
    count = 0
    rows: list[tuple[object, ...]] = []
    names: list[tuple[str, int]] = []
    keys: list[tuple[str, int]] = []
    for row, folded_names in films:
        count += 1
        rows.append((row.id, row.title, row.year, *map(_joined, (row.aliases, row.directors, row.cast))))
        for folded in dict.fromkeys(folded_names):
            if folded:
                names.append((folded, row.id))
                keys.extend(key_kinds(folded))
        if len(rows) >= batch:
            _insert(connection, rows, names, keys)
            rows, names, keys = [], [], []
    _insert(connection, rows, names, keys)
    connection.executescript(_MERGE_KEYS)
    connection.execute("INSERT INTO meta VALUES ('films', ?)", (str(count),))
    connection.commit()
    return count


def _insert(
    connection: sqlite3.Connection,
    rows: list[tuple[object, ...]],
    names: list[tuple[str, int]],
    keys: list[tuple[str, int]],
) -> None:
    connection.executemany("INSERT INTO films VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)
    connection.executemany("INSERT INTO raw_keys VALUES (?, ?)", keys)


def open_read_only(path: Path) -> sqlite3.Connection:
    """The index file, read-only and memory-mapped: its pages live once in the system's page cache,
    shared by every process that opens it, not copied into each one's heap."""
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
    )
    connection.execute(f"PRAGMA mmap_size={1 << 34}")
    connection.execute("PRAGMA cache_size=-2000")  # what is not mapped: at most 2 MB per process
    return connection


class NameIndex:
    """Queries on a built index: which catalogued names a folded text contains, and the films of a name."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._kinds: dict[str, int] = {}

    def film_count(self) -> int:
        row = self.connection.execute("SELECT value FROM meta WHERE name = 'films'").fetchone()
        return int(row[0]) if row else 0

    def names_in(self, folded_text: str) -> set[str]:
        """Catalogued names standing as whole words in ``folded_text``, or, for a name that starts with a
        wide-script character, anywhere in it."""
        words = folded_text.split()
        found = self._walk(dict(enumerate(words)), _WordRuns(words), WORD_PREFIX, NAME)
        starts = {m.start(): m.group() for m in WIDE_SCRIPT.finditer(folded_text)}
        if starts:
            found |= self._walk(starts, _CharRuns(folded_text), CHAR_PREFIX, WIDE_NAME)
        return found

    def _walk(self, runs: dict[int, str], runs_of: _Runs, prefix_bit: int, name_bit: int) -> set[str]:
        """Extend every run (start -> key) one step at a time while its key starts some longer name."""
        found: set[str] = set()
        size = 1
        while runs:
            kinds = self.kinds(set(runs.values()))
            longer = {}
            for at, key in runs.items():
                kind = kinds[key]
                if kind & name_bit:
                    found.add(key)
                if kind & prefix_bit:
                    extended = runs_of.extend(at, key, size)
                    if extended is not None:
                        longer[at] = extended
            runs, size = longer, size + 1
        return found

    def kinds(self, keys: set[str]) -> dict[str, int]:
        """What each key is (0: nothing), asking the file only about keys not seen before."""
        known = self._kinds
        missing = [key for key in keys if key not in known]
        if missing:
            if len(known) + len(missing) > _ANSWERS_KEPT:
                known.clear()
            answers = dict(
                self.connection.execute(
                    "SELECT j.value, k.kind FROM json_each(?) j JOIN keys k ON k.key = j.value",
                    (json.dumps(missing),),
                ).fetchall()
            )
            for key in missing:
                known[key] = answers.get(key, 0)
        return {key: known[key] for key in keys}

    def films_named(self, keys: Iterable[str]) -> dict[str, list[FilmRow]]:
        """The films under each folded name, in catalogue order."""
        found: dict[str, list[FilmRow]] = {}
        query = (
            "SELECT n.key, f.id, f.title, f.year, f.aliases, f.directors, f.cast_"
            " FROM json_each(?) j JOIN names n ON n.key = j.value JOIN films f ON f.id = n.film"
            " ORDER BY n.key, f.id"
        )
        for key, film_id, title, year, aliases, directors, cast in self.connection.execute(
            query, (json.dumps(list(keys)),)
        ):
            row = FilmRow(film_id, title, year, _split(aliases), _split(directors), _split(cast))
            found.setdefault(key, []).append(row)
        return found

    def all_films(self) -> Iterator[FilmRow]:
        query = "SELECT id, title, year, aliases, directors, cast_ FROM films ORDER BY id"
        for film_id, title, year, aliases, directors, cast in self.connection.execute(query):
            yield FilmRow(film_id, title, year, _split(aliases), _split(directors), _split(cast))


class _Runs(Protocol):
    def extend(self, at: int, key: str, size: int) -> str | None:
        """The run starting at ``at`` (``key``, ``size`` steps long) one step longer, None at the end."""


@dataclass(frozen=True)
class _WordRuns:
    words: list[str]

    def extend(self, at: int, key: str, size: int) -> str | None:
        after = at + size
        return f"{key} {self.words[after]}" if after < len(self.words) else None


@dataclass(frozen=True)
class _CharRuns:
    text: str

    def extend(self, at: int, key: str, size: int) -> str | None:
        after = at + size
        return key + self.text[after] if after < len(self.text) else None
