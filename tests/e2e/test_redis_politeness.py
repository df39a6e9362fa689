"""Three workers of one shared crawl are as polite to a host as one worker: robots.txt is fetched once for
the whole crawl and its Crawl-delay holds between any two requests, whichever workers made them (the
server's own request log says so).

Runs Debian's redis-server on a free loopback port; skips when it is not installed.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.e2e.test_redis_workers import redis_url, wait_all
from tests.hostile_pages import ENGLISH, review_html
from tests.hostile_server import HostileSite, page, text

__all__ = ["redis_url"]  # the fixture, shared with the other Redis tests

WORKERS = 3
PATHS = [f"/review/{index}/" for index in range(len(ENGLISH))]
CLOCK_SLACK = 0.1  # seconds: arrival times include connecting, the loopback and busy event loops


@pytest.fixture
def slow_host() -> HostileSite:
    site = HostileSite()
    site.routes["/robots.txt"] = text("User-agent: *\nCrawl-delay: 1\n")
    for path, slug in zip(PATHS, ENGLISH, strict=True):
        site.routes[path] = page(review_html(ENGLISH[slug], slug=slug))
    return site.start()


def start_worker(tmp: Path, index: int, site: HostileSite, redis: str) -> subprocess.Popen[bytes]:
    registry = tmp / "empty.toml"
    registry.touch()
    urls = ",".join(site.url(path) for path in PATHS)
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", f"urls={urls}"]
    command += ["-O", str(tmp / f"worker{index}.jsonl")]
    settings = {
        "REVIEWCRAWL_SOURCES": str(registry),
        "REVIEWCRAWL_REDIS_URL": redis,
        "REVIEWCRAWL_CRAWL_ID": "polite",
        # One request at a time per worker, so the pages spread over all three workers.
        "CONCURRENT_REQUESTS": "1",
        "LOG_FILE": str(tmp / f"worker{index}.log"),
        "LOG_LEVEL": "INFO",
    }
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.DEVNULL)


def exports(tmp: Path) -> list[list[str]]:
    """The URLs each worker exported."""
    found = []
    for index in range(WORKERS):
        lines = (tmp / f"worker{index}.jsonl").read_text("utf-8").splitlines()
        found.append([json.loads(line)["url"] for line in lines])
    return found


def test_three_workers_keep_one_crawl_delay_and_read_robots_txt_once(
    slow_host: HostileSite, redis_url: str, tmp_path: Path
) -> None:
    try:
        workers = [start_worker(tmp_path, index, slow_host, redis_url) for index in range(WORKERS)]
        assert wait_all(workers) == [0] * WORKERS
    finally:
        slow_host.stop()
    per_worker = exports(tmp_path)
    assert sorted(itertools.chain(*per_worker)) == sorted(slow_host.url(path) for path in PATHS)
    assert sum(1 for urls in per_worker if urls) >= 2, "the pages did not spread over the workers"
    assert slow_host.paths().count("/robots.txt") == 1
    arrivals = sorted(hit.at for hit in slow_host.hits)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert min(gaps) >= 1.0 - CLOCK_SLACK, [
        (hit.path, round(hit.at - arrivals[0], 3)) for hit in slow_host.hits
    ]
