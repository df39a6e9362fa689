"""A claim is released once its page's records are exported and its links queued (a spider middleware)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from itemadapter import is_item
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from reviewcrawl.distributed.queue import CLAIM_KEY
from reviewcrawl.distributed.scheduler import SharedScheduler


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
