"""scrapy-redis's scheduler with this worker's coordinator: it stays up while others may still find work."""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy_redis.scheduler import Scheduler

from reviewcrawl.distributed.frontier import Coordinator
from reviewcrawl.distributed.queue import CLAIM_KEY, ClaimingQueue


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
