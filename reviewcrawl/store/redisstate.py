"""The state backend on Redis (``REVIEWCRAWL_STATE_DB=redis://...``): one store for every worker of a cluster.

Keys, under the prefix ``P`` (``reviewcrawl:state``):

- ``P:r:<canonical URL>`` (hash): the exported review: url, source, content_hash, revision, first_seen,
  last_seen, signature, signature_scheme. ``P:url`` (hash): every URL a review was fetched at -> its
  canonical URL. ``P:schemes`` (hash): signature scheme -> how many reviews carry one.
- ``P:also`` / ``P:also_seen`` (hashes): a copy's URL -> the review it copies / when it was last seen;
  ``P:copies:<canonical URL>`` (set): the review's copies.
- ``P:p:<canonical URL>`` (hash): a claimed review on its way to the export, with the owner (a worker id)
  and the run whose export files will hold its line; ``P:pending`` (set) names them.
- ``P:lease:<owner>``: present while the owner lives (renewed by a thread every eighth of the lease).
- ``P:runs`` (counter), ``P:run:<id>`` (hash: started_at, finished_at, owner), ``P:run:<id>:exports`` (set).
- ``P:nd:*``: the near-duplicate index (reviewcrawl/store/redisneardup.py).
- ``P:v:<URL>`` (hash): the page's validators and revisit checks (reviewcrawl/store/redisvalidators.py).

Every step that workers race for is one Lua script: claiming an export (``CLAIM``), settling it
(``COMMIT``), forgetting it (``FORGET``), adding a copy (``ADD_ALSO_AT``). A claim whose owner's lease has
lapsed is *stale*: whoever meets it settles it against the export files of the owner's run (kept when the
line is there, forgotten otherwise), then claims afresh.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from reviewcrawl.store.redisneardup import RedisNearDuplicateIndex
from reviewcrawl.store.redisvalidators import RedisValidators
from reviewcrawl.store.state import Entry, ExportClaim, Seen, exported_pairs, now_iso, parse_moment

logger = logging.getLogger(__name__)

PREFIX = "reviewcrawl-state"  # not "reviewcrawl:", where a crawl id could meet it
REVIEW_FIELDS = ("url", "source", "content_hash", "revision", "first_seen", "last_seen")

# Moves the count of signatures from one scheme to another (nil: none).
_COUNT_SCHEME = """
local function count_scheme(p, old, new)
  if old == new then return end
  if old then redis.call('HINCRBY', p .. ':schemes', old, -1) end
  if new then redis.call('HINCRBY', p .. ':schemes', new, 1) end
end
"""

# ARGV: prefix, canonical, url, source, hash, seen_at, signature, scheme, run, owner.
# {'taken'|'stale'|'unchanged'|'claimed', revision or the stale owner}
CLAIM = (
    _COUNT_SCHEME
    + """
local p, c = ARGV[1], ARGV[2]
local pending = p .. ':p:' .. c
local holder = redis.call('HGET', pending, 'owner')
if holder then
  if holder == ARGV[10] or redis.call('EXISTS', p .. ':lease:' .. holder) == 1 then return {'taken', 0} end
  return {'stale', holder}
end
local review = p .. ':r:' .. c
local known = redis.call('HMGET', review, 'content_hash', 'revision', 'signature_scheme')
if known[1] == ARGV[5] then
  redis.call('HSET', review, 'last_seen', ARGV[6])
  if ARGV[7] ~= '' then
    redis.call('HSET', review, 'signature', ARGV[7], 'signature_scheme', ARGV[8])
    count_scheme(p, known[3], ARGV[8])
  end
  return {'unchanged', tonumber(known[2])}
end
local revision = (tonumber(known[2]) or 0) + 1
redis.call('HSET', pending, 'url', ARGV[3], 'source', ARGV[4], 'content_hash', ARGV[5],
  'revision', revision, 'seen_at', ARGV[6], 'signature', ARGV[7], 'signature_scheme', ARGV[8],
  'run', ARGV[9], 'owner', ARGV[10])
redis.call('SADD', p .. ':pending', c)
return {'claimed', revision}
"""
)

# ARGV: prefix, canonical, hash ('' = any), owner ('' = any). 1 when a pending review became exported.
COMMIT = (
    _COUNT_SCHEME
    + """
local p, c = ARGV[1], ARGV[2]
local pending = p .. ':p:' .. c
local e = redis.call('HMGET', pending, 'url', 'source', 'content_hash', 'revision', 'seen_at',
  'signature', 'signature_scheme', 'owner')
if not e[3] or (ARGV[3] ~= '' and e[3] ~= ARGV[3]) or (ARGV[4] ~= '' and e[8] ~= ARGV[4]) then return 0 end
local review = p .. ':r:' .. c
local old = redis.call('HMGET', review, 'first_seen', 'signature_scheme')
redis.call('HSET', review, 'url', e[1], 'source', e[2], 'content_hash', e[3], 'revision', e[4],
  'first_seen', old[1] or e[5], 'last_seen', e[5])
if e[6] ~= '' then
  redis.call('HSET', review, 'signature', e[6], 'signature_scheme', e[7])
  count_scheme(p, old[2], e[7])
end
redis.call('HSET', p .. ':url', e[1], c)
redis.call('DEL', pending)
redis.call('SREM', p .. ':pending', c)
return 1
"""
)

# ARGV: prefix, canonical, owner. 1 when the owner's claim was dropped. A review never exported leaves
# the near-duplicate index too (else its copies would be dropped as copies of nothing).
FORGET = """
local p, c = ARGV[1], ARGV[2]
local pending = p .. ':p:' .. c
if redis.call('HGET', pending, 'owner') ~= ARGV[3] then return 0 end
redis.call('DEL', pending)
redis.call('SREM', p .. ':pending', c)
if redis.call('EXISTS', p .. ':r:' .. c) == 0 then
  local bands = redis.call('HGET', p .. ':nd:bk', c)
  if bands then
    for bucket in string.gmatch(bands, '%S+') do redis.call('SREM', p .. ':nd:b:' .. bucket, c) end
  end
  redis.call('HDEL', p .. ':nd:sig', c)
  redis.call('HDEL', p .. ':nd:bk', c)
end
return 1
"""
STALE_CLAIM_TRIES = 3

# ARGV: prefix, copy url, canonical, seen_at. A copy belongs to one review: moved, never listed twice.
ADD_ALSO_AT = """
local p, url, c = ARGV[1], ARGV[2], ARGV[3]
local before = redis.call('HGET', p .. ':also', url)
if before and before ~= c then redis.call('SREM', p .. ':copies:' .. before, url) end
redis.call('HSET', p .. ':also', url, c)
redis.call('HSET', p .. ':also_seen', url, ARGV[4])
redis.call('SADD', p .. ':copies:' .. c, url)
return 1
"""
# ARGV: prefix, seen_at, urls fetched. Each URL's review (its canonical URL, or the URL itself) and copy
# gets its last sighting; a URL the state does not hold makes no key.
TOUCH_URLS = """
local p, at = ARGV[1], ARGV[2]
for i = 3, #ARGV do
  local url = ARGV[i]
  local review = p .. ':r:' .. (redis.call('HGET', p .. ':url', url) or url)
  if redis.call('EXISTS', review) == 1 then redis.call('HSET', review, 'last_seen', at) end
  if redis.call('HEXISTS', p .. ':also', url) == 1 then redis.call('HSET', p .. ':also_seen', url, at) end
end
return 0
"""


def redis_from_url(url: str) -> Any:
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=10, health_check_interval=30)


def check_reachable(url: str) -> None:
    """ValueError, in one line, when the state backend's Redis does not answer."""
    from redis.exceptions import RedisError

    try:
        redis_from_url(url).ping()
    except (RedisError, ValueError) as exc:
        raise ValueError(f"cannot reach the state backend at {url}: {exc}") from None


def new_owner() -> str:
    from reviewcrawl.distributed.addon import new_worker_id

    return new_worker_id()


class RedisStateStore:
    """The state backend every worker of a cluster shares; see the module's description for the keys."""

    def __init__(
        self, url: str, owner: str | None = None, lease_seconds: float = 15.0, prefix: str = PREFIX
    ) -> None:
        self.server = redis_from_url(url)
        self.prefix = prefix
        self.owner = owner or new_owner()
        self.lease_ms = max(100, int(lease_seconds * 1000))
        self._scripts = {
            name: self.server.register_script(script)
            for name, script in (
                ("claim", CLAIM),
                ("commit", COMMIT),
                ("forget", FORGET),
                ("also", ADD_ALSO_AT),
                ("touch", TOUCH_URLS),
            )
        }
        self._stop = threading.Event()
        self._renew()
        self._lease = threading.Thread(target=self._keep_lease, name="state-lease", daemon=True)
        self._lease.start()

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    # --- the lease ---------------------------------------------------------------------
    def _renew(self) -> None:
        self.server.set(self.key("lease", self.owner), now_iso(), px=self.lease_ms)

    def _keep_lease(self) -> None:
        # A thread, not the reactor: a worker busy for a while keeps its claims (nobody exports its
        # reviews twice); a killed one loses them within one lease.
        while not self._stop.wait(self.lease_ms / 8000):
            try:
                self._renew()
            except Exception as exc:  # a Redis hiccup must not end the lease for good
                logger.warning("Renewing the state lease of %s failed: %s", self.owner, exc)

    def close(self) -> None:
        self._stop.set()
        self._lease.join(timeout=5)
        # This owner's claims whose lines never came are forgotten; dead owners' are settled on the way.
        self._settle(lambda owner: owner == self.owner or not self._alive(owner))
        self.server.delete(self.key("lease", self.owner))
        self.server.close()

    # --- reading -------------------------------------------------------------------------
    def seen(self, canonical_url: str) -> Seen | None:
        values = self.server.hmget(self.key("r", canonical_url), *REVIEW_FIELDS)
        if values[2] is None:
            return None
        url, _, content_hash, revision, first, last = (v.decode() if v is not None else "" for v in values)
        return Seen(canonical_url, url, content_hash, int(revision), first, last)

    def last_seen(self, url: str) -> datetime | None:
        """When a review at ``url`` (its canonical URL, a URL it was fetched at or a copy's) was last seen."""
        canonical = self.server.hget(self.key("url"), url)
        reviews = {url} | ({canonical.decode()} if canonical else set())
        with self.server.pipeline(transaction=False) as pipe:
            for review in reviews:
                pipe.hget(self.key("r", review), "last_seen")
            pipe.hget(self.key("also_seen"), url)
            found = [parse_moment(v.decode()) for v in pipe.execute() if v]
        moments = [moment for moment in found if moment is not None]
        return max(moments) if moments else None

    def also_at(self, canonical_url: str) -> list[str]:
        return sorted(url.decode() for url in self.server.smembers(self.key("copies", canonical_url)))

    def foreign_signatures(self, scheme: str) -> int:
        counts = {k.decode(): int(v) for k, v in self.server.hgetall(self.key("schemes")).items()}
        return sum(counts.values()) - counts.get(scheme, 0)

    def pending_count(self) -> int:
        return int(self.server.scard(self.key("pending")))

    # --- writing -------------------------------------------------------------------------
    def claim_export(self, entry: Entry, run_id: int) -> tuple[ExportClaim, int]:
        """Claim the review's export for this owner, or say why not; a stale claim met on the way is
        settled first."""
        args = [
            self.prefix,
            entry.canonical_url,
            entry.url,
            entry.source or "",
            entry.content_hash,
            entry.seen_at,
            entry.signature or b"",
            entry.signature_scheme or "",
            run_id,
            self.owner,
        ]
        for _ in range(STALE_CLAIM_TRIES):
            outcome, detail = self._scripts["claim"](args=args)
            if outcome != b"stale":
                return ExportClaim(outcome.decode()), int(detail)
            self._settle_one(entry.canonical_url, detail.decode(), {})
        return ExportClaim.TAKEN, 0  # a claim that would not settle: left to the next run's settling

    def commit_written(self, canonical_url: str, content_hash: str | None = None) -> bool:
        """This owner's pending review becomes exported; False when it had none (to this hash)."""
        return self._commit(canonical_url, content_hash or "", self.owner)

    def _commit(self, canonical_url: str, content_hash: str, owner: str) -> bool:
        return bool(self._scripts["commit"](args=[self.prefix, canonical_url, content_hash, owner]))

    def add_also_at(self, url: str, canonical_url: str, seen_at: str) -> None:
        self._scripts["also"](args=[self.prefix, url, canonical_url, seen_at])

    def touch_urls(self, urls: Iterable[str], seen_at: str) -> None:
        """Reviews a server said are unchanged (304), by the URL fetched: their last sighting. A URL the
        state does not hold changes nothing."""
        urls = list(urls)
        if urls:
            self._scripts["touch"](args=[self.prefix, seen_at, *urls])

    def validators(self) -> RedisValidators:
        """The pages' validators and revisit checks, under this state's prefix (``P:v:<url>``)."""
        return RedisValidators(self.server, self.key("v"))

    def near_duplicate_index(self, threshold: float) -> RedisNearDuplicateIndex:
        return RedisNearDuplicateIndex(self.server, self.prefix, threshold)

    # --- runs ----------------------------------------------------------------------------
    def start_run(self) -> int:
        run_id = int(self.server.incr(self.key("runs")))
        self.server.hset(self.key("run", str(run_id)), mapping={"started_at": now_iso(), "owner": self.owner})
        return run_id

    def add_export(self, run_id: int, path: Path) -> None:
        self.server.sadd(self.key("run", str(run_id), "exports"), str(Path(path).resolve()))

    def run_exports(self, run_id: int) -> list[str]:
        return sorted(p.decode() for p in self.server.smembers(self.key("run", str(run_id), "exports")))

    def finish_run(self, run_id: int) -> None:
        self.server.hset(self.key("run", str(run_id)), "finished_at", now_iso())

    # --- claims of dead owners -------------------------------------------------------------
    def settle_pending(self) -> tuple[int, int]:
        """Settle the claims of owners whose lease lapsed: (kept, forgotten)."""
        return self._settle(lambda owner: not self._alive(owner))

    def _alive(self, owner: str) -> bool:
        return bool(self.server.exists(self.key("lease", owner)))

    def _settle(self, settles: Any) -> tuple[int, int]:
        kept = forgotten = 0
        written: dict[str, set[tuple[str, str]]] = {}
        for member in self.server.smembers(self.key("pending")):
            canonical = member.decode()
            owner = self.server.hget(self.key("p", canonical), "owner")
            if owner is None or not settles(owner.decode()):
                continue
            outcome = self._settle_one(canonical, owner.decode(), written)
            kept += outcome == "kept"
            forgotten += outcome == "forgotten"
        return kept, forgotten

    def _settle_one(self, canonical: str, owner: str, written: dict[str, set[tuple[str, str]]]) -> str:
        """Keep ``owner``'s claim on ``canonical`` when its line is in an export file of the claim's run,
        else forget it: 'kept', 'forgotten' or '' (the claim changed meanwhile)."""
        run, content_hash = self.server.hmget(self.key("p", canonical), "run", "content_hash")
        if run is None or content_hash is None:
            return ""
        if run.decode() not in written:
            written[run.decode()] = exported_pairs(self.run_exports(int(run)))
        if (canonical, content_hash.decode()) in written[run.decode()]:
            if not self._commit(canonical, content_hash.decode(), owner):
                return ""
            logger.info("Claim of %s on %s settled: its line is in run %s's file", owner, canonical, int(run))
            return "kept"
        dropped = int(self._scripts["forget"](args=[self.prefix, canonical, owner]))
        if dropped:
            logger.info("Claim of %s on %s forgotten: its line never reached the export", owner, canonical)
        return "forgotten" if dropped else ""
