"""One suite for every state backend: SQLite (the embedded default) and Redis (a real redis-server).

A backend "dies" here the way a killed process does: its claims stay, its lock or lease goes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from devtools.localredis import HAVE_REDIS, running_redis
from reviewcrawl.store.backend import ExportClaim, StateBackend, open_state_backend
from reviewcrawl.store.neardup import SCHEME, signature
from reviewcrawl.store.redisstate import RedisStateStore
from reviewcrawl.store.state import Entry, StateStore, parse_moment

WORDS = [
    "light",
    "frame",
    "score",
    "cast",
    "plot",
    "scene",
    "actor",
    "still",
    "night",
    "city",
    "river",
    "house",
    "road",
    "film",
    "cut",
]


def entry(canonical: str, content_hash: str, seen_at: str = "2025-01-02T03:04:05+00:00") -> Entry:
    return Entry(canonical, canonical + "?from=feed", "Site", content_hash, 0, seen_at, b"sig", "s1")


def text(seed: int, words: int = 300) -> str:
    pick = random.Random(seed)
    return " ".join(pick.choice(WORDS) + str(pick.randrange(50)) for _ in range(words))


@dataclass
class Backends:
    """Opens stores on one backend location; ``die`` leaves a store as a killed process would."""

    location: str
    opened: list[StateBackend] = field(default_factory=list)

    def open(self, owner: str | None = None) -> StateBackend:
        store = open_state_backend(self.location, owner=owner, lease_seconds=5)
        self.opened.append(store)
        return store

    def die(self, store: StateBackend) -> None:
        self.opened.remove(store)
        if isinstance(store, RedisStateStore):
            store._stop.set()
            store._lease.join()
            store.server.delete(store.key("lease", store.owner))
        else:
            store.close()  # SQLite settles nothing on close: pending rows stay, as after a kill


@pytest.fixture(scope="module")
def redis_location() -> Iterator[str]:
    if not HAVE_REDIS:
        pytest.skip("redis-server is not installed")
    with running_redis() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def backends(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backends]:
    if request.param == "sqlite":
        found = Backends(str(tmp_path / "state.sqlite"))
    else:
        location = request.getfixturevalue("redis_location")
        from redis import Redis

        Redis.from_url(location).flushdb()
        found = Backends(location)
    yield found
    for store in found.opened:
        store.close()


@pytest.fixture
def store(backends: Backends) -> StateBackend:
    return backends.open()


def test_a_review_is_known_only_once_written(store: StateBackend) -> None:
    run = store.start_run()
    assert store.claim_export(entry("https://a.example/r/", "h1"), run) == (ExportClaim.CLAIMED, 1)
    assert store.seen("https://a.example/r/") is None
    assert store.pending_count() == 1
    assert store.commit_written("https://a.example/r/", "h1")
    seen = store.seen("https://a.example/r/")
    assert seen is not None and (seen.content_hash, seen.revision) == ("h1", 1)
    assert store.pending_count() == 0
    assert not store.commit_written("https://a.example/r/", "h1")  # nothing pending any more


def test_an_unchanged_review_is_touched_and_a_changed_one_gets_its_next_revision(store: StateBackend) -> None:
    run = store.start_run()
    store.claim_export(entry("https://a.example/r/", "h1"), run)
    store.commit_written("https://a.example/r/", "h1")
    later = "2025-02-01T00:00:00+00:00"
    assert store.claim_export(entry("https://a.example/r/", "h1", later), run)[0] is ExportClaim.UNCHANGED
    assert store.pending_count() == 0
    assert store.last_seen("https://a.example/r/") == parse_moment(later)
    assert store.claim_export(entry("https://a.example/r/", "h2", later), run) == (ExportClaim.CLAIMED, 2)
    store.commit_written("https://a.example/r/", "h2")
    seen = store.seen("https://a.example/r/")
    assert seen is not None and (seen.content_hash, seen.revision) == ("h2", 2)
    assert (seen.first_seen, seen.last_seen) == ("2025-01-02T03:04:05+00:00", later)


def test_last_seen_by_canonical_url_fetched_url_or_copy(store: StateBackend) -> None:
    run = store.start_run()
    store.claim_export(entry("https://a.example/r/", "h1"), run)
    store.commit_written("https://a.example/r/")
    store.add_also_at("https://b.example/copy/", "https://a.example/r/", "2025-03-01T00:00:00+00:00")
    expected = parse_moment("2025-01-02T03:04:05+00:00")
    assert store.last_seen("https://a.example/r/") == expected
    assert store.last_seen("https://a.example/r/?from=feed") == expected
    assert store.last_seen("https://b.example/copy/") == parse_moment("2025-03-01T00:00:00+00:00")
    assert store.last_seen("https://c.example/") is None
    assert store.also_at("https://a.example/r/") == ["https://b.example/copy/"]


def test_a_304_touches_the_review_by_the_url_fetched_and_its_copy(store: StateBackend) -> None:
    run = store.start_run()
    store.claim_export(entry("https://a.example/r/", "h1"), run)
    store.commit_written("https://a.example/r/")
    store.add_also_at("https://b.example/copy/", "https://a.example/r/", "2025-03-01T00:00:00+00:00")
    later = "2025-04-01T00:00:00+00:00"
    store.touch_urls(
        ["https://a.example/r/?from=feed", "https://b.example/copy/", "https://c.example/"], later
    )
    seen = store.seen("https://a.example/r/")
    assert seen is not None and seen.last_seen == later and seen.content_hash == "h1"
    assert store.last_seen("https://b.example/copy/") == parse_moment(later)
    assert store.last_seen("https://c.example/") is None  # a URL the store does not hold makes nothing
    assert store.seen("https://c.example/") is None


def test_validators_and_revisit_checks_are_kept_per_url(store: StateBackend) -> None:
    pages = store.validators()
    url, other = "https://a.example/r/", "https://a.example/other/"
    assert pages.lookup(url) is None
    pages.remember(url, '"v1"', "Wed, 01 Jan 2025 00:00:00 GMT", "2025-01-02T00:00:00+00:00")
    pages.remember(other, "x" * 1000, "not a date", "2025-01-02T00:00:00+00:00")  # nothing fit to keep
    pages.flush()
    found = pages.lookup(url)
    assert found is not None and (found.etag, found.last_modified, found.unchanged_checks) == (
        '"v1"',
        "Wed, 01 Jan 2025 00:00:00 GMT",
        0,
    )
    assert pages.lookup(other) is None
    pages.found_unchanged(url, "2025-01-03T00:00:00+00:00")
    pages.found_unchanged(url, "2025-01-05T00:00:00+00:00")
    pages.flush()
    found = pages.lookup(url)
    assert found is not None and (found.checked_at, found.unchanged_checks) == (
        "2025-01-05T00:00:00+00:00",
        2,
    )
    pages.found_changed(url, "2025-01-06T00:00:00+00:00")
    pages.remember(url, None, None, "2025-01-06T00:00:00+00:00")  # the page now gives none: old ones go
    pages.flush()
    found = pages.lookup(url)
    assert found is not None and not found.has_validators and found.unchanged_checks == 0
    assert found.checked_at == "2025-01-06T00:00:00+00:00"


def test_a_copy_moved_to_another_review_leaves_the_first(store: StateBackend) -> None:
    store.add_also_at("https://c.example/copy/", "https://a.example/r/", "2025-03-01T00:00:00+00:00")
    store.add_also_at("https://c.example/copy/", "https://a.example/s/", "2025-03-02T00:00:00+00:00")
    assert store.also_at("https://a.example/r/") == []
    assert store.also_at("https://a.example/s/") == ["https://c.example/copy/"]


def test_signatures_of_another_scheme_are_counted(store: StateBackend) -> None:
    run = store.start_run()
    store.claim_export(entry("https://a.example/r/", "h1"), run)
    store.claim_export(entry("https://a.example/s/", "h1"), run)
    store.commit_written("https://a.example/r/")
    store.commit_written("https://a.example/s/")
    assert store.foreign_signatures("s1") == 0 and store.foreign_signatures("s2") == 2


def test_a_dead_run_s_claims_are_settled_against_its_export(backends: Backends, tmp_path: Path) -> None:
    export = tmp_path / "reviews.jsonl"
    written = {"canonical_url": "https://a.example/written/", "content_hash": "h1"}
    export.write_text(
        json.dumps(written) + "\n" + '{"canonical_url": "https://a.example/cut/", "con', "utf-8"
    )
    dead = backends.open(owner="dead")
    run = dead.start_run()
    dead.add_export(run, export)
    for canonical in ("https://a.example/written/", "https://a.example/cut/", "https://a.example/never/"):
        dead.claim_export(entry(canonical, "h1"), run)
    backends.die(dead)
    store = backends.open(owner="next")
    assert store.settle_pending() == (1, 2)
    assert store.seen("https://a.example/written/") is not None
    assert store.seen("https://a.example/cut/") is None and store.seen("https://a.example/never/") is None
    assert store.pending_count() == 0
    assert (
        store.claim_export(entry("https://a.example/cut/", "h1"), store.start_run())[0] is ExportClaim.CLAIMED
    )


def test_near_copies_are_found_and_other_reviews_are_not(store: StateBackend) -> None:
    index = store.near_duplicate_index(0.8)
    original = text(1)
    assert index.original_or_add("https://a.example/r/", signature(original)) is None
    assert index.original_or_add("https://a.example/s/", signature(text(2))) is None
    copy = original + " This review first appeared in the Ledger."
    assert index.original_or_add("https://b.example/copy/", signature(copy)) == "https://a.example/r/"
    assert index.original_or_add("https://b.example/other/", signature(text(3))) is None
    index.close()


def test_the_index_follows_what_was_exported(backends: Backends, tmp_path: Path) -> None:
    """A review a dead run indexed but never exported is not taken as the original of its copy."""
    dead = backends.open(owner="dead")
    run = dead.start_run()
    dead.add_export(run, tmp_path / "never-written.jsonl")
    index = dead.near_duplicate_index(0.8)
    body = signature(text(4))
    assert index.original_or_add("https://a.example/lost/", body) is None
    dead.claim_export(entry("https://a.example/lost/", "h1"), run)
    index.close()
    backends.die(dead)
    store = backends.open(owner="next")
    assert store.settle_pending() == (0, 1)
    index = store.near_duplicate_index(0.8)
    assert index.original_or_add("https://b.example/copy/", body) is None
    index.close()


# --- what only a shared backend has: several live processes -----------------------------------
@pytest.fixture
def shared(redis_location: str) -> Iterator[Backends]:
    from redis import Redis

    Redis.from_url(redis_location).flushdb()
    found = Backends(redis_location)
    yield found
    for store in found.opened:
        store.close()


def test_a_review_claimed_by_a_live_worker_is_taken_for_the_others(shared: Backends) -> None:
    first, second = shared.open("w1"), shared.open("w2")
    assert (
        first.claim_export(entry("https://a.example/r/", "h1"), first.start_run())[0] is ExportClaim.CLAIMED
    )
    assert (
        second.claim_export(entry("https://a.example/r/", "h1"), second.start_run())[0] is ExportClaim.TAKEN
    )
    assert not second.commit_written("https://a.example/r/", "h1")  # not its claim to settle
    assert first.commit_written("https://a.example/r/", "h1")


def test_a_dead_worker_s_claim_is_settled_by_the_next_worker_to_meet_it(
    shared: Backends, tmp_path: Path
) -> None:
    dead, alive = shared.open("dead"), shared.open("alive")
    run = dead.start_run()
    export = tmp_path / "dead.jsonl"
    dead.add_export(run, export)
    export.write_text(
        json.dumps({"canonical_url": "https://a.example/written/", "content_hash": "h1"}) + "\n"
    )
    for canonical in ("https://a.example/written/", "https://a.example/lost/"):
        dead.claim_export(entry(canonical, "h1"), run)
    shared.die(dead)
    run = alive.start_run()
    # Its line is in the dead worker's file: exported once, nothing to do.
    assert alive.claim_export(entry("https://a.example/written/", "h1"), run)[0] is ExportClaim.UNCHANGED
    # Its line never came: back to whoever fetches it.
    assert alive.claim_export(entry("https://a.example/lost/", "h1"), run) == (ExportClaim.CLAIMED, 1)


def test_two_workers_meeting_near_copies_at_once_keep_one(shared: Backends) -> None:
    workers = [shared.open(f"w{n}") for n in range(4)]
    indexes = [worker.near_duplicate_index(0.8) for worker in workers]
    base = text(7)
    bodies = [signature(base + f" Syndicated by outlet {n}.") for n in range(4)]
    found: list[str | None] = [
        index.original_or_add(f"https://host{n}.example/r/", values)
        for n, (index, values) in enumerate(zip(indexes, bodies, strict=True))
    ]
    assert found.count(None) == 1
    kept = f"https://host{found.index(None)}.example/r/"
    assert all(original in (None, kept) for original in found)


def test_signatures_round_trip_through_redis(shared: Backends) -> None:
    store = shared.open("w1")
    assert isinstance(store, RedisStateStore)
    values = signature(text(9))
    index = store.near_duplicate_index(0.8)
    index.original_or_add("https://a.example/r/", values)
    stored = store.server.hget(store.key("nd", "sig"), "https://a.example/r/")
    assert np.array_equal(np.frombuffer(stored, dtype="<u4"), values)
    assert SCHEME in store.server.get(store.key("nd", "layout")).decode()


def test_sqlite_stays_the_default_for_a_path(tmp_path: Path) -> None:
    store = open_state_backend(str(tmp_path / "state.sqlite"))
    assert isinstance(store, StateStore)
    store.close()
