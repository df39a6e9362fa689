"""Scheduled cluster runs on one Redis state backend: three workers, near-copies on a second host, a kill.

Runs Debian's redis-server on a free loopback port; skips when it is not installed. The site is smaller than
devtools.clusterrun's 2,000 reviews (same code, same checks) to keep the test's wall time near a minute.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from devtools.clusterrun import cluster_site, scenario
from devtools.localredis import HAVE_REDIS, running_redis

pytestmark = pytest.mark.skipif(not HAVE_REDIS, reason="redis-server is not installed")

PAGES = 300  # reviews on the first host; every tenth has a near-copy on the second
WORKERS = 3


def test_a_killed_worker_changes_neither_the_exports_nor_the_next_scheduled_run(tmp_path: Path) -> None:
    with running_redis() as redis_url, cluster_site(PAGES) as site:
        state_db = redis_url.rsplit("/", 1)[0] + "/1"
        first, verdict, second = scenario(tmp_path, site, redis_url, state_db, WORKERS, kill=True)

    assert first.statuses == [-signal.SIGKILL, 0, 0]
    # Every review exactly once across the workers' files: no merge step needed.
    assert not verdict.repeated, f"exported twice: {verdict.repeated[:5]}"
    assert not verdict.missing, f"never exported: {verdict.missing[:5]}"
    assert verdict.records == PAGES
    assert len({record["canonical_url"] for record in first.records}) == PAGES
    # Of an original and its copy on the other host one record is kept; the backend knows the other URL.
    assert verdict.copies == PAGES // 10
    assert verdict.copies_in_store == verdict.copies
    survivors = "".join((tmp_path / "run1" / f"worker{n}.log").read_text("utf-8") for n in (1, 2))
    assert "back in the queue" in survivors  # the kill happened mid-run, with requests in hand

    # The site did not change: the scheduled run skips what the sitemaps list and exports nothing.
    assert second.statuses == [0, 0, 0]
    assert second.records == []
    assert second.fetches < 20
