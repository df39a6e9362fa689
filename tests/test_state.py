"""The state store: reviews, copies, and pending reviews settled against the export after a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewcrawl.state import Entry, StateStore, parse_moment


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
