"""Thin pipelines: each calls one step and counts what it dropped.

Order (see settings.ITEM_PIPELINES): read the page (strip boilerplate, metadata, film tag; in the
page readers) -> wanted film -> validate -> near-duplicates -> state store (with
REVIEWCRAWL_STATE_DB); Scrapy's feed exports then write the records.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from reviewcrawl.canonical import canonical_url
from reviewcrawl.config import resolve_path
from reviewcrawl.export import export_opened, exported_signal, flush_exports, review_written
from reviewcrawl.films.catalogue import Catalogue, load_catalogue
from reviewcrawl.films.tagger import is_wanted
from reviewcrawl.items import RECORD_FIELDS, PageItem, ReviewItem
from reviewcrawl.neardup import (
    DEFAULT_THRESHOLD,
    SCHEME,
    NearDuplicateIndex,
    carried_signature,
    carried_signature_bytes,
)
from reviewcrawl.pagereader import PageJob, PageOutcome
from reviewcrawl.readers import DEFAULT_TIMEOUT, PageReaders, default_processes
from reviewcrawl.sources import Registry
from reviewcrawl.state import COMMITTED_SIGNATURES, Entry, StateStore, now_iso

logger = logging.getLogger(__name__)
DROP_PREFIX = "reviewcrawl/dropped"
STATS_BATCH = 100  # pages whose removal counts are added to the stats at once


def drop(stats: StatsCollector, reason: str, url: str | None) -> DropItem:
    """Count a dropped page under its reason and build the exception that drops it."""
    stats.inc_value(f"{DROP_PREFIX}/{reason}")
    return DropItem(f"{reason}: {url}")


class ReadPagePipeline:
    """Page -> draft record: stripped body, metadata, rating and film tag, read by the page readers
    (worker processes, see reviewcrawl.readers); what each rule group removed is counted in stats."""

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
        processes = crawler.settings.getint("REVIEWCRAWL_READER_PROCESSES", -1)
        readers = PageReaders(
            default_processes() if processes < 0 else processes,
            load_catalogue(path),
            path,
            crawler.settings.getfloat("REVIEWCRAWL_READ_TIMEOUT", DEFAULT_TIMEOUT),
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
        self.stats.set_value("reviewcrawl/readers/processes", self.readers.processes)

    def close_spider(self) -> None:
        self.readers.close()
        self._flush_removed()
        if self.readers.processes:
            self.stats.set_value("reviewcrawl/readers/cpu_seconds", round(self.readers.cpu_seconds, 3))
            self.stats.set_value("reviewcrawl/readers/peak_rss_mb", round(self.readers.peak_rss_mb, 1))
            self.stats.set_value("reviewcrawl/readers/restarts", self.readers.replaced)

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
            raise drop(self.stats, outcome.reason or "no_body", item["url"])
        outcome.record["fetched_at"] = item.get("fetched_at")
        return outcome

    def _count_removed(self, outcome: PageOutcome, url: str) -> None:
        # Tallied here and added to the stats in batches: a stats call per rule group and page would
        # cost the crawl's thread more than the tally itself.
        for group, counts in outcome.removed.items():
            self.removed[f"reviewcrawl/removed/{group}/elements"] += counts["elements"]
            self.removed[f"reviewcrawl/removed/{group}/chars"] += counts["chars"]
            if counts["skipped"]:
                self.removed[f"reviewcrawl/guarded/{group}"] += counts["skipped"]
        self.pages_tallied += 1
        if self.pages_tallied % STATS_BATCH == 0:
            self._flush_removed()
        if outcome.removed_report:
            logger.debug("Removed from %s:\n%s", url, outcome.removed_report)

    def _flush_removed(self) -> None:
        for key, value in self.removed.items():
            self.stats.inc_value(key, value)
        self.removed.clear()


def catalogue_setting(crawler: Crawler) -> str | None:
    path = resolve_path(crawler.settings.get("REVIEWCRAWL_FILMS"))
    return str(path) if path else None


def crawl_films(crawler: Crawler | None) -> str | None:
    """The catalogue file given to this crawl with ``-a films=`` (checked by the spider), if any."""
    plan = getattr(crawler.spider, "plan", None) if crawler else None
    return str(plan.films) if plan is not None and plan.films is not None else None


class WantedFilmPipeline:
    """In a title crawl, only reviews of the wanted film go on (the page readers tagged the film)."""

    def __init__(
        self, stats: StatsCollector, catalogue: Catalogue, title: str | None = None, year: int | None = None
    ) -> None:
        self.stats = stats
        self.catalogue = catalogue
        self.title = title
        self.year = year
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WantedFilmPipeline:
        assert crawler.stats is not None
        pipeline = cls(crawler.stats, Catalogue())
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        plan = getattr(self.crawler.spider, "plan", None) if self.crawler else None
        if plan is None or not plan.title:
            return
        self.title, self.year = plan.title, plan.year
        # Aliases decide what counts as the wanted film; the catalogue is only needed in a title crawl.
        if self.crawler is not None:
            self.catalogue = load_catalogue(crawl_films(self.crawler) or catalogue_setting(self.crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageOutcome) or not self.title:
            return item
        if not is_wanted(item.film, self.title, self.year, self.catalogue):
            raise drop(self.stats, "other_film", item.record.get("url") if item.record else None)
        return item


class ValidatePipeline:
    """Only whole records with a substantial body reach the export."""

    def __init__(self, stats: StatsCollector, min_words: int = 80) -> None:
        self.stats = stats
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("REVIEWCRAWL_MIN_WORDS", 80))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            raise drop(self.stats, "unprocessed", item.get("url"))
        if not isinstance(item, PageOutcome) or item.record is None:
            return item
        record = item.record
        if not record.get("body"):
            raise drop(self.stats, "no_body", record.get("url"))
        if item.text_units < self.min_words:
            raise drop(self.stats, "short_body", record.get("url"))
        review = ReviewItem({name: record.get(name) for name in RECORD_FIELDS})
        if record.get("minhash") is not None:
            review["minhash"] = record["minhash"]
        return review


def state_path(crawler: Crawler) -> str | None:
    return crawler.settings.get("REVIEWCRAWL_STATE_DB") or None


class NearDuplicatePipeline:
    """One record per review: a second fetch of a canonical URL, or a body copying a kept review, is a
    ``duplicate``; its URL goes to the kept review's ``also_at`` (in the state store, when there is one,
    so copies met in later runs are remembered too)."""

    def __init__(
        self, stats: StatsCollector, store: StateStore | None = None, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self.stats = stats
        self.store = store
        # Signatures, the reviews kept in this run and their copies are in SQLite, not in memory: in the
        # state store's file when there is one, else in a private temporary file.
        self.index = NearDuplicateIndex(threshold, store.path if store else None)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NearDuplicatePipeline:
        assert crawler.stats is not None
        path = state_path(crawler)
        threshold = crawler.settings.getfloat("REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD)
        return cls(crawler.stats, StateStore(path) if path else None, threshold)

    def open_spider(self) -> None:
        if self.store is None:
            return
        foreign = self.store.foreign_signatures(SCHEME)
        if foreign:
            logger.warning(
                "%d stored review signatures are of another scheme: ignored until their reviews come again",
                foreign,
            )
        self.index.sync(COMMITTED_SIGNATURES, scheme=SCHEME)  # after StatePipeline settled what was pending

    def close_spider(self) -> None:
        self.index.close()
        if self.store:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ReviewItem):
            return item
        canonical = canonical_url(item.get("canonical_url") or item["url"])
        item["canonical_url"] = canonical
        values = carried_signature(item)
        original = canonical if self.index.added_now(canonical) else self.index.original_of(values, canonical)
        if original is not None:
            self._remember_copy(canonical, original, item.get("fetched_at") or now_iso())
            raise drop(self.stats, "duplicate", item.get("url"))
        self.index.add(canonical, values)
        item["also_at"] = self.store.also_at(canonical) if self.store else self.index.copies_of(canonical)
        item["revision"] = item.get("revision") or 1
        if self.store is None:
            del item["minhash"]  # no later step wants it: keeps it out of the "Scraped" log lines
        return item

    def _remember_copy(self, copy: str, original: str, seen_at: str) -> None:
        if copy == original:
            return
        if self.store:
            self.store.add_also_at(copy, original, seen_at)
        else:
            self.index.add_copy(copy, original)
        logger.info("%s copies %s", copy, original)


class StatePipeline:
    """With a state store: unchanged reviews are dropped, new and changed ones go on with their
    ``revision``; the store takes a review as exported only once its line is in the export file."""

    def __init__(self, stats: StatsCollector, store: StateStore) -> None:
        self.stats = stats
        self.store = store
        self.run_id = 0
        self.crash_safe_export = False
        self.closed = False  # an empty feed is only opened after the pipelines closed
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        assert crawler.stats is not None
        path = state_path(crawler)
        if not path:
            # Info, not Scrapy's warning for a disabled component: most runs have no store, on purpose.
            logger.info("StatePipeline off: no REVIEWCRAWL_STATE_DB")
            raise NotConfigured
        pipeline = cls(crawler.stats, StateStore(path))
        pipeline.crawler = crawler
        # Before any feed is opened (and perhaps truncated): settle what a killed run left pending.
        kept, forgotten = pipeline.store.settle_pending()
        if kept or forgotten:
            logger.warning("A killed run left reviews pending: %d were exported, %d not", kept, forgotten)
        crawler.signals.connect(pipeline.export_opened, signal=export_opened)
        crawler.signals.connect(pipeline.review_written, signal=review_written)
        crawler.signals.connect(pipeline.record_exported, signal=exported_signal(crawler.settings))
        return pipeline

    def open_spider(self) -> None:
        self.run_id = self.store.start_run()

    def close_spider(self) -> None:
        if self.crawler is not None:  # lines written but not yet synced are confirmed before the store closes
            self.crawler.signals.send_catch_log(flush_exports)
        self.store.finish_run(self.run_id)
        self.store.close()
        self.closed = True

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ReviewItem):
            return item
        canonical, seen_at = item["canonical_url"], item.get("fetched_at") or now_iso()
        seen = self.store.seen(canonical)
        data = carried_signature_bytes(item)
        if seen and seen.content_hash == item["content_hash"]:
            self.store.touch(canonical, seen_at, data, SCHEME)  # replaces a signature of an older scheme
            raise drop(self.stats, "unchanged", item.get("url"))
        item["revision"] = seen.revision + 1 if seen else 1
        entry = Entry(
            canonical_url=canonical,
            url=item["url"],
            source=item.get("source"),
            content_hash=item["content_hash"],
            revision=item["revision"],
            seen_at=seen_at,
            signature=data,
            signature_scheme=SCHEME,
        )
        self.store.mark_pending(entry, self.run_id)
        del item["minhash"]  # the last step that wants it: keeps it out of the "Scraped" log lines
        return item

    def export_opened(self, path: Any) -> None:
        if self.closed:
            return
        self.crash_safe_export = True
        self.store.add_export(self.run_id, path)

    def review_written(self, item: Any) -> None:
        self.store.commit_written(item["canonical_url"], item["content_hash"])

    def record_exported(self, item: Any) -> None:
        """Without a crash-safe export, a review counts as exported once every feed took it."""
        if not self.crash_safe_export and isinstance(item, ReviewItem):
            self.store.commit_written(item["canonical_url"], item["content_hash"])
