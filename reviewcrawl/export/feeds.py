"""Scrapy's feed exports, made to fail loudly: a feed that cannot be written stops the crawl.

Scrapy calls the exporters from its ``item_scraped`` signal, whose handlers' errors it only logs, and a
feed that cannot be stored at the end is only logged too. So a full disk, an unwritable path or a
directory given to ``-o`` used to leave a run that exited 0, counted every record as written, and had the
state store take them all as exported. Here the first failure is logged once, recorded in the stats
(``reviewcrawl/export/error``) and closes the spider with the reason ``export_failed``; the crawl command
turns that into one ``reviewcrawl: error:`` line and exit status 1. A record is announced with
``record_exported`` only once every feed took it; records that reach no feed are counted in
``reviewcrawl/export/failed_records``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter, FeedSlot
from scrapy.utils.defer import deferred_from_coro, ensure_awaitable

from reviewcrawl.export.jsonlines import export_failed, record_exported
from reviewcrawl.stats import Count

logger = logging.getLogger(__name__)

EXPORT_FAILED = "export_failed"  # the finish reason


def failure_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


class CheckedFeedExporter(FeedExporter):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.failure: str | None = None
        self.closing = False
        crawler.signals.connect(self.exporter_failed, signal=export_failed)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.failure is None:
            try:
                super().item_scraped(item, spider)
            except Exception as exc:
                self.fail(", ".join(slot.uri for slot in self.slots), exc)
            else:
                self.crawler.signals.send_catch_log(record_exported, item=item)
                return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(Count.EXPORT_FAILED_RECORDS.key)

    def exporter_failed(self, error: BaseException) -> None:
        self.fail(", ".join(slot.uri for slot in self.slots), error)

    def fail(self, where: str, error: BaseException) -> None:
        """Record the first failure and stop the crawl; later ones follow from it."""
        if self.failure is not None:
            return
        self.failure = f"cannot write the export {where}: {failure_reason(error)}"
        logger.error(self.failure)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(Count.EXPORT_ERROR.key, self.failure)
        if not self.closing and self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=EXPORT_FAILED))

    async def close_spider(self, spider: Spider) -> None:
        self.closing = True
        await super().close_spider(spider)

    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        """Finish and store a feed as Scrapy does, but a feed that cannot be finished or stored fails the
        crawl instead of being logged as an error and forgotten."""
        try:
            if slot.itemcount:
                slot.finish_exporting()
            elif slot.store_empty and slot.batch_id == 1 and self.failure is None:
                slot.start_exporting()
                slot.finish_exporting()
            else:
                return
            await ensure_awaitable(slot.storage.store(self._get_file(slot)))
        except Exception as exc:
            self.fail(slot.uri, exc)
            return
        logger.info("Stored %s feed (%d items) in: %s", slot.format, slot.itemcount, slot.uri)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"feedexport/success_count/{type(slot.storage).__name__}")
        await self.crawler.signals.send_catch_log_async(signals.feed_slot_closed, slot=slot)
