"""The state store: what earlier runs exported, in one SQLite file (``REVIEWCRAWL_STATE_DB``).

Per review (keyed by canonical URL): the URL fetched, the source, the body's hash, its revision, when it
was first and last seen, and its MinHash signature with the name of the scheme that computed it (a
signature of another scheme cannot be compared). Other URLs carrying the same review are kept in
``also_at``. The near-duplicate index (reviewcrawl/store/neardup.py) keeps its tables in the same file and
follows ``COMMITTED_SIGNATURES``.

A review on its way to the export is *pending*; it becomes a review of the store only once its line is
in the export file. A run killed in between leaves pending rows, which the next run settles against the
export files named in ``runs``: a row whose line made it is kept, any other is forgotten, so the review
is exported again.

One run at a time: a run claims the file (``claim_state_file``) with a lock on ``<file>.lock`` that the
system drops when the process ends, however it ends; a second run on the same file is refused. The claim
first checks that the file is one this store can use.
"""

from __future__ import annotations

import enum
import fcntl
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from reviewcrawl.store.neardup import SCHEME, NearDuplicateIndex
from reviewcrawl.store.validators import SqliteValidators

logger = logging.getLogger(__name__)

# The exported reviews' signatures by one scheme (:scheme): what the near-duplicate index follows.
COMMITTED_SIGNATURES = "SELECT canonical_url AS key, signature FROM reviews WHERE signature_scheme = :scheme"

SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    canonical_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    source TEXT,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    signature BLOB,
    signature_scheme TEXT
);
CREATE INDEX IF NOT EXISTS reviews_by_url ON reviews (url);
CREATE TABLE IF NOT EXISTS pending (
    canonical_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    source TEXT,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    seen_at TEXT NOT NULL,
    signature BLOB,
    run_id INTEGER NOT NULL,
    signature_scheme TEXT
);
CREATE TABLE IF NOT EXISTS also_at (
    url TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS also_at_by_review ON also_at (canonical_url);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    exports TEXT NOT NULL DEFAULT '[]',
    finished_at TEXT
);
"""


# Columns a state file must have (in the tables it has) to be taken as one; later columns are added.
STATE_COLUMNS = {
    "reviews": {"canonical_url", "url", "content_hash", "revision", "first_seen", "last_seen"},
    "pending": {"canonical_url", "content_hash", "run_id"},
    "runs": {"id", "started_at", "exports"},
    "revisits": {"url", "checked_at", "unchanged_checks"},  # reviewcrawl/store/validators.py
}
SQLITE_HEADER = b"SQLite format 3\x00"
LOCK_SUFFIX = ".lock"


class StateFileError(Exception):
    """The state file cannot be used; the message says why in one line."""


@dataclass
class Claim:
    lock_fd: int
    holders: int


_claims: dict[Path, Claim] = {}  # state files this process holds, by resolved path


@dataclass(frozen=True)
class Seen:
    """A review as the store knows it."""

    canonical_url: str
    url: str
    content_hash: str
    revision: int
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class Entry:
    """A review on its way to the export."""

    canonical_url: str
    url: str
    source: str | None
    content_hash: str
    revision: int
    seen_at: str
    signature: bytes | None = None
    signature_scheme: str | None = None


class ExportClaim(enum.Enum):
    """What ``claim_export`` decided for a review."""

    CLAIMED = "claimed"  # this process exports it, as the revision returned
    UNCHANGED = "unchanged"  # exported before with this body: its sighting is recorded, nothing to export
    TAKEN = "taken"  # another live process (or this one) is exporting it now


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_moment(text: str | None) -> datetime | None:
    """An ISO 8601 date or datetime as an aware datetime (UTC when no offset is given)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class StateStore:
    """One connection to the state file; every change is committed as it is made."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        claim_state_file(self.path)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Files written before signatures carried their scheme get the column, empty (no known scheme)."""
        for table in ("reviews", "pending"):
            columns = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if "signature_scheme" not in columns:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN signature_scheme TEXT")

    def close(self) -> None:
        self.db.close()
        release_state_file(self.path)

    # --- reading -------------------------------------------------------------------
    def seen(self, canonical_url: str) -> Seen | None:
        row = self.db.execute(
            "SELECT canonical_url, url, content_hash, revision, first_seen, last_seen"
            " FROM reviews WHERE canonical_url = ?",
            (canonical_url,),
        ).fetchone()
        return Seen(*row) if row else None

    def last_seen(self, url: str) -> datetime | None:
        """When a review at ``url`` (its canonical URL, the URL fetched or a copy's) was last fetched."""
        row = self.db.execute(
            "SELECT max(last_seen) FROM ("
            " SELECT last_seen FROM reviews WHERE canonical_url = ?1 OR url = ?1"
            " UNION ALL SELECT last_seen FROM also_at WHERE url = ?1)",
            (url,),
        ).fetchone()
        return parse_moment(row[0]) if row else None

    def also_at(self, canonical_url: str) -> list[str]:
        rows = self.db.execute(
            "SELECT url FROM also_at WHERE canonical_url = ? ORDER BY url", (canonical_url,)
        )
        return [url for (url,) in rows]

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        rows = self.db.execute("SELECT canonical_url, signature FROM reviews WHERE signature IS NOT NULL")
        yield from rows

    def foreign_signatures(self, scheme: str) -> int:
        """How many reviews have a signature by another scheme than ``scheme``, or by an unknown one."""
        row = self.db.execute(
            "SELECT count(*) FROM reviews WHERE signature IS NOT NULL"
            " AND (signature_scheme IS NULL OR signature_scheme != ?)",
            (scheme,),
        ).fetchone()
        return int(row[0])

    def pending_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM pending").fetchone()[0])

    # --- writing -------------------------------------------------------------------
    def mark_pending(self, entry: Entry, run_id: int) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pending (canonical_url, url, source, content_hash, revision, seen_at,"
            " signature, signature_scheme, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.canonical_url,
                entry.url,
                entry.source,
                entry.content_hash,
                entry.revision,
                entry.seen_at,
                entry.signature,
                entry.signature_scheme,
                run_id,
            ),
        )

    def claim_export(self, entry: Entry, run_id: int) -> tuple[ExportClaim, int]:
        """An unchanged review is touched (``Claim.UNCHANGED``); any other becomes pending with its next
        revision. One run holds the file, so nobody else can be exporting the review."""
        seen = self.seen(entry.canonical_url)
        if seen and seen.content_hash == entry.content_hash:
            self.touch(entry.canonical_url, entry.seen_at, entry.signature, entry.signature_scheme)
            return ExportClaim.UNCHANGED, seen.revision
        revision = seen.revision + 1 if seen else 1
        self.mark_pending(replace(entry, revision=revision), run_id)
        return ExportClaim.CLAIMED, revision

    def validators(self) -> SqliteValidators:
        """The pages' validators and revisit checks, in this file (a table of their own)."""
        return SqliteValidators(self.db)

    def near_duplicate_index(self, threshold: float) -> NearDuplicateIndex:
        """The index in this file, made to follow the exported reviews (forgetting what a killed run
        indexed but never exported)."""
        index = NearDuplicateIndex(threshold, self.path)
        index.sync(COMMITTED_SIGNATURES, scheme=SCHEME)
        return index

    def commit_written(self, canonical_url: str, content_hash: str | None = None) -> bool:
        """Make a pending review a review of the store; False when there was none (to this hash)."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            moved = self.db.execute(
                "INSERT INTO reviews (canonical_url, url, source, content_hash, revision, first_seen,"
                " last_seen, signature, signature_scheme)"
                " SELECT canonical_url, url, source, content_hash, revision, seen_at, seen_at, signature,"
                " signature_scheme FROM pending"
                " WHERE canonical_url = ?1 AND (?2 IS NULL OR content_hash = ?2)"
                " ON CONFLICT (canonical_url) DO UPDATE SET url = excluded.url, source = excluded.source,"
                " content_hash = excluded.content_hash, revision = excluded.revision,"
                " last_seen = excluded.last_seen, signature = excluded.signature,"
                " signature_scheme = excluded.signature_scheme",
                (canonical_url, content_hash),
            ).rowcount
            self.db.execute(
                "DELETE FROM pending WHERE canonical_url = ?1 AND (?2 IS NULL OR content_hash = ?2)",
                (canonical_url, content_hash),
            )
        return moved > 0

    def touch(
        self, canonical_url: str, seen_at: str, signature: bytes | None = None, scheme: str | None = None
    ) -> None:
        """A review fetched again unchanged: its last sighting, and its signature by ``scheme`` when given
        (so signatures of an older scheme are replaced as their reviews come round)."""
        self.db.execute(
            "UPDATE reviews SET last_seen = ?1, signature = coalesce(?2, signature),"
            " signature_scheme = CASE WHEN ?2 IS NULL THEN signature_scheme ELSE ?3 END"
            " WHERE canonical_url = ?4",
            (seen_at, signature, scheme, canonical_url),
        )

    def touch_urls(self, urls: Iterable[str], seen_at: str) -> None:
        """Reviews a server said are unchanged (304), by the URL fetched: their last sighting, in one
        transaction. A URL the store does not hold changes nothing."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for url in urls:
                self.db.execute(
                    "UPDATE reviews SET last_seen = ?1 WHERE canonical_url = ?2 OR url = ?2", (seen_at, url)
                )
                self.db.execute("UPDATE also_at SET last_seen = ?1 WHERE url = ?2", (seen_at, url))

    def add_also_at(self, url: str, canonical_url: str, seen_at: str) -> None:
        """Remember ``url`` as another place the review ``canonical_url`` is published."""
        self.db.execute(
            "INSERT INTO also_at VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
            " canonical_url = excluded.canonical_url, last_seen = excluded.last_seen",
            (url, canonical_url, seen_at),
        )

    # --- runs ------------------------------------------------------------------------
    def start_run(self) -> int:
        cursor = self.db.execute("INSERT INTO runs (started_at) VALUES (?)", (now_iso(),))
        return int(cursor.lastrowid or 0)

    def add_export(self, run_id: int, path: Path) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            exports = self.run_exports(run_id)
            if str(path) not in exports:
                exports.append(str(path))
                self.db.execute("UPDATE runs SET exports = ? WHERE id = ?", (json.dumps(exports), run_id))

    def run_exports(self, run_id: int) -> list[str]:
        row = self.db.execute("SELECT exports FROM runs WHERE id = ?", (run_id,)).fetchone()
        return list(json.loads(row[0])) if row else []

    def finish_run(self, run_id: int) -> None:
        self.db.execute("UPDATE runs SET finished_at = ? WHERE id = ?", (now_iso(), run_id))

    # --- after a crash -------------------------------------------------------------------
    def settle_pending(self) -> tuple[int, int]:
        """Keep the pending reviews whose lines reached an export, forget the rest: (kept, forgotten)."""
        pending = self.db.execute("SELECT canonical_url, content_hash, run_id FROM pending").fetchall()
        written: dict[int, set[tuple[str, str]]] = {}
        kept = 0
        for canonical_url, content_hash, run_id in pending:
            if run_id not in written:
                written[run_id] = exported_pairs(self.run_exports(run_id))
            if (canonical_url, content_hash) in written[run_id]:
                kept += self.commit_written(canonical_url, content_hash)
        forgotten = self.db.execute("DELETE FROM pending").rowcount
        return kept, forgotten


def exported_pairs(paths: Iterable[str]) -> set[tuple[str, str]]:
    """(canonical_url, content_hash) of every whole record line in the given JSON-lines files."""
    pairs: set[tuple[str, str]] = set()
    for path in paths:
        for record in read_records(Path(path)):
            canonical, content_hash = record.get("canonical_url"), record.get("content_hash")
            if isinstance(canonical, str) and isinstance(content_hash, str):
                pairs.add((canonical, content_hash))
    return pairs


def read_records(path: Path) -> Iterator[dict[str, object]]:
    """The JSON objects of a JSON-lines file; a cut or broken line is skipped."""
    if not path.is_file():
        return
    with path.open("rb") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def claim_state_file(path: str | Path) -> None:
    """Hold ``path`` for this process (checked and locked on the first claim; claims nest).

    Raises StateFileError when the file is not a usable state file or another process holds it.
    """
    path = Path(path)
    key = path.resolve()
    if key in _claims:
        _claims[key].holders += 1
        return
    refuse_non_file(path)
    lock_fd = lock_state_file(path)
    try:
        check_state_file(path)
    except StateFileError:
        os.close(lock_fd)
        raise
    _claims[key] = Claim(lock_fd, 1)


def release_state_file(path: str | Path) -> None:
    key = Path(path).resolve()
    claim = _claims.get(key)
    if claim is None:
        return
    claim.holders -= 1
    if claim.holders <= 0:
        os.close(claim.lock_fd)  # drops the lock
        del _claims[key]


def refuse_non_file(path: Path) -> None:
    if path.is_dir():
        raise StateFileError(f"state file {path} is a directory")
    if path.exists() and not path.is_file():
        raise StateFileError(f"state file {path} is not a regular file")


def lock_state_file(path: Path) -> int:
    """An exclusive lock on ``<path>.lock``, held as long as the returned descriptor is open."""
    lock_path = path.with_name(path.name + LOCK_SUFFIX)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StateFileError(f"cannot lock state file {path}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise StateFileError(f"state file {path} is in use by another run") from exc
    return fd


def check_state_file(path: Path) -> None:
    """Raise StateFileError unless ``path`` is missing, empty, or a sound state file."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb") as data:
            header = data.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StateFileError(f"cannot read state file {path}: {exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise StateFileError(f"state file {path} is not an SQLite database")
    try:
        tables = sound_tables(path)
    except sqlite3.Error as exc:
        raise StateFileError(f"state file {path} is damaged: {exc}") from exc
    foreign = foreign_tables(tables)
    if foreign:
        raise StateFileError(f"state file {path} is not a reviewcrawl state file ({foreign})")


def sound_tables(path: Path) -> dict[str, set[str]]:
    """The tables of a database that passes SQLite's quick check, with their columns."""
    db = sqlite3.connect(path)
    try:
        problems = [row[0] for row in db.execute("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(problems[0].splitlines()[-1] if problems else "no check result")
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: {row[1] for row in db.execute(f'PRAGMA table_info("{name}")')} for name in names}
    finally:
        db.close()


def foreign_tables(tables: dict[str, set[str]]) -> str:
    """Why ``tables`` are not a state store's, or "" when they are (or when there are none)."""
    if not tables:
        return ""
    if "reviews" not in tables:
        return "no reviews table"
    for name, columns in STATE_COLUMNS.items():
        missing = columns - tables.get(name, columns)
        if missing:
            return f"table {name} lacks {', '.join(sorted(missing))}"
    return ""
