"""The revisit policy's schedule, and which validators the store keeps."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from reviewcrawl.planning.revisit import EARLY, RevisitPolicy
from reviewcrawl.store.validators import (
    MAX_VALIDATOR_CHARS,
    Revisit,
    SqliteValidators,
    clean_etag,
    clean_http_date,
)

DAY = timedelta(days=1)
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def checked(days_ago: float, unchanged_checks: int) -> Revisit:
    at = (NOW - timedelta(days=days_ago)).isoformat()
    return Revisit("http://example.org/r/", '"a"', None, at, unchanged_checks)


def test_interval_doubles_with_each_unchanged_check_up_to_the_cap() -> None:
    policy = RevisitPolicy.in_days(1, 30)
    assert [policy.interval(n) / DAY for n in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert policy.interval(10_000) == 30 * DAY  # no overflow however long a page stays unchanged


def test_a_cap_below_the_base_is_the_base() -> None:
    assert RevisitPolicy.in_days(2, 1).interval(5) == 2 * DAY


def test_due_once_the_interval_has_passed() -> None:
    policy = RevisitPolicy.in_days(1, 30)
    assert not policy.due(checked(0.5, 0), NOW)
    assert policy.due(checked(1, 0), NOW)
    assert not policy.due(checked(3, 2), NOW)  # next check 4 days after the last
    assert policy.due(checked(4, 2), NOW)


def test_due_a_little_early_so_a_daily_schedule_does_not_slip() -> None:
    policy = RevisitPolicy.in_days(1, 30)
    just_short = checked(1 - (EARLY / 2) / DAY, 0)
    assert policy.due(just_short, NOW)


def test_off_or_unknown_pages_are_always_due() -> None:
    assert RevisitPolicy.in_days(0, 30).due(checked(0, 5), NOW)
    assert RevisitPolicy.in_days(1, 30).due(None, NOW)
    garbled = Revisit("http://example.org/r/", None, None, "not a date", 3)
    assert RevisitPolicy.in_days(1, 30).due(garbled, NOW)


def test_validators_too_long_or_garbled_are_not_kept() -> None:
    assert clean_etag('W/"abc"') == 'W/"abc"'
    assert clean_etag('"' + "x" * MAX_VALIDATOR_CHARS + '"') is None
    assert clean_etag('"a\x00b"') is None and clean_etag('"é"') is None
    assert clean_http_date("Wed, 21 Oct 2015 07:28:00 GMT") == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert clean_http_date("yesterday") is None


def test_store_counts_unchanged_checks_and_starts_again_on_a_change() -> None:
    store = SqliteValidators(sqlite3.connect(":memory:", isolation_level=None))
    url = "http://example.org/r/"
    store.remember(url, '"v1"', "garbage", "2026-06-01T00:00:00+00:00")
    store.found_unchanged(url, "2026-06-02T00:00:00+00:00")
    store.found_unchanged(url, "2026-06-04T00:00:00+00:00")
    store.flush()
    assert store.lookup(url) == Revisit(url, '"v1"', None, "2026-06-04T00:00:00+00:00", 2)
    store.found_changed(url, "2026-06-08T00:00:00+00:00")
    store.remember(url, None, None, "2026-06-08T00:00:00+00:00")  # validators no longer given
    store.flush()
    assert store.lookup(url) == Revisit(url, None, None, "2026-06-08T00:00:00+00:00", 0)
