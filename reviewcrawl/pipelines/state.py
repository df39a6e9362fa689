"""With a state store, only new and changed reviews are exported, each counted once it is in the file."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.export.jsonlines import export_opened, exported_signal, flush_exports, review_written
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.stats import Drop
from reviewcrawl.store.backend import StateBackend
from reviewcrawl.store.neardup import (
    SCHEME,
    carried_signature_bytes,
)
from reviewcrawl.store.state import Entry, ExportClaim, now_iso
from reviewcrawl.store.validators import Validators

logger = logging.getLogger(__name__)


class StatePipeline:
    """With a state store: unchanged reviews are dropped, new and changed ones go on with their
    ``revision``; the store takes a review as exported only once its line is in the export file."""

    def __init__(
        self, stats: StatsCollector, store: StateBackend, validators: Validators | None = None
    ) -> None:
        self.stats = stats
        self.store = store
        self.validators = validators  # what the revisit policy learns from each review fetched in full
        self.run_id = 0
        self.crash_safe_export = False
        self.closed = False  # an empty feed is only opened after the pipelines closed
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        assert crawler.stats is not None
        store = crawl_run(crawler).store  # settled already: what a killed run left pending is decided
        if store is None:
            # Info, not Scrapy's warning for a disabled component: most runs have no store, on purpose.
            logger.info("StatePipeline off: no REVIEWCRAWL_STATE_DB")
            raise NotConfigured
        pipeline = cls(crawler.stats, store, crawl_run(crawler).validators)
        pipeline.crawler = crawler
        crawler.signals.connect(pipeline.export_opened, signal=export_opened)
        crawler.signals.connect(pipeline.review_written, signal=review_written)
        crawler.signals.connect(pipeline.record_exported, signal=exported_signal(crawler.settings))
        return pipeline

    def open_spider(self) -> None:
        self.run_id = self.store.start_run()

    def close_spider(self) -> None:
        if self.crawler is not None:  # lines written but not yet synced are confirmed before the run ends
            self.crawler.signals.send_catch_log(flush_exports)
        if self.validators is not None:
            self.validators.flush()
        self.store.finish_run(self.run_id)  # the crawl closes the store once the engine has stopped
        self.closed = True

    def process_item(self, item: ReviewItem) -> ReviewItem:
        entry = Entry(
            canonical_url=item["canonical_url"],
            url=item["url"],
            source=item.get("source"),
            content_hash=item["content_hash"],
            revision=0,  # the store gives the next one
            seen_at=item.get("fetched_at") or now_iso(),
            signature=carried_signature_bytes(item),
            signature_scheme=SCHEME,  # an unchanged review's signature of an older scheme is replaced
        )
        claim, revision = self.store.claim_export(entry, self.run_id)
        self._note_revisit(item["url"], entry.seen_at, claim)
        if claim is ExportClaim.UNCHANGED:
            raise drop(self.stats, Drop.UNCHANGED, item.get("url"))
        if claim is ExportClaim.TAKEN:  # another worker of the cluster is exporting it
            raise drop(self.stats, Drop.DUPLICATE, item.get("url"))
        item["revision"] = revision
        del item["minhash"]  # the last step that wants it: keeps it out of the "Scraped" log lines
        return item

    def _note_revisit(self, url: str, seen_at: str, claim: ExportClaim) -> None:
        """What the revisit policy learns from a review fetched in full: unchanged, or not."""
        if self.validators is None or claim is ExportClaim.TAKEN:
            return
        unchanged = claim is ExportClaim.UNCHANGED
        (self.validators.found_unchanged if unchanged else self.validators.found_changed)(url, seen_at)

    def export_opened(self, path: Any) -> None:
        if self.closed:
            return
        self.crash_safe_export = True
        self.store.add_export(self.run_id, path)

    def review_written(self, item: Any) -> None:
        self.store.commit_written(item["canonical_url"], item["content_hash"])

    def record_exported(self, item: Any) -> None:
        """Without a crash-safe export, a review counts as exported once every feed took it."""
        if not self.crash_safe_export:
            self.store.commit_written(item["canonical_url"], item["content_hash"])
