"""The shared crawl's politeness store on a real Redis: the host gate spaces and limits requests across
workers, and a robots.txt outcome read back from Redis gives the rules the fetching worker had.

Runs Debian's redis-server on a free loopback port; skips when it is not installed.
"""

from __future__ import annotations

import asyncio
import shutil
import time

import pytest
from redis import Redis
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from reviewcrawl import settings as project_settings
from reviewcrawl.distributed.addon import CrawlKeys
from reviewcrawl.distributed.politeness import HostGate, SharedRobots
from reviewcrawl.downloadermiddlewares.robots import UNREACHABLE, HostRules, RobotsTxtMiddleware, stored_form
from tests.e2e.test_redis_workers import redis_url

__all__ = ["redis_url"]  # the fixture
# scrapy-redis builds its client with an argument redis-py 6 deprecates.
pytestmark = [
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
    pytest.mark.filterwarnings("ignore:Call to '__init__' function with deprecated usage:DeprecationWarning"),
]

KEYS = CrawlKeys("politeness-test")
HOST = "reviews.example"
AGENT = "reviewcrawl"


def gate(url: str) -> HostGate:
    """One worker's gate: each has its own connection, as each worker process does."""
    return HostGate(Redis.from_url(url), KEYS)


def test_turns_are_spaced_by_the_delay_whichever_worker_asks(redis_url: str) -> None:
    first, second = gate(redis_url), gate(redis_url)
    waits = [
        worker.reserve(HOST, delay=0.5, concurrency=10, lease=30, token=f"t{index}")
        for index, worker in enumerate([first, second, first, second])
    ]
    assert waits[0] == 0
    for index, wait in enumerate(waits):
        assert wait is not None and 0.5 * index - 0.2 < wait <= 0.5 * index, waits  # Redis's clock moves on


def test_the_delay_counts_from_the_request_before_its_crawl_delay_was_known(redis_url: str) -> None:
    worker = gate(redis_url)
    assert worker.reserve(HOST, delay=0, concurrency=4, lease=30, token="robots") == 0
    wait = worker.reserve(HOST, delay=1.0, concurrency=4, lease=30, token="page")
    assert wait is not None and 0.8 < wait <= 1.0


def test_tokens_limit_the_host_across_workers_and_a_dead_workers_come_back(redis_url: str) -> None:
    alive, dead = gate(redis_url), gate(redis_url)
    assert dead.reserve(HOST, delay=0, concurrency=2, lease=0.3, token="dead-1") == 0
    assert alive.reserve(HOST, delay=0, concurrency=2, lease=30, token="alive-1") == 0
    assert alive.reserve(HOST, delay=0, concurrency=2, lease=30, token="alive-2") is None
    assert alive.reserve("other.example", delay=0, concurrency=2, lease=30, token="other") == 0
    alive.give_back(HOST, "alive-1")
    assert alive.reserve(HOST, delay=0, concurrency=2, lease=30, token="alive-3") == 0
    assert alive.reserve(HOST, delay=0, concurrency=2, lease=30, token="alive-4") is None
    time.sleep(0.4)  # the dead worker never gives its token back; its lease runs out
    assert alive.reserve(HOST, delay=0, concurrency=2, lease=30, token="alive-5") == 0


def test_a_dead_workers_tokens_come_back_once_its_heartbeat_lapses(redis_url: str) -> None:
    server, host = Redis.from_url(redis_url), "gate.example"
    server.set(KEYS.alive("live"), "busy", px=30_000)
    server.set(KEYS.alive("dead"), "busy", px=200)  # a heartbeat the killed worker no longer renews
    worker = gate(redis_url)
    assert worker.reserve(host, delay=0, concurrency=2, lease=60, token="dead:0") == 0
    assert worker.reserve(host, delay=0, concurrency=2, lease=60, token="live:0") == 0
    assert worker.reserve(host, delay=0, concurrency=2, lease=60, token="live:1") is None
    time.sleep(0.3)  # the dead worker's heartbeat lapses; its token's lease has a minute to run
    assert worker.reserve(host, delay=0, concurrency=2, lease=60, token="live:1") == 0
    assert worker.reserve(host, delay=0, concurrency=2, lease=60, token="live:2") is None  # live ones stay


def robots_middleware(url: str) -> RobotsTxtMiddleware:
    settings = {
        "ROBOTSTXT_OBEY": True,
        "REVIEWCRAWL_REDIS_URL": url,
        "REDIS_URL": url,  # the add-on sets it in a crawl
        "REVIEWCRAWL_CRAWL_ID": KEYS.crawl_id,
        "REVIEWCRAWL_SHARED_POLITENESS": True,
        "REVIEWCRAWL_ROBOTS_WAIT": 1.0,
        "REVIEWCRAWL_ROBOTS_MAX_BYTES": project_settings.REVIEWCRAWL_ROBOTS_MAX_BYTES,
    }
    return RobotsTxtMiddleware(get_crawler(settings_dict=settings))


def through_redis(url: str, status: int, body: bytes) -> tuple[HostRules, HostRules]:
    """(the fetching worker's rules, another worker's rules read back from Redis)."""
    fetcher, reader = robots_middleware(url), robots_middleware(url)
    request = Request(f"http://{HOST}/page/")
    response = Response(f"http://{HOST}/robots.txt", status=status, body=body)
    fetched = asyncio.run(fetcher.rules_from_response(response, request))
    assert fetcher.shared is not None and reader.shared is not None
    fetcher.shared.write(HOST, stored_form(fetched))
    stored = reader.shared.read(HOST)
    assert stored is not None
    return fetched, asyncio.run(reader.rules_from_stored(stored, request))


PROBES = [f"http://{HOST}/{path}" for path in ("", "x/1", "y/1", "private/a", "reviews/9/")]
HUGE = b"User-agent: *\n" + b"Allow: /reviews/\n" * 40_000 + b"Disallow: /\n"  # 680 KB; the last rule is cut


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, b"User-agent: *\nDisallow: /x/\nCrawl-delay: 3\n"),
        (200, b"\xff\xfe\x00garbage\x00"),
        (200, HUGE),
        (404, b"not here"),
        (503, b"down"),
        (429, b""),
    ],
    ids=["rules", "garbage", "huge", "404", "503", "429"],
)
def test_rules_read_back_from_redis_are_the_fetching_workers(
    redis_url: str, status: int, body: bytes
) -> None:
    fetched, shared = through_redis(redis_url, status, body)
    assert [shared.allowed(url, AGENT) for url in PROBES] == [fetched.allowed(url, AGENT) for url in PROBES]
    assert shared.crawl_delay(AGENT) == fetched.crawl_delay(AGENT)
    assert len(shared.body) <= project_settings.REVIEWCRAWL_ROBOTS_MAX_BYTES
    if status >= 500 or status == 429:
        assert shared is UNREACHABLE


def test_a_huge_robots_txt_is_read_to_its_cap(redis_url: str) -> None:
    fetched, shared = through_redis(redis_url, 200, HUGE)
    assert fetched.allowed(f"http://{HOST}/x/", AGENT)  # the Disallow past 500 KiB is not read
    assert len(shared.body) == project_settings.REVIEWCRAWL_ROBOTS_MAX_BYTES


def test_only_one_worker_claims_a_hosts_robots_txt(redis_url: str) -> None:
    stores = [SharedRobots(Redis.from_url(redis_url), KEYS, claim_seconds=5) for _ in range(3)]
    assert [store.claim_fetch(HOST) for store in stores] == [True, False, False]
