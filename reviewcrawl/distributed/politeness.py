"""Per-host politeness across the workers of a shared crawl, kept in Redis.

- robots.txt: the first worker to need a host's robots.txt claims its fetch, fetches it and stores
  what came of it (the body, size-capped, or "no rules" / "unreachable") under the crawl's keys; the
  other workers read it from there, polling while the fetch runs, for a bounded time.
- The host gate: one Lua script, one round trip, takes a token of the host's concurrency (a sorted set
  of leases; an expired lease is a dead worker's token coming back) and reserves the host's next free
  moment (the host's last turn plus the delay), both on Redis's own clock, so N workers on
  N machines fetch a host no faster than one would.

Every key made here is listed in the crawl's ``politeness`` set, which the last worker out deletes
with the rest of the crawl's keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from reviewcrawl.distributed.addon import CrawlKeys, is_shared

NO_RULES, UNREACHABLE, RULES = "none", "unreachable", "rules"
LAST_TURN_KEEP_MS = 61_000  # a host's last turn is kept past the longest Crawl-delay obeyed (60 s)

# KEYS: last turn, tokens, politeness registry.
# ARGV: delay ms, concurrency, lease ms, token, keep ms, earliest ms (from now: when the worker can go),
# the prefix of the workers' heartbeat keys.
# -1 when the host's tokens are all taken, else the milliseconds to wait before fetching. The delay counts
# from the host's last turn, whatever that request's own delay was: robots.txt, fetched before its
# Crawl-delay was known, is followed by the pages at that Crawl-delay, as on one worker. A token is
# "<worker>:<n>": when the host's tokens are all out, those of a worker whose heartbeat has lapsed (a dead
# worker) come back at once, not when their lease ends.
RESERVE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  for _, held in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    local worker = string.match(held, '^(.*):%d+$')
    if worker and redis.call('EXISTS', ARGV[7] .. worker) == 0 then redis.call('ZREM', KEYS[2], held) end
  end
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
end
local slot, last = now + tonumber(ARGV[6]), redis.call('GET', KEYS[1])
if last then slot = math.max(slot, tonumber(last) + tonumber(ARGV[1])) end
local lease = tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], slot + lease, ARGV[4])
local held_until = slot + lease - now
if redis.call('PTTL', KEYS[2]) < held_until then redis.call('PEXPIRE', KEYS[2], held_until) end
redis.call('SET', KEYS[1], slot, 'PX', slot - now + tonumber(ARGV[5]))
redis.call('SADD', KEYS[3], KEYS[1], KEYS[2])
return slot - now
"""


def shares_politeness(settings: BaseSettings) -> bool:
    """Whether the workers keep robots.txt and each host's pace together: a shared crawl, unless
    ``REVIEWCRAWL_SHARED_POLITENESS`` is off."""
    return is_shared(settings) and settings.getbool("REVIEWCRAWL_SHARED_POLITENESS")


async def pause(seconds: float) -> None:
    """Wait without holding up the reactor."""
    from twisted.internet import reactor  # the one the crawl installed: importing it earlier would pick one

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


@dataclass(frozen=True)
class StoredRobots:
    """What one worker's fetch of a host's robots.txt gave: an outcome and, for RULES, the body."""

    outcome: str
    body: bytes = b""


class SharedRobots:
    """The crawl's robots.txt outcomes, one Redis hash per host (scheme and port included)."""

    def __init__(self, server: Any, keys: CrawlKeys, claim_seconds: float) -> None:
        self.server = server
        self.keys = keys
        self.claim_ms = max(1, int(claim_seconds * 1000))

    def read(self, host: str) -> StoredRobots | None:
        found = self.server.hgetall(self.keys.robots(host))
        if b"outcome" not in found:
            return None
        return StoredRobots(found[b"outcome"].decode("ascii"), found.get(b"body", b""))

    def claim_fetch(self, host: str) -> bool:
        """True for the one worker that is to fetch the host's robots.txt (until the claim expires)."""
        key = self.keys.robots_fetch(host)
        with self.server.pipeline() as pipe:
            pipe.set(key, "1", nx=True, px=self.claim_ms)
            pipe.sadd(self.keys.politeness, key)
            claimed, _ = pipe.execute()
        return bool(claimed)

    def write(self, host: str, stored: StoredRobots) -> None:
        key = self.keys.robots(host)
        with self.server.pipeline() as pipe:
            pipe.hset(key, mapping={"outcome": stored.outcome, "body": stored.body})
            pipe.sadd(self.keys.politeness, key)
            pipe.delete(self.keys.robots_fetch(host))
            pipe.execute()


class HostGate:
    """Reserves a host's turn for one request, cluster-wide; gives the token back after the fetch."""

    def __init__(self, server: Any, keys: CrawlKeys) -> None:
        self.server = server
        self.keys = keys
        self.reserve_script = server.register_script(RESERVE)

    def reserve(
        self, host: str, delay: float, concurrency: int, lease: float, token: str, earliest: float = 0.0
    ) -> float | None:
        """Seconds to wait before fetching (``earliest`` at least); None: the host's tokens are all out."""
        keys = [self.keys.host_last(host), self.keys.host_tokens(host), self.keys.politeness]
        args = [
            int(delay * 1000),
            concurrency,
            int(lease * 1000),
            token,
            LAST_TURN_KEEP_MS,
            int(earliest * 1000),
            self.keys.alive(""),
        ]
        waited = int(self.reserve_script(keys=keys, args=args))
        return None if waited < 0 else waited / 1000

    def give_back(self, host: str, token: str) -> None:
        self.server.zrem(self.keys.host_tokens(host), token)
