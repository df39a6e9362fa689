"""Several workers share one crawl through Redis: every page is exported once, even when a worker dies.

Runs Debian's redis-server on a free loopback port; skips when it is not installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.localredis import running_redis
from devtools.sitegen import SiteServer
from tests.conftest import PROJECT

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")

PAGES = 2000
WORKERS = 3
WORKER_TIMEOUT = 4  # seconds: how long a killed worker's claims wait before going back in the queue
RUN_TIMEOUT = 240


@pytest.fixture
def redis_url() -> Iterator[str]:
    with running_redis() as url:
        yield url


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    server = SiteServer(PAGES).start()
    yield server
    server.stop()


def crawl_settings(tmp: Path, site: SiteServer, redis_url: str, crawl_id: str) -> dict[str, str]:
    return {
        "REVIEWCRAWL_SOURCES": str(site.write_registry(tmp / "sources.toml")),
        "REVIEWCRAWL_REDIS_URL": redis_url,
        "REVIEWCRAWL_CRAWL_ID": crawl_id,
        "REVIEWCRAWL_WORKER_TIMEOUT": str(WORKER_TIMEOUT),
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "16",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
        "LOG_LEVEL": "INFO",
    }


def start_worker(tmp: Path, index: int, settings: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", "source=generated"]
    command += ["-O", str(tmp / f"worker{index}.jsonl")]
    all_settings = {**settings, "LOG_FILE": str(tmp / f"worker{index}.log")}
    for name, value in all_settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.DEVNULL)


def exported_urls(tmp: Path) -> list[str]:
    urls = []
    for path in sorted(tmp.glob("worker*.jsonl")):
        urls += [json.loads(line)["url"] for line in path.read_text("utf-8").splitlines()]
    return urls


def assert_every_page_once(urls: list[str], site: SiteServer) -> None:
    repeated = sorted({u for u in urls if urls.count(u) > 1}) if len(urls) != len(set(urls)) else []
    missing = set(site.site.review_urls()) - set(urls)
    assert not repeated, f"exported twice: {repeated[:5]}"
    assert not missing, f"{len(missing)} pages never exported, e.g. {sorted(missing)[:3]}"
    assert len(urls) == PAGES


def wait_all(workers: list[subprocess.Popen[bytes]]) -> list[int]:
    deadline = time.monotonic() + RUN_TIMEOUT
    for worker in workers:
        worker.wait(timeout=max(1.0, deadline - time.monotonic()))
    return [worker.returncode for worker in workers]


def crawl_keys_left(redis_url: str, crawl_id: str) -> list[bytes]:
    from redis import Redis

    return list(Redis.from_url(redis_url).scan_iter(f"reviewcrawl:{crawl_id}:*"))


def test_three_workers_seeded_by_enqueue_export_every_page_once(
    site: SiteServer, redis_url: str, tmp_path: Path
) -> None:
    settings = crawl_settings(tmp_path, site, redis_url, "three")
    registry = settings["REVIEWCRAWL_SOURCES"]
    command = ["enqueue", "--redis-url", redis_url, "--crawl-id", "three", "-a", "source=generated"]
    enqueue = subprocess.run(
        [sys.executable, "-m", "reviewcrawl.cli", *command, "-s", f"REVIEWCRAWL_SOURCES={registry}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=120,
    )
    assert enqueue.returncode == 0, enqueue.stderr
    queued = re.search(r"crawl three: (\d+) requests queued", enqueue.stdout)
    assert queued and int(queued.group(1)) > 0, enqueue.stdout  # the home page, the sitemap

    workers = [start_worker(tmp_path, index, settings) for index in range(WORKERS)]
    assert wait_all(workers) == [0] * WORKERS
    urls = exported_urls(tmp_path)
    assert_every_page_once(urls, site)
    assert all((tmp_path / f"worker{index}.jsonl").stat().st_size for index in range(WORKERS)), (
        "a worker idled"
    )
    assert crawl_keys_left(redis_url, "three") == []


def test_a_killed_worker_loses_no_page(site: SiteServer, redis_url: str, tmp_path: Path) -> None:
    settings = crawl_settings(tmp_path, site, redis_url, "killed")
    # A record counts as exported once its line is written and confirmed in Redis. A worker killed
    # between the two leaves that one record to be exported again by another worker; fsync'ing each
    # line widens that window from microseconds to an fsync, so this test writes without it.
    settings["REVIEWCRAWL_EXPORT_FSYNC"] = "False"
    served_before = site.served
    workers = [start_worker(tmp_path, index, settings) for index in range(WORKERS)]
    deadline = time.monotonic() + RUN_TIMEOUT
    while site.served - served_before < PAGES * 0.35:
        assert time.monotonic() < deadline, "the crawl made no progress"
        time.sleep(0.05)
    workers[0].send_signal(signal.SIGKILL)

    assert wait_all(workers) == [-signal.SIGKILL, 0, 0]
    assert_every_page_once(exported_urls(tmp_path), site)
    survivors_log = (tmp_path / "worker1.log").read_text("utf-8") + (tmp_path / "worker2.log").read_text(
        "utf-8"
    )
    assert "back in the queue" in survivors_log
    assert crawl_keys_left(redis_url, "killed") == []
