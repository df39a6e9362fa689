"""Per-host pace and concurrency kept across all the workers of a shared crawl.

On in a crawl shared through Redis (``REVIEWCRAWL_REDIS_URL``) unless ``REVIEWCRAWL_SHARED_POLITENESS`` is
off; a crawl on one machine does not load it. Each request, just before it is downloaded, takes one of its
host's ``CONCURRENT_REQUESTS_PER_DOMAIN`` tokens and the host's next turn, spaced by the host's robots.txt
Crawl-delay, ``DOWNLOAD_DELAY`` or this worker's AutoThrottle delay, whichever is longest, and no earlier
than this worker's own download slot would let it go (``reviewcrawl.distributed.politeness``), and sleeps
until then without holding up the reactor; one woken well past its turn (the event loop was
busy) takes a new turn rather than crowd the next request, perhaps another worker's. The token goes back
when the request leaves the downloader; a worker that dies keeps its tokens only until its heartbeat
lapses (``REVIEWCRAWL_WORKER_TIMEOUT``), or their lease (the download timeout and a margin) runs out. The
host is the download slot's key, as for Scrapy's own per-domain limits.
"""

from __future__ import annotations

import itertools
import time

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import DeferredLock

from reviewcrawl.distributed.addon import crawl_keys, redis_client, worker_id
from reviewcrawl.distributed.politeness import HostGate, pause, shares_politeness
from reviewcrawl.downloadermiddlewares.robots import CRAWL_DELAY_META
from reviewcrawl.stats import Count

TOKEN_META = "reviewcrawl_host_token"
LEASE_MARGIN = 10.0  # seconds a token outlives its request's download timeout
TOKEN_POLL_SECONDS = 0.05  # first wait for a token of a busy host, growing with each try
TOKEN_POLL_MAX = 0.5
LATE_TOLERANCE = 0.02  # seconds past its turn a request may still go
TURNS_BEFORE_GOING_LATE = 5  # a request woken late this many times goes anyway


class HostGateMiddleware:
    """Holds each request of a shared crawl until its host's turn, cluster-wide."""

    def __init__(self, crawler: Crawler, gate: HostGate) -> None:
        assert crawler.stats is not None
        settings = crawler.settings
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.gate = gate
        self.download_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.concurrency = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        self.download_timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self.worker = worker_id(settings)
        self.tokens = itertools.count()
        self.redis_seconds = 0.0
        self.locks: dict[str, DeferredLock] = {}  # host -> the right to ask Redis for a token
        crawler.signals.connect(self.request_left, signal=signals.request_left_downloader)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGateMiddleware:
        settings = crawler.settings
        if not shares_politeness(settings):
            raise NotConfigured
        return cls(crawler, HostGate(redis_client(settings), crawl_keys(settings)))

    async def process_request(self, request: Request) -> None:
        assert self.crawler.engine is not None
        host = self.crawler.engine.downloader.get_slot_key(request)
        lease = float(request.meta.get("download_timeout", self.download_timeout)) + LEASE_MARGIN
        for _ in range(TURNS_BEFORE_GOING_LATE):
            token = f"{self.worker}:{next(self.tokens)}"
            wait = await self.take_token(request, host, lease, token)
            request.meta[TOKEN_META] = (host, token)
            if wait <= 0:
                return
            self.stats.inc_value(Count.HOST_GATE_WAITS.key)
            turn = time.monotonic() + wait
            await pause(wait)
            if time.monotonic() - turn <= LATE_TOLERANCE:
                return
            # Woken late (a busy event loop): going now would crowd the next turn, maybe another worker's.
            self.give_back(request)

    async def take_token(self, request: Request, host: str, lease: float, token: str) -> float:
        """Seconds to wait for the host's turn, once one of its tokens is this request's. One request per
        host at a time asks Redis again while the host's tokens are all out; the others wait here."""
        lock = self.locks.setdefault(host, DeferredLock())
        await maybe_deferred_to_future(lock.acquire())
        try:
            tries = 0
            while (wait := self.reserve(request, host, lease, token)) is None:
                tries += 1
                await pause(min(TOKEN_POLL_SECONDS * tries, TOKEN_POLL_MAX))
            return wait
        finally:
            lock.release()

    def reserve(self, request: Request, host: str, lease: float, token: str) -> float | None:
        delay, ready_in = self.local_pace(request, host)
        started = time.perf_counter()
        try:
            return self.gate.reserve(host, delay, self.concurrency, lease, token, ready_in)
        finally:
            self.count_redis_time(started)

    def local_pace(self, request: Request, host: str) -> tuple[float, float]:
        """(the delay this worker keeps with the host: its Crawl-delay, DOWNLOAD_DELAY or AutoThrottle's,
        seconds until this worker's download slot for the host lets a request go).

        The turn the gate gives is never earlier than the slot allows, and the slot's random jitter is
        off: a slot holding a request past its turn would send it into the next one, maybe another worker's.
        """
        assert self.crawler.engine is not None
        delay = max(float(request.meta.get(CRAWL_DELAY_META, 0.0)), self.download_delay)
        slot = self.crawler.engine.downloader.slots.get(host)
        if slot is None:
            return delay, 0.0
        slot.jitter = 0.0
        return max(delay, slot.delay), max(0.0, slot.lastseen + slot.delay - time.monotonic())

    def request_left(self, request: Request) -> None:
        self.give_back(request)

    def give_back(self, request: Request) -> None:
        held = request.meta.pop(TOKEN_META, None)
        if held is not None:
            started = time.perf_counter()
            self.gate.give_back(*held)
            self.count_redis_time(started)

    def count_redis_time(self, started: float) -> None:
        self.redis_seconds += time.perf_counter() - started
        self.stats.inc_value(Count.HOST_GATE_REDIS_CALLS.key)
        self.stats.set_value(Count.HOST_GATE_REDIS_SECONDS.key, round(self.redis_seconds, 4))
