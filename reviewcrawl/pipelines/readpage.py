"""Reading each fetched page into a record in the page readers: strip, metadata, film tag."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl.films.catalogue import load_catalogue
from reviewcrawl.items import PageItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.pipelines.wantedfilm import catalogue_setting, crawl_films
from reviewcrawl.planning.sources import Registry
from reviewcrawl.reading.page import PageJob, PageOutcome
from reviewcrawl.reading.pool import PageReaders, default_processes
from reviewcrawl.stats import Count, Drop, guarded, removed

logger = logging.getLogger(__name__)

STATS_BATCH = 100  # pages whose removal counts are added to the stats at once


class ReadPagePipeline:
    """Page -> draft record: stripped body, metadata, rating and film tag, read by the page readers
    (worker processes, see reviewcrawl.reading.pool); what each rule group removed is counted in stats."""

    def __init__(
        self, stats: StatsCollector, registry: Registry, readers: PageReaders, debug_removed: bool = False
    ) -> None:
        self.stats = stats
        self.registry = registry
        self.readers = readers
        self.debug_removed = debug_removed
        self.crawler: Crawler | None = None
        self.removed: Counter[str] = Counter()  # removal counts not yet added to the stats
        self.pages_tallied = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReadPagePipeline:
        from reviewcrawl.config import registry_from_settings

        assert crawler.stats is not None
        path = catalogue_setting(crawler)
        processes = crawler.settings.getint("REVIEWCRAWL_READER_PROCESSES")
        readers = PageReaders(
            default_processes() if processes < 0 else processes,
            load_catalogue(path),
            path,
            crawler.settings.getfloat("REVIEWCRAWL_READ_TIMEOUT"),
        )
        pipeline = cls(
            crawler.stats,
            registry_from_settings(crawler.settings),
            readers,
            crawler.settings.getbool("REVIEWCRAWL_DEBUG_REMOVED"),
        )
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        films = crawl_films(self.crawler)
        if films is not None:
            self.readers.use_catalogue(films)
        self.stats.set_value(Count.READERS_PROCESSES.key, self.readers.processes)

    def close_spider(self) -> None:
        self.readers.close()
        self._flush_removed()
        if self.readers.processes:
            self.stats.set_value(Count.READERS_CPU_SECONDS.key, round(self.readers.cpu_seconds, 3))
            self.stats.set_value(Count.READERS_PEAK_RSS_MB.key, round(self.readers.peak_rss_mb, 1))
            self.stats.set_value(Count.READERS_RESTARTS.key, self.readers.replaced)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        source = self.registry.get(item.get("source_key")) or self.registry.for_url(item["url"])
        job = PageJob(
            url=item["url"],
            body=item["body_bytes"],
            encoding=item.get("encoding"),
            profile=source.profile if source else None,
            keep_removed_text=self.debug_removed,
        )
        outcome = await self.readers.read(job)
        self._count_removed(outcome, item["url"])
        if outcome.record is None:
            raise drop(self.stats, outcome.reason or Drop.NO_BODY, item["url"])
        outcome.record["fetched_at"] = item.get("fetched_at")
        return outcome

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
