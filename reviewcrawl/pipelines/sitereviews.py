"""In a ``-a site=`` crawl, only reviews go on: every article of such a site gives a record, so a page must
also show a review signal (reviewcrawl.reading.reviewsignals). Each review found teaches the spider which URL
shapes of its site hold reviews.

Two stages around the page readers: the page's markup is looked at before it is read (its bytes are gone
after), its record after.
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from reviewcrawl.crawlrun import CrawlRun, crawl_run
from reviewcrawl.items import PageItem, ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.planning.sitediscovery import is_site_key
from reviewcrawl.reading.reviewsignals import page_signals, record_signals
from reviewcrawl.stats import Drop


def site_run(crawler: Crawler) -> CrawlRun:
    run = crawl_run(crawler)
    if run.plan is None or not run.plan.sites:
        raise NotConfigured  # no -a site=: registry sources say themselves which pages are reviews
    return run


class SitePageSignalsPipeline:
    """Notes the review signals of a site page's markup, for SiteReviewsPipeline to read."""

    def __init__(self, run: CrawlRun) -> None:
        self.run = run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SitePageSignalsPipeline:
        pipeline = cls(site_run(crawler))
        crawler.signals.connect(pipeline.forget, signal=signals.item_dropped)
        return pipeline

    def forget(self, item: Any) -> None:
        """A page dropped on the way (a listing, too short) leaves no note behind."""
        url = item.get("url") if hasattr(item, "get") else None
        if isinstance(url, str):
            self.run.page_signals.pop(url, None)

    def process_item(self, item: PageItem) -> PageItem:
        if is_site_key(item.get("source_key")):
            self.run.page_signals[item["url"]] = page_signals(item["body_bytes"])
        return item


class SiteReviewsPipeline:
    """Drops a site page's record that shows no review signal; tells the URL shapes of each review."""

    def __init__(self, stats: StatsCollector, run: CrawlRun) -> None:
        self.stats = stats
        self.run = run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteReviewsPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, site_run(crawler))

    def process_item(self, item: ReviewItem) -> ReviewItem:
        url = item.get("url") or ""
        noted = self.run.page_signals.pop(url, None)
        if noted is None:  # not a page of a -a site= site
            return item
        review = bool(noted or record_signals(item))
        self.run.review_shapes.found_article(url, review)
        if not review:
            raise drop(self.stats, Drop.NOT_REVIEW, url)
        return item
