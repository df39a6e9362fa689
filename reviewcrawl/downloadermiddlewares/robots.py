"""robots.txt, obeyed for every request and with its Crawl-delay.

Replaces Scrapy's RobotsTxtMiddleware (same setting names, same priority). Scrapy 2.19's middleware parks
every request that arrives while a host's robots.txt is being fetched on one shared Deferred; the first
waiter's callback returns None, so every later waiter receives None and goes out unchecked. Here each waiter
gets a Deferred of its own. Scrapy also reads Crawl-delay nowhere; here it becomes the host's download slot
delay.

When robots.txt cannot be had (a 5xx or 429 answer after retries, or no answer at all), the host is treated
as disallowing everything, as RFC 9309 asks; a 4xx answer means there are no rules. That failed fetch counts
as an error like any other (``reviewcrawl/errors/<reason>``), so a crawl whose hosts are all unreachable does
not end with "errors 0".

robots.txt is read up to ``REVIEWCRAWL_ROBOTS_MAX_BYTES`` (500 KiB, the least RFC 9309 asks a crawler to
read); the rest is ignored, as Google does. In a crawl shared through Redis, a host's robots.txt is fetched
by one worker and what came of it is stored for the others (``reviewcrawl.distributed.politeness``); the
cluster-wide host gate (``reviewcrawl.downloadermiddlewares.hostgate``) then keeps the Crawl-delay across
the workers as well as each worker's download slot does.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from reviewcrawl.distributed.addon import crawl_keys, redis_client
from reviewcrawl.distributed.politeness import NO_RULES as STORED_NO_RULES
from reviewcrawl.distributed.politeness import RULES as STORED_RULES
from reviewcrawl.distributed.politeness import UNREACHABLE as STORED_UNREACHABLE
from reviewcrawl.distributed.politeness import SharedRobots, StoredRobots, pause, shares_politeness
from reviewcrawl.errors import Skipped, count_error, describe, failure_reason
from reviewcrawl.stats import Blocked, Robots

logger = logging.getLogger(__name__)

ROBOTS_PRIORITY = 1000  # robots.txt goes ahead of the pages waiting for it
MAX_CRAWL_DELAY = 60.0  # seconds; a larger Crawl-delay would stall the crawl, so it is capped
OBEYED_SCHEMES = ("http", "https")
SHARED_POLL_SECONDS = 0.1  # how often a worker looks for the robots.txt another worker is fetching
CRAWL_DELAY_META = "reviewcrawl_crawl_delay"  # the host's Crawl-delay, for the cluster-wide host gate


@dataclass(frozen=True)
class HostRules:
    """What a host's robots.txt says; no parser means nothing is disallowed."""

    parser: RobotParser | None = None
    disallow_all: bool = False
    body: bytes = b""  # what the parser read, to share with the other workers of a shared crawl

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.allowed(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay and delay > 0 else None


NO_RULES = HostRules()
UNREACHABLE = HostRules(disallow_all=True)


class RobotsTxtMiddleware:
    """Fetches each host's robots.txt once and checks every request against it."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.user_agent: str = crawler.settings.get("ROBOTSTXT_USER_AGENT") or ""
        self.default_user_agent: str = crawler.settings.get("USER_AGENT") or ""
        self.parser_class: Any = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        self.rules: dict[str, HostRules] = {}
        self.waiting: dict[str, list[Deferred[HostRules]]] = {}
        self.delays: dict[str, float] = {}  # download slot key -> Crawl-delay
        # Unset only outside the project's settings (a bare test crawler): then all of it is read.
        self.max_bytes: int | None = crawler.settings.getint("REVIEWCRAWL_ROBOTS_MAX_BYTES") or None
        self.shared = shared_robots(crawler)
        self.shared_wait = crawler.settings.getfloat("REVIEWCRAWL_ROBOTS_WAIT")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        if urlparse_cached(request).scheme not in OBEYED_SCHEMES:
            return
        rules = await self.rules_for(request)
        agent = self.agent_for(request)
        if not rules.allowed(request.url, agent):
            why = "robots.txt could not be read" if rules.disallow_all else "forbidden by robots.txt"
            self.stats.inc_value(Robots.FORBIDDEN.key)
            logger.info("Skipped %s: %s", request.url, why)
            raise Skipped(Blocked.ROBOTS, why)
        delay = rules.crawl_delay(agent)
        if delay:
            self.keep_delay(request, delay)

    async def allows(self, request: Request) -> bool:
        """Whether the host's robots.txt lets ``request`` be fetched (fetching the rules first if need be)."""
        rules = await self.rules_for(request)
        return rules.allowed(request.url, self.agent_for(request))

    def agent_for(self, request: Request) -> str:
        if self.user_agent:
            return self.user_agent
        header = request.headers.get(b"User-Agent")
        return header.decode("latin-1") if header else self.default_user_agent

    async def rules_for(self, request: Request) -> HostRules:
        """The host's rules; the first request fetches them, later ones wait for a result of their own."""
        netloc = urlparse_cached(request).netloc
        if netloc in self.rules:
            return self.rules[netloc]
        if netloc in self.waiting:
            waiter: Deferred[HostRules] = Deferred()
            self.waiting[netloc].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self.waiting[netloc] = []
        rules = UNREACHABLE
        try:
            rules = await self.obtain_rules(request)
        finally:
            self.rules[netloc] = rules
            for waiter in self.waiting.pop(netloc):
                waiter.callback(rules)
        return rules

    async def obtain_rules(self, request: Request) -> HostRules:
        return await (self.fetch_rules(request) if self.shared is None else self.shared_rules(request))

    async def shared_rules(self, request: Request) -> HostRules:
        """The rules another worker stored; else this worker fetches and stores them. A worker whose fetch
        is taking longer than ``REVIEWCRAWL_ROBOTS_WAIT`` (or that died) is not waited for."""
        assert self.shared is not None
        host = urlparse_cached(request).netloc
        deadline = time.monotonic() + self.shared_wait
        stored = self.shared.read(host)
        while stored is None and time.monotonic() < deadline and not self.shared.claim_fetch(host):
            await pause(SHARED_POLL_SECONDS)
            stored = self.shared.read(host)
        if stored is not None:
            self.stats.inc_value(Robots.SHARED.key)
            return await self.rules_from_stored(stored, request)
        rules = await self.fetch_rules(request)
        self.shared.write(host, stored_form(rules))
        return rules

    async def rules_from_stored(self, stored: StoredRobots, request: Request) -> HostRules:
        if stored.outcome == STORED_UNREACHABLE:
            return UNREACHABLE
        if stored.outcome == STORED_NO_RULES:
            return NO_RULES
        return await self.parse_rules(stored.body, request)

    async def fetch_rules(self, request: Request) -> HostRules:
        parts = urlparse_cached(request)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        robots_request = Request(
            robots_url,
            priority=ROBOTS_PRIORITY,
            meta={"dont_obey_robotstxt": True},
            callback=NO_CALLBACK,
        )
        self.stats.inc_value(Robots.REQUESTS.key)
        assert self.crawler.engine is not None
        try:
            response = await self.crawler.engine.download_async(robots_request)
        # Whatever went wrong, the answer is the same: no robots.txt could be read.
        except Exception as exc:
            return self.unreachable(robots_url, failure_reason(exc), describe(exc))
        return await self.rules_from_response(response, request)

    async def rules_from_response(self, response: Response, request: Request) -> HostRules:
        status = response.status
        if status == 429 or status >= 500:
            return self.unreachable(response.url, f"http_{status}", f"HTTP {status}")
        if status >= 400:
            return NO_RULES
        return await self.parse_rules(response.body[: self.max_bytes], request)

    async def parse_rules(self, body: bytes, request: Request) -> HostRules:
        parser = build_from_crawler(self.parser_class, self.crawler, body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=parser, request=request
        )
        return HostRules(parser, body=body)

    def unreachable(self, robots_url: str, reason: str, detail: str) -> HostRules:
        """A failed robots.txt fetch: one error, and nothing on that host is fetched."""
        self.stats.inc_value(Robots.UNREACHABLE.key)
        count_error(
            self.stats, reason, robots_url, f"{detail}; robots.txt unread, nothing on this host is fetched"
        )
        return UNREACHABLE

    def keep_delay(self, request: Request, delay: float) -> None:
        """Hold the host's download slot to at least ``delay`` seconds between requests, without jitter.

        AutoThrottle would shorten the delay again after each quick response, so these requests opt out of it.
        In a shared crawl the host gate also keeps it across all workers (it reads it from the request meta).
        """
        request.meta["autothrottle_dont_adjust_delay"] = True
        assert self.crawler.engine is not None
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        if key not in self.delays:
            self.stats.inc_value(Robots.CRAWL_DELAY_HOSTS.key)
            logger.info("Honouring robots.txt Crawl-delay of %.1f s for %s", delay, key)
        self.delays[key] = delay
        request.meta[CRAWL_DELAY_META] = delay
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings["delay"] = max(float(slot_settings.get("delay", 0.0)), delay)
        slot_settings["jitter"] = 0.0
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0.0


def shared_robots(crawler: Crawler) -> SharedRobots | None:
    """The crawl's shared robots.txt store, in a shared crawl with shared politeness on."""
    settings = crawler.settings
    if not shares_politeness(settings):
        return None
    return SharedRobots(
        redis_client(settings), crawl_keys(settings), settings.getfloat("REVIEWCRAWL_ROBOTS_WAIT")
    )


def stored_form(rules: HostRules) -> StoredRobots:
    if rules.disallow_all:
        return StoredRobots(STORED_UNREACHABLE)
    if rules.parser is None:
        return StoredRobots(STORED_NO_RULES)
    return StoredRobots(STORED_RULES, rules.body)
