"""The state store: reviews, copies, and pending reviews settled against the export after a crash."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reviewcrawl.store.state import Entry, StateStore, parse_moment


def entry(
    canonical: str, content_hash: str, revision: int = 1, seen_at: str = "2025-01-02T03:04:05+00:00"
) -> Entry:
    return Entry(canonical, canonical + "?from=feed", "Site", content_hash, revision, seen_at, b"sig")


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "state.sqlite")


def test_a_review_is_known_only_once_written(store: StateStore) -> None:
    run = store.start_run()
    store.mark_pending(entry("https://a.example/r/", "h1"), run)
    assert store.seen("https://a.example/r/") is None
    assert store.commit_written("https://a.example/r/", "h1")
    seen = store.seen("https://a.example/r/")
    assert seen is not None and (seen.content_hash, seen.revision) == ("h1", 1)
    assert store.pending_count() == 0
    assert not store.commit_written("https://a.example/r/", "h1")  # nothing pending any more


def test_a_changed_review_keeps_its_first_seen(store: StateStore) -> None:
    run = store.start_run()
    store.mark_pending(entry("https://a.example/r/", "h1"), run)
    store.commit_written("https://a.example/r/")
    store.mark_pending(entry("https://a.example/r/", "h2", 2, "2025-02-01T00:00:00+00:00"), run)
    store.commit_written("https://a.example/r/", "h2")
    seen = store.seen("https://a.example/r/")
    assert seen is not None
    assert (seen.content_hash, seen.revision) == ("h2", 2)
    assert (seen.first_seen, seen.last_seen) == ("2025-01-02T03:04:05+00:00", "2025-02-01T00:00:00+00:00")


def test_last_seen_by_canonical_url_fetched_url_or_copy(store: StateStore) -> None:
    run = store.start_run()
    store.mark_pending(entry("https://a.example/r/", "h1"), run)
    store.commit_written("https://a.example/r/")
    store.add_also_at("https://b.example/copy/", "https://a.example/r/", "2025-03-01T00:00:00+00:00")
    expected = parse_moment("2025-01-02T03:04:05+00:00")
    assert store.last_seen("https://a.example/r/") == expected
    assert store.last_seen("https://a.example/r/?from=feed") == expected
    assert store.last_seen("https://b.example/copy/") == parse_moment("2025-03-01T00:00:00+00:00")
    assert store.last_seen("https://c.example/") is None
    assert store.also_at("https://a.example/r/") == ["https://b.example/copy/"]


def test_signatures_of_written_reviews(store: StateStore) -> None:
    run = store.start_run()
    store.mark_pending(entry("https://a.example/r/", "h1"), run)
    store.mark_pending(entry("https://a.example/s/", "h2"), run)
    store.commit_written("https://a.example/r/")
    assert list(store.signatures()) == [("https://a.example/r/", b"sig")]


def test_pending_reviews_are_settled_against_the_export(store: StateStore, tmp_path: Path) -> None:
    export = tmp_path / "reviews.jsonl"
    written = {"canonical_url": "https://a.example/written/", "content_hash": "h1"}
    export.write_text(
        json.dumps(written) + "\n" + '{"canonical_url": "https://a.example/cut/", "con', "utf-8"
    )
    run = store.start_run()
    store.add_export(run, export)
    for canonical in ("https://a.example/written/", "https://a.example/cut/", "https://a.example/never/"):
        store.mark_pending(entry(canonical, "h1"), run)
    assert store.settle_pending() == (1, 2)
    assert store.seen("https://a.example/written/") is not None
    assert store.seen("https://a.example/cut/") is None and store.seen("https://a.example/never/") is None
    assert store.pending_count() == 0


def test_store_uses_write_ahead_logging(store: StateStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_parse_moment() -> None:
    assert parse_moment("2024-03-08") == parse_moment("2024-03-08T00:00:00Z")
    assert parse_moment("not a date") is None and parse_moment(None) is None


def test_signatures_carry_their_scheme(store: StateStore) -> None:
    run = store.start_run()
    store.mark_pending(replace(entry("https://a.example/r/", "h1"), signature_scheme="new"), run)
    store.mark_pending(entry("https://a.example/s/", "h1"), run)  # no scheme: an older signature
    store.commit_written("https://a.example/r/")
    store.commit_written("https://a.example/s/")
    assert store.foreign_signatures("new") == 1
    store.touch("https://a.example/s/", "2025-03-01T00:00:00+00:00", b"fresh", "new")
    assert store.foreign_signatures("new") == 0
    rows = store.db.execute("SELECT signature FROM reviews WHERE signature_scheme = 'new' ORDER BY 1")
    assert [data for (data,) in rows] == [b"fresh", b"sig"]
    store.touch("https://a.example/s/", "2025-04-01T00:00:00+00:00")  # a sighting only
    assert store.foreign_signatures("new") == 0


def test_a_file_from_before_signature_schemes_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE reviews (canonical_url TEXT PRIMARY KEY, url TEXT NOT NULL, source TEXT,"
        " content_hash TEXT NOT NULL, revision INTEGER NOT NULL, first_seen TEXT NOT NULL,"
        " last_seen TEXT NOT NULL, signature BLOB);"
        "INSERT INTO reviews VALUES ('https://a.example/r/', 'https://a.example/r/', 'Site', 'h1', 1,"
        " '2024-01-01', '2024-01-01', x'00');"
    )
    old.commit()
    old.close()
    store = StateStore(path)
    try:
        assert store.foreign_signatures("new") == 1
        assert store.seen("https://a.example/r/") is not None
    finally:
        store.close()
