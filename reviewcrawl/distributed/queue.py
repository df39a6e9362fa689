"""The shared request queue: taking a request claims it for this worker, in one Redis step."""

from __future__ import annotations

import hashlib

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from reviewcrawl.distributed.addon import (
    CrawlKeys,
)

CLAIM_KEY = "reviewcrawl_claim"  # request meta: the claim a request was taken under


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
