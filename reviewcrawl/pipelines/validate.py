"""A record goes on only when it is whole: a body long enough and the fields the schema needs."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl import settings as defaults
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines.drops import drop
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

    def process_item(self, item: ReviewItem) -> ReviewItem:
        length = item.pop("text_units", None) or 0  # the last step that wants it
        if not item.get("body"):
            raise drop(self.stats, Drop.NO_BODY, item.get("url"))
        if length < self.min_words:
            raise drop(self.stats, Drop.SHORT_BODY, item.get("url"))
        return item
