"""Thin pipelines: each calls one extraction step and counts what it dropped.

Order (see settings.ITEM_PIPELINES): strip boilerplate -> metadata -> film tag
-> validate -> near-duplicates -> state store (with REVIEWCRAWL_STATE_DB); Scrapy's
feed exports then write the records.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from reviewcrawl.canonical import canonical_url
from reviewcrawl.config import resolve_path
from reviewcrawl.export import export_opened, review_written
from reviewcrawl.extract.audit import StripAudit
from reviewcrawl.films.catalogue import Catalogue, load_catalogue
from reviewcrawl.films.tagger import is_wanted
from reviewcrawl.items import RECORD_FIELDS, PageItem, ReviewItem
from reviewcrawl.neardup import (
    DEFAULT_THRESHOLD,
    NearDuplicateIndex,
    signature,
    signature_bytes,
    signature_from_bytes,
)
from reviewcrawl.record import Draft, NotAReview, film_step, metadata_step, strip_step, text_units
from reviewcrawl.sources import Registry
from reviewcrawl.state import Entry, StateStore, now_iso

logger = logging.getLogger(__name__)
DROP_PREFIX = "reviewcrawl/dropped"


def drop(stats: StatsCollector, reason: str, url: str | None) -> DropItem:
    """Count a dropped page under its reason and build the exception that drops it."""
    stats.inc_value(f"{DROP_PREFIX}/{reason}")
    return DropItem(f"{reason}: {url}")


class StripBoilerplatePipeline:
    """Page -> review text, with what each rule group removed counted in stats."""

    def __init__(self, stats: StatsCollector, registry: Registry, debug_removed: bool = False) -> None:
        self.stats = stats
        self.registry = registry
        self.debug_removed = debug_removed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StripBoilerplatePipeline:
        from reviewcrawl.config import registry_from_settings

        assert crawler.stats is not None
        return cls(
            crawler.stats,
            registry_from_settings(crawler.settings),
            crawler.settings.getbool("REVIEWCRAWL_DEBUG_REMOVED"),
        )

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        source = self.registry.get(item.get("source_key")) or self.registry.for_url(item["url"])
        audit = StripAudit(keep_text=self.debug_removed)
        try:
            draft = strip_step(
                item["body_bytes"],
                item["url"],
                item.get("encoding"),
                source.profile if source else None,
                audit,
            )
        except NotAReview as exc:
            raise drop(self.stats, exc.reason, item["url"]) from None
        draft.record["fetched_at"] = item.get("fetched_at")
        self._count_removed(audit, item["url"])
        return draft

    def _count_removed(self, audit: StripAudit, url: str) -> None:
        for group, counts in audit.as_dict().items():
            self.stats.inc_value(f"reviewcrawl/removed/{group}/elements", counts["elements"])
            self.stats.inc_value(f"reviewcrawl/removed/{group}/chars", counts["chars"])
            if counts["skipped"]:
                self.stats.inc_value(f"reviewcrawl/guarded/{group}", counts["skipped"])
        if self.debug_removed and audit.groups:
            logger.debug("Removed from %s:\n%s", url, audit.report())


class MetadataPipeline:
    """Headline, author, dates, source, language and rating."""

    def process_item(self, item: Any) -> Any:
        return metadata_step(item) if isinstance(item, Draft) else item


class FilmTagPipeline:
    """Film title and year; in a title crawl, only reviews of the wanted film go on."""

    def __init__(
        self, stats: StatsCollector, catalogue: Catalogue, title: str | None = None, year: int | None = None
    ) -> None:
        self.stats = stats
        self.catalogue = catalogue
        self.title = title
        self.year = year
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FilmTagPipeline:
        assert crawler.stats is not None
        catalogue = load_catalogue(resolve_path(crawler.settings.get("REVIEWCRAWL_FILMS")))
        pipeline = cls(crawler.stats, catalogue)
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        plan = getattr(self.crawler.spider, "plan", None) if self.crawler else None
        if plan is not None:
            self.title, self.year = plan.title, plan.year
            if plan.films is not None:
                self.catalogue = load_catalogue(plan.films)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Draft):
            return item
        film_step(item, self.catalogue)
        if self.title and not is_wanted(item.film, self.title, self.year, self.catalogue):
            raise drop(self.stats, "other_film", item.record.get("url"))
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
        if not isinstance(item, Draft):
            return item
        record = item.record
        if not record.get("body"):
            raise drop(self.stats, "no_body", record.get("url"))
        if text_units(record["body"]) < self.min_words:
            raise drop(self.stats, "short_body", record.get("url"))
        return ReviewItem({name: record.get(name) for name in RECORD_FIELDS})


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
        self.index = NearDuplicateIndex(threshold)
        self.kept: set[str] = set()
        self.copies: dict[str, list[str]] = {}  # also_at for this run, when there is no store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NearDuplicatePipeline:
        assert crawler.stats is not None
        path = state_path(crawler)
        threshold = crawler.settings.getfloat("REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD)
        return cls(crawler.stats, StateStore(path) if path else None, threshold)

    def open_spider(self) -> None:
        for key, data in self.store.signatures() if self.store else ():
            self.index.add(key, signature_from_bytes(data))

    def close_spider(self) -> None:
        if self.store:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ReviewItem):
            return item
        canonical = canonical_url(item.get("canonical_url") or item["url"])
        item["canonical_url"] = canonical
        minhash = signature(item["body"])
        original = canonical if canonical in self.kept else self.index.original_of(minhash, canonical)
        if original is not None:
            self._remember_copy(canonical, original, item.get("fetched_at") or now_iso())
            raise drop(self.stats, "duplicate", item.get("url"))
        self.kept.add(canonical)
        self.index.add(canonical, minhash)
        item["also_at"] = self.store.also_at(canonical) if self.store else self.copies.get(canonical, [])
        item["revision"] = item.get("revision") or 1
        return item

    def _remember_copy(self, copy: str, original: str, seen_at: str) -> None:
        if copy == original:
            return
        if self.store:
            self.store.add_also_at(copy, original, seen_at)
        else:
            self.copies.setdefault(original, []).append(copy)
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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        assert crawler.stats is not None
        path = state_path(crawler)
        if not path:
            raise NotConfigured("no REVIEWCRAWL_STATE_DB")
        pipeline = cls(crawler.stats, StateStore(path))
        # Before any feed is opened (and perhaps truncated): settle what a killed run left pending.
        kept, forgotten = pipeline.store.settle_pending()
        if kept or forgotten:
            logger.warning("A killed run left reviews pending: %d were exported, %d not", kept, forgotten)
        crawler.signals.connect(pipeline.export_opened, signal=export_opened)
        crawler.signals.connect(pipeline.review_written, signal=review_written)
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        return pipeline

    def open_spider(self) -> None:
        self.run_id = self.store.start_run()

    def close_spider(self) -> None:
        self.store.finish_run(self.run_id)
        self.store.close()
        self.closed = True

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ReviewItem):
            return item
        canonical, seen_at = item["canonical_url"], item.get("fetched_at") or now_iso()
        seen = self.store.seen(canonical)
        if seen and seen.content_hash == item["content_hash"]:
            self.store.touch(canonical, seen_at)
            raise drop(self.stats, "unchanged", item.get("url"))
        item["revision"] = seen.revision + 1 if seen else 1
        entry = Entry(
            canonical_url=canonical,
            url=item["url"],
            source=item.get("source"),
            content_hash=item["content_hash"],
            revision=item["revision"],
            seen_at=seen_at,
            signature=signature_bytes(signature(item["body"])),
        )
        self.store.mark_pending(entry, self.run_id)
        return item

    def export_opened(self, path: Any) -> None:
        if self.closed:
            return
        self.crash_safe_export = True
        self.store.add_export(self.run_id, path)

    def review_written(self, item: Any) -> None:
        self.store.commit_written(item["canonical_url"], item["content_hash"])

    def item_scraped(self, item: Any) -> None:
        """Without a crash-safe export, a review counts as exported once Scrapy reports it scraped."""
        if not self.crash_safe_export and isinstance(item, ReviewItem):
            self.store.commit_written(item["canonical_url"], item["content_hash"])
