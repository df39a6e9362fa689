"""Thin pipelines: each calls one extraction step and counts what it dropped.

Order (see settings.ITEM_PIPELINES): strip boilerplate -> metadata -> film tag
-> validate; Scrapy's feed exports then write the records.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from reviewcrawl.config import resolve_path
from reviewcrawl.extract.audit import StripAudit
from reviewcrawl.films.catalogue import Catalogue, load_catalogue
from reviewcrawl.films.tagger import is_wanted
from reviewcrawl.items import RECORD_FIELDS, PageItem, ReviewItem
from reviewcrawl.record import Draft, NotAReview, film_step, metadata_step, strip_step
from reviewcrawl.sources import Registry

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
        if record.get("word_count", 0) < self.min_words:
            raise drop(self.stats, "short_body", record.get("url"))
        return ReviewItem({name: record.get(name) for name in RECORD_FIELDS})
