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

import logging
import time
from typing import Any

from redis.exceptions import RedisError
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from twisted.internet.task import LoopingCall

from reviewcrawl.distributed.addon import (
    crawl_keys,
    worker_id,
    worker_timeout,
)

logger = logging.getLogger(__name__)

BUSY, IDLE = "busy", "idle"


TICK_SECONDS = 0.5  # heartbeat, dead-worker check and idle re-check


IDLE_GRACE_SECONDS = 2.0  # quiet this long everywhere before a worker stops


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
for _, key in ipairs(redis.call('SMEMBERS', ARGV[1] .. ':politeness')) do redis.call('DEL', key) end
redis.call('DEL', ARGV[1] .. ':politeness')
if redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]) > 0 then return 1 end
return 0
"""
)


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
