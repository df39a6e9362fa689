"""One record per content hash across all workers of a shared crawl."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from reviewcrawl.distributed.addon import (
    crawl_keys,
    is_shared,
    redis_client,
    worker_id,
)
from reviewcrawl.export.jsonlines import exported_signal
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.stats import Drop
from reviewcrawl.store.backend import is_redis_location

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


class SharedRecordsPipeline:
    """One record per content hash across all workers of a shared crawl.

    A record is marked as this worker's before it goes to the export, and confirmed once it has
    been exported. A second copy (the same page fetched again after a worker died, or the same text
    at another address) is dropped as ``duplicate``. The marks of a worker that dies before
    confirming are taken back (``ClaimRelease``), and its unfinished pages are fetched again.
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
        if is_redis_location(str(crawler.settings.get("REVIEWCRAWL_STATE_DB") or "")):
            # The shared state backend claims each review's export (per canonical URL, near-copies
            # included): per-hash marks would only repeat it.
            raise NotConfigured("the shared state backend claims each review")
        return cls(crawler)

    def process_item(self, item: ReviewItem) -> ReviewItem:
        if not item.get("content_hash"):
            return item
        if not self.claim(keys=[self.keys.records, self.pending], args=[item["content_hash"], self.mark]):
            raise drop(self.stats, Drop.DUPLICATE, item.get("url"))
        return item

    def record_exported(self, item: ReviewItem) -> None:
        if item.get("content_hash"):
            self.confirm(
                keys=[self.keys.records, self.pending], args=[item["content_hash"], self.mark, EXPORTED]
            )
