"""Reading each fetched page into a record in the page readers: strip, metadata, film tag."""

from __future__ import annotations

import logging
from collections import Counter

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.items import RECORD_FIELDS, NoReview, PageItem, ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.planning.sources import Registry
from reviewcrawl.reading.page import PageJob, PageOutcome
from reviewcrawl.reading.pool import PageReaders, default_processes
from reviewcrawl.stats import Count, guarded, removed

logger = logging.getLogger(__name__)

STATS_BATCH = 100  # pages whose removal counts are added to the stats at once


class ReadPagePipeline:
    """Page -> draft record: stripped body, metadata, rating and film tag, read by the page readers
    (worker processes, see reviewcrawl.reading.pool); what each rule group removed is counted in stats.
    A page that gives no review is dropped here under its reason: the pipelines after see only reviews."""

    def __init__(
        self, stats: StatsCollector, registry: Registry, readers: PageReaders, debug_removed: bool = False
    ) -> None:
        self.stats = stats
        self.registry = registry
        self.readers = readers
        self.debug_removed = debug_removed
        self.removed: Counter[str] = Counter()  # removal counts not yet added to the stats
        self.pages_tallied = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReadPagePipeline:
        assert crawler.stats is not None
        run = crawl_run(crawler)
        processes = crawler.settings.getint("REVIEWCRAWL_READER_PROCESSES")
        readers = PageReaders(
            default_processes() if processes < 0 else processes,
            run.catalogue_path,
            crawler.settings.getfloat("REVIEWCRAWL_READ_TIMEOUT"),
        )
        return cls(
            crawler.stats, run.registry, readers, crawler.settings.getbool("REVIEWCRAWL_DEBUG_REMOVED")
        )

    def open_spider(self) -> None:
        self.stats.set_value(Count.READERS_PROCESSES.key, self.readers.processes)

    def close_spider(self) -> None:
        self.readers.close()
        self._flush_removed()
        if self.readers.processes:
            self.stats.set_value(Count.READERS_CPU_SECONDS.key, round(self.readers.cpu_seconds, 3))
            self.stats.set_value(Count.READERS_PEAK_RSS_MB.key, round(self.readers.peak_rss_mb, 1))
            self.stats.set_value(Count.READERS_RESTARTS.key, self.readers.replaced)

    async def process_item(self, item: PageItem) -> ReviewItem:
        source = self.registry.get(item.get("source_key")) or self.registry.for_url(item["url"])
        job = PageJob(
            url=item["url"],
            body=item["body_bytes"],
            encoding=item.get("encoding"),
            profile=source.profile if source else None,
            keep_removed_text=self.debug_removed,
            language=source.language if source else None,
        )
        outcome = await self.readers.read(job)
        self._count_removed(outcome, item["url"])
        if isinstance(outcome.review, NoReview):
            raise drop(self.stats, outcome.review.reason, item["url"])
        return whole_record(outcome.review, item.get("fetched_at"))

    def _count_removed(self, outcome: PageOutcome, url: str) -> None:
        # Tallied here and added to the stats in batches: a stats call per rule group and page would
        # cost the crawl's thread more than the tally itself.
        for group, counts in outcome.removed.items():
            self.removed[removed(group, "elements")] += counts["elements"]
            self.removed[removed(group, "chars")] += counts["chars"]
            if counts["skipped"]:
                self.removed[guarded(group)] += counts["skipped"]
        self.pages_tallied += 1
        if self.pages_tallied % STATS_BATCH == 0:
            self._flush_removed()
        if outcome.removed_report:
            logger.debug("Removed from %s:\n%s", url, outcome.removed_report)

    def _flush_removed(self) -> None:
        for key, value in self.removed.items():
            self.stats.inc_value(key, value)
        self.removed.clear()


def whole_record(review: ReviewItem, fetched_at: str | None) -> ReviewItem:
    """The review with every exported field (None where the page gave none), in the export's order, and
    when it was fetched; with what the pipelines read besides."""
    record = ReviewItem(
        {name: review.get(name) for name in RECORD_FIELDS},
        minhash=review.get("minhash"),
        text_units=review.get("text_units"),
    )
    record["fetched_at"] = fetched_at
    return record
