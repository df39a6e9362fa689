"""Near-duplicate bodies (syndicated copies, reposts) are exported once."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl import settings as defaults
from reviewcrawl.canonical import canonical_url
from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.stats import Drop
from reviewcrawl.store.backend import SignatureIndex, StateBackend
from reviewcrawl.store.neardup import (
    SCHEME,
    NearDuplicateIndex,
    carried_signature,
)
from reviewcrawl.store.state import now_iso

logger = logging.getLogger(__name__)


class NearDuplicatePipeline:
    """One record per review: a second fetch of a canonical URL, or a body copying a kept review, is a
    ``duplicate``; its URL goes to the kept review's ``also_at`` (in the state store, when there is one,
    so copies met in later runs are remembered too)."""

    def __init__(
        self,
        stats: StatsCollector,
        store: StateBackend | None = None,
        threshold: float = defaults.REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD,
    ) -> None:
        self.stats = stats
        self.store = store
        # Signatures, the reviews kept in this run and their copies are not in memory: in a private SQLite
        # file without a state store; with one, in its backend (settled already when the crawl opened it).
        self.private: NearDuplicateIndex | None = None
        self.index: SignatureIndex
        if store is None:
            self.index = self.private = NearDuplicateIndex(threshold)
        else:
            self.index = store.near_duplicate_index(threshold)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NearDuplicatePipeline:
        assert crawler.stats is not None
        threshold = crawler.settings.getfloat("REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD")
        return cls(crawler.stats, crawl_run(crawler).store, threshold)

    def open_spider(self) -> None:
        if self.store is None:
            return
        foreign = self.store.foreign_signatures(SCHEME)
        if foreign:
            logger.warning(
                "%d stored review signatures are of another scheme: ignored until their reviews come again",
                foreign,
            )

    def close_spider(self) -> None:
        self.index.close()

    def process_item(self, item: ReviewItem) -> ReviewItem:
        canonical = canonical_url(item.get("canonical_url") or item["url"])
        item["canonical_url"] = canonical
        original = self.index.original_or_add(canonical, carried_signature(item))
        if original is not None:
            self._remember_copy(canonical, original, item.get("fetched_at") or now_iso())
            raise drop(self.stats, Drop.DUPLICATE, item.get("url"))
        copies = self.store.also_at if self.store else self._private().copies_of
        item["also_at"] = copies(canonical)
        item["revision"] = item.get("revision") or 1
        if self.store is None:
            del item["minhash"]  # no later step wants it: keeps it out of the "Scraped" log lines
        return item

    def _private(self) -> NearDuplicateIndex:
        assert self.private is not None
        return self.private

    def _remember_copy(self, copy: str, original: str, seen_at: str) -> None:
        if copy == original:
            return
        if self.store:
            self.store.add_also_at(copy, original, seen_at)
        else:
            self._private().add_copy(copy, original)
        logger.info("%s copies %s", copy, original)
