"""The shared frontier of a crawl on Redis: who works on what, and when everyone stops.

- Taking a request from the shared queue *claims* it: in one Redis step it moves into the worker's
  claims, from which the worker releases it once the page's records are exported and its links
  queued. A worker that stops answering (killed, its machine gone) has its heartbeat expire; the
  next live worker to look puts its claims back in the queue, so no page is lost with it.
- A worker whose own work has run out stays up while the queue has requests or another live worker
  is busy (a busy worker may yet find more pages); all of them stop once the queue has been empty
  and every worker idle for a short grace period. The last one out clears the crawl's keys.

scrapy-redis provides the queue, the scheduler and the duplicate filter; its ``RedisSpider`` is not
used: it reads start URLs in ``start_requests()``, which Scrapy 2.13+ no longer calls. Here the
spider's own ``async def start()`` seeds the crawl once (see ``distributed.seeds_crawl``), and the
idle and stop logic hangs off the ``spider_idle`` signal.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from itemadapter import is_item
from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.spiders import Spider
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from reviewcrawl.distributed import CrawlKeys, crawl_keys, is_shared, redis_client, worker_id, worker_timeout
from reviewcrawl.export import exported_signal
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines import drop

logger = logging.getLogger(__name__)

CLAIM_KEY = "reviewcrawl_claim"  # request meta: the claim a request was taken under
BUSY, IDLE = "busy", "idle"
TICK_SECONDS = 0.5  # heartbeat, dead-worker check and idle re-check
IDLE_GRACE_SECONDS = 2.0  # quiet this long everywhere before a worker stops
EXPORTED = "x"  # a record's mark once its line is in a worker's export

# Marks a record's content hash as this worker's, unless a worker has it already; 1 when it is ours.
CLAIM_RECORD = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('SADD', KEYS[2], ARGV[1])
  return 1
end
return 0
"""
# Once exported, the record's mark no longer depends on the worker staying alive.
CONFIRM_RECORD = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
redis.call('SREM', KEYS[2], ARGV[1])
return 0
"""
# KEYS: queue, claims, alive. ARGV: heartbeat ttl (ms). The request (or nil) that is now ours.
POP_AND_CLAIM = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
redis.call('HSET', KEYS[2], redis.sha1hex(found[1]), found[2] .. '|' .. found[1])
redis.call('SET', KEYS[3], 'busy', 'PX', ARGV[1])
return found[1]
"""
# Shared by the scripts below: a worker's claims back into the queue, its unconfirmed records
# unmarked, its keys gone.
_GIVE_BACK = """
local function give_back(prefix, queue, records, id)
  local claims = prefix .. ':claims:' .. id
  local entries = redis.call('HVALS', claims)
  for _, entry in ipairs(entries) do
    local cut = string.find(entry, '|', 1, true)
    redis.call('ZADD', queue, tonumber(string.sub(entry, 1, cut - 1)), string.sub(entry, cut + 1))
  end
  local pending = prefix .. ':pending:' .. id
  for _, hash in ipairs(redis.call('SMEMBERS', pending)) do
    if redis.call('HGET', records, hash) == 'p:' .. id then redis.call('HDEL', records, hash) end
  end
  redis.call('DEL', claims, pending, prefix .. ':alive:' .. id)
  redis.call('SREM', prefix .. ':workers', id)
  return #entries
end
"""
# KEYS: workers, queue, records. ARGV: prefix, this worker.
# {requests given back by dead workers, other workers busy, requests queued}
SURVEY = (
    _GIVE_BACK
    + """
local given_back, busy = 0, 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local state = redis.call('GET', ARGV[1] .. ':alive:' .. id)
  if not state then
    given_back = given_back + give_back(ARGV[1], KEYS[2], KEYS[3], id)
  elseif state == 'busy' and id ~= ARGV[2] then
    busy = busy + 1
  end
end
return {given_back, busy, redis.call('ZCARD', KEYS[2])}
"""
)
# KEYS: workers, queue, records, seen requests, seeded. ARGV: prefix, this worker, finished (1/0).
# A finished worker's claims are leftovers of finished work; any other stop gives them back.
# 1 when this was the last worker of a finished crawl and its keys are gone.
LEAVE = (
    _GIVE_BACK
    + """
if ARGV[3] == '1' then redis.call('DEL', ARGV[1] .. ':claims:' .. ARGV[2]) end
give_back(ARGV[1], KEYS[2], KEYS[3], ARGV[2])
if ARGV[3] ~= '1' or redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
local others = redis.call('SMEMBERS', KEYS[1])
for _, id in ipairs(others) do
  if redis.call('GET', ARGV[1] .. ':alive:' .. id) == 'busy' then return 0 end
end
for _, id in ipairs(others) do
  redis.call('DEL', ARGV[1] .. ':claims:' .. id, ARGV[1] .. ':pending:' .. id, ARGV[1] .. ':alive:' .. id)
end
if redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]) > 0 then return 1 end
return 0
"""
)


class ClaimingQueue(PriorityQueue):
    """scrapy-redis's priority queue, whose pop claims the request for this worker."""

    claims_key = ""
    alive_key = ""
    ttl_ms = 0

    def bind(self, keys: CrawlKeys, worker: str, ttl_ms: int) -> None:
        self.claims_key, self.alive_key, self.ttl_ms = keys.claims(worker), keys.alive(worker), ttl_ms
        self._pop = self.server.register_script(POP_AND_CLAIM)

    def pop(self, timeout: int = 0) -> Request | None:
        data = self._pop(keys=[self.key, self.claims_key, self.alive_key], args=[self.ttl_ms])
        if data is None:
            return None
        request: Request = self._decode_request(data)
        request.meta[CLAIM_KEY] = hashlib.sha1(data).hexdigest()
        return request


class Coordinator:
    """This worker's part in a shared crawl: heartbeat, dead-worker checks, the decision to stop."""

    def __init__(self, crawler: Crawler, server: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.server = server
        self.keys = crawl_keys(settings)
        self.worker = worker_id(settings)
        self.ttl_ms = int(worker_timeout(settings) * 1000)
        self.state = BUSY
        self.quiet_since: float | None = None
        self.survey_script = server.register_script(SURVEY)
        self.leave_script = server.register_script(LEAVE)
        self.loop = LoopingCall(self.tick)

    def join(self) -> None:
        with self.server.pipeline() as pipe:
            pipe.sadd(self.keys.workers, self.worker)
            pipe.set(self.keys.alive(self.worker), self.state, px=self.ttl_ms)
            pipe.execute()
        self.loop.start(TICK_SECONDS, now=False)
        logger.info("Worker %s joined crawl %s", self.worker, self.keys.crawl_id)

    def leave(self, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()
        keys = self.keys
        cleared = self.leave_script(
            keys=[keys.workers, keys.requests, keys.records, keys.seen_requests, keys.seeded],
            args=[keys.prefix, self.worker, int(reason == "finished")],
        )
        logger.info(
            "Worker %s left crawl %s (%s)%s",
            self.worker,
            keys.crawl_id,
            reason,
            ": the crawl is done and its keys are cleared" if cleared else "",
        )

    def busy(self) -> None:
        """A request was claimed (the claim marked this worker busy in Redis too)."""
        self.state = BUSY
        self.quiet_since = None

    def release(self, claim: str) -> None:
        self.server.hdel(self.keys.claims(self.worker), claim)

    def survey(self) -> tuple[int, int, int]:
        """(requests given back by dead workers, other workers busy, requests queued)."""
        keys = self.keys
        given_back, busy, queued = self.survey_script(
            keys=[keys.workers, keys.requests, keys.records], args=[keys.prefix, self.worker]
        )
        if given_back:
            logger.warning("Put %d requests of unresponsive workers back in the queue", given_back)
        return int(given_back), int(busy), int(queued)

    def tick(self) -> None:
        try:
            with self.server.pipeline() as pipe:
                pipe.sadd(self.keys.workers, self.worker)  # back in, if taken for dead while blocked
                pipe.set(self.keys.alive(self.worker), self.state, px=self.ttl_ms)
                pipe.execute()
            self.survey()
        except RedisError as exc:  # a Redis hiccup must not stop the heartbeat for good
            logger.warning("Heartbeat of worker %s failed: %s", self.worker, exc)
        if self.state == IDLE:
            self.wake_engine()

    def wake_engine(self) -> None:
        """Have the engine look at the queue now rather than at its next 5-second heartbeat."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None) if engine else None
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def spider_idle(self) -> None:
        """This worker has nothing to do: stop only when no worker has anything to do."""
        if self.state != IDLE:
            self.state = IDLE
            self.server.set(self.keys.alive(self.worker), IDLE, px=self.ttl_ms)
        given_back, busy, queued = self.survey()
        if given_back or busy or queued:
            self.quiet_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.quiet_since is None:
            self.quiet_since = now
        if now - self.quiet_since < IDLE_GRACE_SECONDS:
            raise DontCloseSpider


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler with claims, and a coordinator that decides when to stop."""

    coordinator: Coordinator
    queue: ClaimingQueue
    enqueue_only: bool  # ``reviewcrawl enqueue``: push the start requests, take none

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler: SharedScheduler = super().from_crawler(crawler)
        scheduler.enqueue_only = crawler.settings.getbool("REVIEWCRAWL_ENQUEUE_ONLY")
        scheduler.coordinator = Coordinator(crawler, scheduler.server)
        if not scheduler.enqueue_only:
            crawler.signals.connect(scheduler.coordinator.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        coordinator = self.coordinator
        self.queue.bind(coordinator.keys, coordinator.worker, coordinator.ttl_ms)
        if not self.enqueue_only:
            coordinator.join()

    def close(self, reason: str) -> None:
        if not self.enqueue_only:
            self.coordinator.leave(reason)
        super().close(reason)

    def enqueue_request(self, request: Request) -> bool:
        # A request built from a claimed one (a redirect, a retry, a browser re-fetch) takes over
        # its work: once it is queued, the claim it came from is done.
        claim = request.meta.pop(CLAIM_KEY, None)
        queued: bool = super().enqueue_request(request)
        if claim and not self.enqueue_only:
            self.coordinator.release(claim)
        return queued

    def next_request(self) -> Request | None:
        if self.enqueue_only:
            return None
        request: Request | None = super().next_request()
        if request is not None:
            self.coordinator.busy()
        return request

    def has_pending_requests(self) -> bool:
        return not self.enqueue_only and bool(super().has_pending_requests())


class ClaimRelease:
    """Releases a claimed request once everything its response gave is done: the links are queued
    (as the callback yields them) and every record has been exported or dropped."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.open_items: dict[str, int] = {}  # claim -> records not yet through the pipelines
        self.finished: set[str] = set()  # claims whose callback output is fully read
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_done, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClaimRelease:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        claim = claim_of(response)
        for element in result:
            self._count(claim, element)
            yield element
        self._output_done(claim)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        claim = claim_of(response)
        async for element in result:
            self._count(claim, element)
            yield element
        self._output_done(claim)

    def _count(self, claim: str | None, element: Any) -> None:
        if claim is not None and is_item(element):
            self.open_items[claim] = self.open_items.get(claim, 0) + 1

    def _output_done(self, claim: str | None) -> None:
        if claim is not None:
            self.finished.add(claim)
            self._release_if_done(claim)

    def item_done(self, response: Any) -> None:
        claim = claim_of(response)
        if claim is None or claim not in self.open_items:
            return
        self.open_items[claim] -= 1
        self._release_if_done(claim)

    def _release_if_done(self, claim: str) -> None:
        if claim in self.finished and not self.open_items.get(claim):
            self.finished.discard(claim)
            self.open_items.pop(claim, None)
            scheduler = self.crawler.engine.scheduler if self.crawler.engine else None
            if isinstance(scheduler, SharedScheduler):
                scheduler.coordinator.release(claim)


def claim_of(response: Any) -> str | None:
    """The claim of the request behind a response (None for a failure or an unclaimed request)."""
    if not isinstance(response, Response) or response.request is None:
        return None
    claim = response.request.meta.get(CLAIM_KEY)
    return str(claim) if claim else None


class SharedRecordsPipeline:
    """One record per content hash across all workers of a shared crawl.

    A record is marked as this worker's before it goes to the export, and confirmed once it has
    been exported. A second copy (the same page fetched again after a worker died, or the same text
    at another address) is dropped as ``duplicate``. The marks of a worker that dies before
    confirming are taken back (``reviewcrawl.frontier``), and its unfinished pages are fetched again.
    """

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.stats = crawler.stats
        self.keys = crawl_keys(crawler.settings)
        self.mark = f"p:{worker_id(crawler.settings)}"
        self.pending = self.keys.pending(worker_id(crawler.settings))
        server = redis_client(crawler.settings)
        self.claim = server.register_script(CLAIM_RECORD)
        self.confirm = server.register_script(CONFIRM_RECORD)
        # Runs once every feed took the record (never for a record whose export failed).
        crawler.signals.connect(self.record_exported, signal=exported_signal(crawler.settings))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedRecordsPipeline:
        if not is_shared(crawler.settings):
            raise NotConfigured("no REVIEWCRAWL_REDIS_URL")
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ReviewItem) or not item.get("content_hash"):
            return item
        if not self.claim(keys=[self.keys.records, self.pending], args=[item["content_hash"], self.mark]):
            raise drop(self.stats, "duplicate", item.get("url"))
        return item

    def record_exported(self, item: Any) -> None:
        if isinstance(item, ReviewItem) and item.get("content_hash"):
            self.confirm(
                keys=[self.keys.records, self.pending], args=[item["content_hash"], self.mark, EXPORTED]
            )
