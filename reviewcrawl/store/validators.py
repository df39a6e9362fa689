"""What servers told us of each page they served: its validators, and how long it has stayed unchanged.

Per URL fetched: the ``ETag`` and ``Last-Modified`` of its last full answer (sent back as ``If-None-Match`` /
``If-Modified-Since``), when it was last checked, and how many checks in a row found it unchanged (which
spaces the next check out, see reviewcrawl/planning/revisit.py). Kept beside the reviews, in a table of its
own (``revisits``) in the state store's SQLite file; ``Validators`` is all the crawl asks of it, so another
backend can stand beside ``SqliteValidators``.

Validators come from servers, so they are checked before they are kept: longer than ``MAX_VALIDATOR_CHARS``
or not printable ASCII, an ETag is not kept; a Last-Modified that is no HTTP date is not kept either.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS revisits (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT NOT NULL,
    unchanged_checks INTEGER NOT NULL DEFAULT 0
);
"""
MAX_VALIDATOR_CHARS = 256  # real ETags are hashes or version stamps; a longer one is not worth keeping


@dataclass(frozen=True)
class Revisit:
    """A URL as the last check left it."""

    url: str
    etag: str | None
    last_modified: str | None
    checked_at: str
    unchanged_checks: int

    @property
    def has_validators(self) -> bool:
        return bool(self.etag or self.last_modified)


class Validators(Protocol):
    """Writes may wait in a batch until ``flush`` (losing them costs a check, never a record)."""

    def lookup(self, url: str) -> Revisit | None: ...

    def flush(self) -> None: ...

    def remember(self, url: str, etag: str | None, last_modified: str | None, checked_at: str) -> None:
        """A full answer: its validators (None: it gave none), checked at ``checked_at``."""

    def found_unchanged(self, url: str, checked_at: str) -> None:
        """Checked again and unchanged (a 304, or the same body): the next check moves further out."""

    def found_changed(self, url: str, checked_at: str) -> None:
        """New or changed: checks start again from the shortest interval."""


def clean_etag(value: str | None) -> str | None:
    """An ETag fit to keep and send back, or None."""
    if not value or len(value) > MAX_VALIDATOR_CHARS or not value.isascii() or not value.isprintable():
        return None
    return value


def clean_http_date(value: str | None) -> str | None:
    """A Last-Modified fit to keep and send back (an HTTP date), or None."""
    if not value or len(value) > MAX_VALIDATOR_CHARS or not value.isascii() or not value.isprintable():
        return None
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return value


BATCH = 500  # writes per transaction: one fsync each, not one per page


class SqliteValidators:
    """``Validators`` in the state store's SQLite file (its connection, shared with the store)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.db.executescript(SCHEMA)
        self.waiting: list[tuple[str, tuple[object, ...]]] = []

    def _write(self, statement: str, parameters: tuple[object, ...]) -> None:
        self.waiting.append((statement, parameters))
        if len(self.waiting) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.waiting:
            return
        waiting, self.waiting = self.waiting, []
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for statement, parameters in waiting:
                self.db.execute(statement, parameters)

    def lookup(self, url: str) -> Revisit | None:
        row = self.db.execute(
            "SELECT url, etag, last_modified, checked_at, unchanged_checks FROM revisits WHERE url = ?",
            (url,),
        ).fetchone()
        return Revisit(*row) if row else None

    def remember(self, url: str, etag: str | None, last_modified: str | None, checked_at: str) -> None:
        etag, last_modified = clean_etag(etag), clean_http_date(last_modified)
        if etag or last_modified:
            self._write(
                "INSERT INTO revisits (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                (url, etag, last_modified, checked_at),
            )
        else:  # no row for a page that gave none, but old validators of a known page are dropped
            self._write(
                "UPDATE revisits SET etag = NULL, last_modified = NULL, checked_at = ? WHERE url = ?",
                (checked_at, url),
            )

    def found_unchanged(self, url: str, checked_at: str) -> None:
        self._write(
            "INSERT INTO revisits (url, checked_at, unchanged_checks) VALUES (?, ?, 1)"
            " ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at,"
            " unchanged_checks = unchanged_checks + 1",
            (url, checked_at),
        )

    def found_changed(self, url: str, checked_at: str) -> None:
        self._write(
            "INSERT INTO revisits (url, checked_at) VALUES (?, ?)"
            " ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at, unchanged_checks = 0",
            (url, checked_at),
        )
