"""The film catalogue's name index: one SQLite file, opened read-only and memory-mapped by every reader.

A page is matched by walking its words, not by scanning the catalogue's names: the index knows each
catalogued name (folded) and each proper prefix of one, so a walk extends a run of words only while
it is still the start of some name. Names that begin with Hangul, kana or CJK (where words carry
particles: "발레리나는") are walked character by character from every such character instead.
Everything the walk asks comes from one query per step, and answers are kept per process (bounded)
because common words recur on every page.
"""

from __future__ import annotations

import itertools
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
        self._asked: set[str] = set()  # every key asked about so far
        # those of them that are something, under each thing they are (a kind's bit): a page's keys of a
        # kind are then one set intersection, in C
        self._having: dict[int, set[str]] = {
            bit: set() for bit in (NAME, WORD_PREFIX, WIDE_NAME, CHAR_PREFIX)
        }
        self.answers_kept_at_most = _ANSWERS_KEPT

    def film_count(self) -> int:
        row = self.connection.execute("SELECT value FROM meta WHERE name = 'films'").fetchone()
        return int(row[0]) if row else 0

    def names_in(self, folded_text: str) -> set[str]:
        """Catalogued names standing as whole words in ``folded_text``, or, for a name that starts with a
        wide-script character, anywhere in it."""
        found = self._walk(_WordRuns(folded_text.split()), WORD_PREFIX, NAME)
        if not folded_text.isascii():
            found |= self._walk(_CharRuns(folded_text), CHAR_PREFIX, WIDE_NAME)
        return found

    def _walk(self, runs_of: _Runs, prefix_bit: int, name_bit: int) -> set[str]:
        """From every start, extend the run one step at a time while it is the start of some longer name."""
        names, prefixes = self._having[name_bit], self._having[prefix_bit]
        keys = runs_of.first_keys()
        self._learn(keys)
        found = keys & names
        runs = runs_of.second(keys & prefixes)
        size = 2
        while runs:
            keys = set(runs.values())
            self._learn(keys)
            found |= keys & names
            runs = runs_of.extend(runs, keys & prefixes, size)
            size += 1
        return found

    def _learn(self, keys: set[str]) -> None:
        """Note what each key is that is something; the file is asked only about new keys."""
        asked = self._asked
        missing = keys.difference(asked)  # set operations, done in C: most keys of a page are nothing
        if len(asked) + len(missing) > self.answers_kept_at_most:
            asked.clear()
            for having in self._having.values():
                having.clear()
            missing = set(keys)
        if missing:
            rows = self.connection.execute(
                "SELECT j.value, k.kind FROM json_each(?) j JOIN keys k ON k.key = j.value",
                (json.dumps(list(missing)),),
            ).fetchall()
            for bit, having in self._having.items():
                having.update(key for key, kind in rows if kind & bit)
            asked.update(missing)

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
    def first_keys(self) -> set[str]:
        """The one-step keys of the text (its words, its wide-script characters)."""

    def second(self, extending: set[str]) -> dict[int, str]:
        """Two-step runs (start -> key) from the starts whose one-step key is ``extending``."""

    def extend(self, runs: dict[int, str], extending: set[str], size: int) -> dict[int, str]:
        """The runs (``size`` steps long) whose key is ``extending``, one step longer; none past the end."""


@dataclass(frozen=True)
class _WordRuns:
    words: list[str]

    def first_keys(self) -> set[str]:
        return set(self.words)

    def second(self, extending: set[str]) -> dict[int, str]:
        words = self.words
        # the starts whose word extends, picked in C: most words of a page start no longer name
        starts = itertools.compress(itertools.count(), map(extending.__contains__, words[:-1]))
        return {at: f"{words[at]} {words[at + 1]}" for at in starts}

    def extend(self, runs: dict[int, str], extending: set[str], size: int) -> dict[int, str]:
        words, last = self.words, len(self.words) - size
        return {at: f"{key} {words[at + size]}" for at, key in runs.items() if key in extending and at < last}


@dataclass(frozen=True)
class _CharRuns:
    text: str

    def first_keys(self) -> set[str]:
        return set(WIDE_SCRIPT.findall(self.text))

    def second(self, extending: set[str]) -> dict[int, str]:
        text, last = self.text, len(self.text) - 1
        starts = (m.start() for m in WIDE_SCRIPT.finditer(text) if m.group() in extending)
        return {at: text[at : at + 2] for at in starts if at < last}

    def extend(self, runs: dict[int, str], extending: set[str], size: int) -> dict[int, str]:
        text, last = self.text, len(self.text) - size
        return {at: key + text[at + size] for at, key in runs.items() if key in extending and at < last}
