"""A record goes on only when it is whole: a body long enough and the fields the schema needs."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl import settings as defaults
from reviewcrawl.items import RECORD_FIELDS, PageItem, ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.reading.page import PageOutcome
from reviewcrawl.stats import Drop


class ValidatePipeline:
    """Only whole records with a substantial body reach the export."""

    def __init__(self, stats: StatsCollector, min_words: int = defaults.REVIEWCRAWL_MIN_WORDS) -> None:
        self.stats = stats
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("REVIEWCRAWL_MIN_WORDS"))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            raise drop(self.stats, Drop.UNPROCESSED, item.get("url"))
        if not isinstance(item, PageOutcome) or item.record is None:
            return item
        record = item.record
        if not record.get("body"):
            raise drop(self.stats, Drop.NO_BODY, record.get("url"))
        if item.text_units < self.min_words:
            raise drop(self.stats, Drop.SHORT_BODY, record.get("url"))
        review = ReviewItem({name: record.get(name) for name in RECORD_FIELDS})
        if record.get("minhash") is not None:
            review["minhash"] = record["minhash"]
        return review
