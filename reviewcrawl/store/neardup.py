"""Near-duplicate review bodies: MinHash signatures of word shingles, looked up through LSH bands in SQLite.

A review syndicated to a second site comes out of boilerplate stripping with the same text, give or take
a line of cruft that slipped through; an estimated Jaccard similarity of the bodies' 5-word shingles at
or above the threshold makes the second one a copy of the first.

The signature is one-permutation MinHash (Li, Owen and Zhang, 2012) with optimal densification
(Shrivastava, 2017): each shingle is hashed once to 64 bits, the top bits pick one of NUM_PERM bins and
each bin keeps its smallest hash; a bin no shingle fell into borrows the value of the first filled bin in
its own fixed order of donors. Two signatures agree in a bin with probability equal to the Jaccard
similarity of the shingle sets, as with NUM_PERM independent permutations, at the cost of one hash per
shingle. Shingle hashes are polynomial hashes of the shingle's code points, computed for all shingles at
once from prefix sums, then scrambled by the splitmix64 finaliser: stable across processes and runs.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
import weakref
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from reviewcrawl import settings as defaults

logger = logging.getLogger(__name__)

NUM_PERM = 128
SEED = 20240611  # fixed: signatures are stored and compared across runs
SCHEME = "oph128-poly64-codepoints"  # recorded beside stored signatures; change it whenever signatures change
SHINGLE_WORDS = 5
SIGNATURE_BYTES = NUM_PERM * 4
_WORD = re.compile(r"\w+", re.UNICODE)

_BIN_BITS = NUM_PERM.bit_length() - 1
assert 1 << _BIN_BITS == NUM_PERM, "one-permutation hashing needs a power-of-two number of bins"
_BIN_SHIFT = np.uint64(64 - _BIN_BITS)
_VALUE_SHIFT = np.uint64(64 - _BIN_BITS - 32)  # the 32 bits right below the bin number
_BINS = np.arange(NUM_PERM, dtype=np.uint64)
_BIN_STARTS = _BINS << _BIN_SHIFT
_SPACE = ord(" ")
_MASK64 = (1 << 64) - 1


def _constants() -> tuple[int, int, np.ndarray]:
    rng = np.random.default_rng(SEED)
    base = int(rng.integers(1 << 62, dtype=np.uint64)) | 1  # odd, so it has an inverse modulo 2**64
    salt = int(rng.integers(1 << 63, dtype=np.uint64))
    donors = np.array([rng.permutation(NUM_PERM) for _ in range(NUM_PERM)])
    return base, salt, donors


_BASE, _SALT, _DONORS = _constants()
_BAND_WEIGHTS = np.random.default_rng([SEED, 1]).integers(1 << 63, size=NUM_PERM, dtype=np.uint64) | 1
_BAND_NUMBERS = np.arange(NUM_PERM, dtype=np.uint64)
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)


class _Powers:
    """BASE**i and BASE**-i modulo 2**64, grown on demand and shared by all calls."""

    def __init__(self) -> None:
        self.up = np.ones(1, dtype=np.uint64)
        self.down = np.ones(1, dtype=np.uint64)

    def upto(self, length: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.up) < length:
            size = max(length, 2 * len(self.up), 8192)
            self.up = self._series(_BASE, size)
            self.down = self._series(_BASE_INVERSE, size)
        return self.up[:length], self.down[:length]

    @staticmethod
    def _series(factor: int, size: int) -> np.ndarray:
        series = np.empty(size, dtype=np.uint64)
        series[0] = 1
        np.cumprod(np.full(size - 1, factor, dtype=np.uint64), out=series[1:])  # wraps modulo 2**64
        return series


_POWERS = _Powers()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Overlapping runs of ``size`` words, case-folded; a shorter text is one shingle."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    values = values ^ (values >> np.uint64(30))
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values


def _word_points() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane, whether ``\\w`` matches it."""
    return np.fromiter((chr(point).isalnum() for point in range(0x10000)), dtype=bool, count=0x10000) | (
        np.arange(0x10000) == ord("_")
    )


_IS_WORD = _word_points()


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def folded_words(text: str) -> np.ndarray:
    """The code points of ``text``'s words, case-folded, one space between words: the text ``shingles``
    cuts into shingles."""
    points = _code_points(text)
    folded = text.casefold()
    if len(folded) != len(text) or (len(points) and points.max() >= len(_IS_WORD)):
        # A character folding to several, or beyond the table: the regular expression's way.
        return _code_points(" ".join(_WORD.findall(text)).casefold())
    # Each character folds to one: the folded text has its words where the text has them.
    is_word = _IS_WORD[points]
    gap_start = ~is_word
    gap_start[1:] &= is_word[:-1]
    gap_start[:1] = False
    kept = np.where(is_word, _code_points(folded), _SPACE)[is_word | gap_start]
    return kept[:-1] if len(kept) and kept[-1] == _SPACE else kept


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """One 64-bit hash per shingle of ``text`` (as ``shingles`` cuts them; repeats give equal hashes)."""
    codes = folded_words(text).astype(np.uint64)
    up, down = _POWERS.upto(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes * up[: len(codes)], out=prefix[1:])
    spaces = np.flatnonzero(codes == _SPACE)
    if len(spaces) < size:  # at most ``size`` words: one shingle
        starts, ends = np.zeros(1, dtype=np.intp), np.full(1, len(codes), dtype=np.intp)
    else:
        starts = np.concatenate(([0], spaces[: len(spaces) - size + 1] + 1))
        ends = np.concatenate((spaces[size - 1 :], [len(codes)]))
    # sum(code[t] * BASE**(t - start)) over the shingle's code points: the same value wherever it occurs
    return _mix((prefix[ends] - prefix[starts]) * down[starts] + np.uint64(_SALT))


def signature(text: str) -> np.ndarray:
    """The MinHash signature of ``text``'s shingles: NUM_PERM uint32 values."""
    hashes = np.sort(shingle_hashes(text))
    first = np.minimum(np.searchsorted(hashes, _BIN_STARTS), len(hashes) - 1)
    smallest = hashes[first]
    filled = (smallest >> _BIN_SHIFT) == _BINS
    values = (smallest >> _VALUE_SHIFT).astype(np.uint32)
    if not filled.all():
        donor = _DONORS[_BINS, np.argmax(filled[_DONORS], axis=1)]
        values = np.where(filled, values, values[donor])
    return values


def carried_signature_bytes(item: MutableMapping[str, Any]) -> bytes:
    """The signature of a review item's body as ``signature_bytes``: the one it carries in ``minhash``
    (computed upstream), else computed now and put there for the steps after."""
    carried = item.get("minhash")
    if isinstance(carried, bytes) and len(carried) == SIGNATURE_BYTES:
        return carried
    data = signature_bytes(signature(item["body"]))
    item["minhash"] = data
    return data


def carried_signature(item: MutableMapping[str, Any]) -> np.ndarray:
    """``carried_signature_bytes`` as signature values."""
    return signature_from_bytes(carried_signature_bytes(item))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def signature_bytes(values: np.ndarray) -> bytes:
    return np.asarray(values, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    if len(data) != SIGNATURE_BYTES:
        raise ValueError(f"a signature is {SIGNATURE_BYTES} bytes, not {len(data)}")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


@lru_cache(maxsize=8)
def band_layout(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) that best balance missed copies against needless candidates at
    ``threshold``: equal weight on the areas under the false-negative and false-positive curves."""

    def area(curve: np.ndarray, grid: np.ndarray) -> float:
        return float(np.sum((curve[1:] + curve[:-1]) / 2 * np.diff(grid)))

    below, above = np.linspace(0.0, threshold, 401), np.linspace(threshold, 1.0, 401)
    best = (float("inf"), num_perm, 1)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = area(1 - (1 - below**rows) ** bands, below)
            false_negative = area((1 - above**rows) ** bands, above)
            best = min(best, ((false_positive + false_negative) / 2, bands, rows))
    return best[1], best[2]


def band_buckets(values: np.ndarray, bands: int, rows: int) -> list[int]:
    """One signed 64-bit bucket number per band (SQLite's INTEGER), the band's number mixed in."""
    grid = values[: bands * rows].reshape(bands, rows).astype(np.uint64)
    sums = grid @ _BAND_WEIGHTS[:rows] + _BAND_NUMBERS[:bands]  # wraps modulo 2**64
    buckets: list[int] = _mix(sums).view(np.int64).tolist()
    return buckets


INDEX_SCHEMA = """
CREATE TABLE IF NOT EXISTS neardup_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS neardup_entries (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    signature BLOB NOT NULL,
    session INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS neardup_bands (
    bucket INTEGER NOT NULL,
    entry INTEGER NOT NULL,
    PRIMARY KEY (bucket, entry)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS neardup_copies (
    id INTEGER PRIMARY KEY,
    copy TEXT NOT NULL UNIQUE,
    original TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS neardup_copies_by_original ON neardup_copies (original);
"""
CACHE_KIB = 4096  # SQLite's page cache per index: the bound on what the index holds in memory
SYNC_BATCH = 256


class NearDuplicateIndex:
    """Signatures of kept reviews keyed by canonical URL, with their LSH bands, in SQLite: memory stays
    flat however many reviews are indexed.

    With ``path`` (the state store's file) the tables sit beside the store's and last from run to run;
    without, they live in a private temporary file, removed on close. Each opening is a new *session*:
    ``added_now`` tells the reviews indexed since.
    """

    def __init__(
        self, threshold: float = defaults.REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD, path: str | Path | None = None
    ) -> None:
        self.threshold = threshold
        self.bands, self.rows = band_layout(threshold)
        private = path is None
        self.path = _private_file() if path is None else Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._closer = weakref.finalize(self, _release, self.db, self.path if private else None)
        self._configure(private)
        self._held = False
        self.session = self._open_session()
        self._held = private
        if self._held:
            self.db.execute("BEGIN IMMEDIATE")
        self._recent: tuple[bytes, list[int]] = (b"", [])
        marks = ", ".join("?" * self.bands)
        self._candidates = (
            "SELECT key, signature FROM neardup_entries WHERE key != ? AND id IN"
            f" (SELECT entry FROM neardup_bands WHERE bucket IN ({marks}))"
        )
        self._unbanding = f"DELETE FROM neardup_bands WHERE entry = ? AND bucket IN ({marks})"
        self._banding = "INSERT OR IGNORE INTO neardup_bands VALUES " + ", ".join(["(?, ?)"] * self.bands)

    # --- life cycle ------------------------------------------------------------------
    def close(self) -> None:
        self._closer()

    def __enter__(self) -> NearDuplicateIndex:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _configure(self, private: bool) -> None:
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if private:
            # Scratch data for one run, one connection: nothing to protect from a crash, no one to share
            # with, so one transaction for the whole run (pages spill to the file past the cache size).
            self.db.execute("PRAGMA journal_mode = MEMORY")
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("PRAGMA locking_mode = EXCLUSIVE")
        else:
            # The index can be rebuilt from the store (see sync): consistency is enough, no fsync per review.
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(INDEX_SCHEMA)

    def _open_session(self) -> int:
        layout = f"{SCHEME} bands={self.bands}x{self.rows}"
        with self._transaction():
            if self._meta("layout") not in (None, layout):
                # Signatures of another scheme, or bands cut for another threshold: start afresh.
                logger.info("Near-duplicate index of another layout (%s) cleared", self._meta("layout"))
                self.db.execute("DELETE FROM neardup_bands")
                self.db.execute("DELETE FROM neardup_entries")
            session = int(self._meta("session") or 0) + 1
            self._set_meta("layout", layout)
            self._set_meta("session", str(session))
        return session

    def _meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM neardup_meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else None

    def _set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO neardup_meta VALUES (?, ?)", (name, value))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._held:
            yield  # inside the private file's one transaction
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- reading -------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM neardup_entries").fetchone()[0])

    def __contains__(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM neardup_entries WHERE key = ?", (key,)).fetchone() is not None

    def added_now(self, key: str) -> bool:
        """Whether ``key`` was indexed since this index was opened (in this run)."""
        found = "SELECT 1 FROM neardup_entries WHERE key = ? AND session = ?"
        return self.db.execute(found, (key, self.session)).fetchone() is not None

    def original_of(self, values: np.ndarray, key: str) -> str | None:
        """The indexed review, other than ``key`` itself, that ``values`` copies; the closest one wins."""
        rows = self.db.execute(self._candidates, (key, *self._buckets(signature_bytes(values), values)))
        scored = [(similarity(values, signature_from_bytes(data)), found) for found, data in rows]
        close = [(score, found) for score, found in scored if score >= self.threshold]
        return max(close)[1] if close else None

    def original_or_add(self, key: str, values: np.ndarray) -> str | None:
        """``key`` when indexed in this run, else the review ``values`` copies; None after indexing
        ``values`` under ``key`` (one process writes this file, so look-up and add need no lock)."""
        original = key if self.added_now(key) else self.original_of(values, key)
        if original is None:
            self.add(key, values)
        return original

    def copies_of(self, original: str) -> list[str]:
        rows = self.db.execute("SELECT copy FROM neardup_copies WHERE original = ? ORDER BY id", (original,))
        return [copy for (copy,) in rows]

    # --- writing -------------------------------------------------------------------
    def add(self, key: str, values: np.ndarray) -> None:
        """Index ``values`` under ``key``, replacing what the key had (a review's edited body)."""
        with self._transaction():
            self._put(key, signature_bytes(values), self.session, values)

    def add_copy(self, copy: str, original: str) -> None:
        """Remember ``copy`` as another place of the indexed review ``original``."""
        remembered = "INSERT OR IGNORE INTO neardup_copies (copy, original) VALUES (?, ?)"
        self.db.execute(remembered, (copy, original))

    def sync(self, source: str, **params: object) -> None:
        """Make the index hold exactly the (key, signature) rows that ``source`` selects: an SQL query over
        the same file, e.g. the state store's exported reviews. It forgets what a killed run indexed but
        never exported and indexes what the source has and the index lacks, all in SQL batches."""
        stale = (
            "SELECT e.id, e.signature FROM neardup_entries e WHERE NOT EXISTS"
            f" (SELECT 1 FROM ({source}) s WHERE s.key = e.key AND s.signature = e.signature)"
            f" LIMIT {SYNC_BATCH}"
        )
        while rows := self.db.execute(stale, params).fetchall():
            with self._transaction():
                for entry, data in rows:
                    self._remove(entry, data)
        missing = (
            f"SELECT s.key, s.signature FROM ({source}) s WHERE length(s.signature) = {SIGNATURE_BYTES}"
            f" AND NOT EXISTS (SELECT 1 FROM neardup_entries e WHERE e.key = s.key) LIMIT {SYNC_BATCH}"
        )
        while rows := self.db.execute(missing, params).fetchall():
            with self._transaction():
                for key, data in rows:
                    self._put(key, data, 0)

    def _put(self, key: str, data: bytes, session: int, values: np.ndarray | None = None) -> None:
        row = self.db.execute("SELECT id, signature FROM neardup_entries WHERE key = ?", (key,)).fetchone()
        if row is None:
            added = "INSERT INTO neardup_entries (key, signature, session) VALUES (?, ?, ?)"
            entry = int(self.db.execute(added, (key, data, session)).lastrowid or 0)
        else:
            entry, old = row
            self.db.execute(
                "UPDATE neardup_entries SET signature = ?, session = ? WHERE id = ?", (data, session, entry)
            )
            if old == data:
                return
            self._unband(entry, old)
        buckets = self._buckets(data, values)
        self.db.execute(self._banding, [number for bucket in buckets for number in (bucket, entry)])

    def _remove(self, entry: int, data: bytes) -> None:
        self._unband(entry, data)
        self.db.execute("DELETE FROM neardup_entries WHERE id = ?", (entry,))

    def _unband(self, entry: int, data: bytes) -> None:
        self.db.execute(self._unbanding, (entry, *self._buckets(data)))

    def _buckets(self, data: bytes, values: np.ndarray | None = None) -> list[int]:
        # A review is looked up, then indexed: its bands are cut once.
        if data != self._recent[0]:
            values = signature_from_bytes(data) if values is None else values
            self._recent = (data, band_buckets(values, self.bands, self.rows))
        return self._recent[1]


def _private_file() -> Path:
    handle, name = tempfile.mkstemp(prefix="reviewcrawl-neardup-", suffix=".sqlite")
    os.close(handle)
    return Path(name)


def _release(db: sqlite3.Connection, private: Path | None) -> None:
    db.close()
    if private is not None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{private}{suffix}").unlink(missing_ok=True)
