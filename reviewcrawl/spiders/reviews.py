"""The ``reviews`` spider: finds review pages and hands them to the pipelines.

It only navigates: which pages to fetch and in which way. Everything about a
page's content happens in the pipelines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure
from w3lib.encoding import http_content_type_encoding

from reviewcrawl import settings as defaults
from reviewcrawl.browser.options import browser_meta, was_rendered
from reviewcrawl.canonical import without_tracking
from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.distributed.addon import seeds_crawl
from reviewcrawl.errors import Skipped, report_failure
from reviewcrawl.export.jobdir import all_seeds_scheduled, seeds_scheduled_before
from reviewcrawl.films.wanted import WantedFilm
from reviewcrawl.items import PageItem
from reviewcrawl.planning.arguments import ARGUMENT_NAMES, CrawlPlan, plan_crawl
from reviewcrawl.planning.discovery import XmlDocument, page_links
from reviewcrawl.planning.freshness import FreshnessCheck
from reviewcrawl.planning.sources import Registry, Source
from reviewcrawl.spiders.sitenavigation import SiteNavigation
from reviewcrawl.stats import Skip

HTML_TYPES = (b"text/html", b"application/xhtml")


def declared_charset(response: Response) -> str | None:
    """The charset the server declared, if any: a hint for decoding, never Scrapy's own guess."""
    content_type = response.headers.get(b"Content-Type")
    return http_content_type_encoding(content_type.decode("latin-1")) if content_type else None


class ReviewsSpider(SiteNavigation, scrapy.Spider):
    name = "reviews"
    plan: CrawlPlan
    wanted: WantedFilm | None = None
    registry: Registry
    freshness: FreshnessCheck
    sitemap_max_bytes = defaults.REVIEWCRAWL_SITEMAP_MAX_BYTES
    sitemap_max_urls = defaults.REVIEWCRAWL_SITEMAP_MAX_URLS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.raw_arguments = {name: kwargs.pop(name, None) for name in ARGUMENT_NAMES}
        super().__init__(*args, **kwargs)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ReviewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        run = crawl_run(crawler)
        spider.registry = run.registry
        # Handed to the crawl before any middleware or pipeline is built: they read it from there.
        spider.plan = run.plan = plan_crawl(spider.registry, spider.raw_arguments)
        spider.registry = spider.registry.including(spider.plan.sites)
        spider.wanted = run.wanted  # a title crawl's film, resolved in the catalogue once
        spider.freshness = FreshnessCheck.from_crawler(crawler)  # opens the state store: first of the crawl
        spider.sitemap_max_bytes = crawler.settings.getint("REVIEWCRAWL_SITEMAP_MAX_BYTES")
        spider.sitemap_max_urls = crawler.settings.getint("REVIEWCRAWL_SITEMAP_MAX_URLS")
        spider.site_setup()
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not seeds_crawl(self.settings):  # a crawl shared by several workers is seeded once
            return
        if seeds_scheduled_before(self.crawler):  # a paused job goes on from its saved queue
            return
        for url in self.plan.urls:
            yield self.page_request(url, self.registry.for_url(url))
        for source in self.plan.sources:
            for request in self.source_requests(source):
                yield request
        for site in self.plan.sites:
            for request in self.site_start(site):
                yield request
        # Reached once the engine has scheduled the last start request.
        all_seeds_scheduled(self.crawler)

    def source_requests(self, source: Source) -> Iterator[scrapy.Request]:
        if self.wanted is not None and source.search:
            # Every name of the wanted film: a site may list it under its original title or a translation.
            for name in self.wanted.search_names:
                search = source.search_url(name)
                if search:
                    yield self.listing_request(search, source)
            return
        for feed in source.feeds:
            yield self.xml_request(source.absolute(feed), source, self.parse_feed)
        if not self.plan.title:
            for sitemap in source.sitemaps:
                yield self.sitemap_request(source.absolute(sitemap), source)
        if self.freshness.dated_discovery and (source.feeds or source.sitemaps):
            return
        for start in source.start_urls:
            yield self.listing_request(source.absolute(start), source)

    def page_request(self, url: str, source: Source | None) -> scrapy.Request:
        meta = {"source_key": source.key if source else None}
        if source and source.js:
            meta.update(browser_meta())
        return scrapy.Request(without_tracking(url), self.parse_page, meta=meta, errback=self.fetch_failed)

    def listing_request(self, url: str, source: Source) -> scrapy.Request:
        meta: dict[str, Any] = {"source_key": source.key, "reviewcrawl_listing": True}
        if source.js:
            meta.update(browser_meta())
        return scrapy.Request(url, self.parse_listing, meta=meta, errback=self.fetch_failed)

    def xml_request(self, url: str, source: Source, callback: Any) -> scrapy.Request:
        return scrapy.Request(url, callback, meta={"source_key": source.key}, errback=self.fetch_failed)

    def sitemap_request(self, url: str, source: Source) -> scrapy.Request:
        request = self.xml_request(url, source, self.parse_sitemap)
        # A sitemap may be five times the size of the largest page (the protocol's limit, uncompressed).
        request.meta.update(
            download_maxsize=self.sitemap_max_bytes,
            download_warnsize=self.sitemap_max_bytes,
            reviewcrawl_sitemap=True,
        )
        return request

    def source_of(self, response: Response) -> Source | None:
        return self.registry.get(response.meta.get("source_key"))

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        source = self.source_of(response)
        if source is None or not isinstance(response, TextResponse):
            return
        for url in page_links(response.text, response.url):
            if source.is_review_url(url):
                yield self.page_request(url, source)
            elif source.is_listing_url(url):
                yield self.listing_request(url, source)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        source = self.source_of(response)
        if source is None:
            return
        for entry in XmlDocument(response.body, response.url, self.sitemap_max_bytes).feed_entries():
            if source.is_review_url(entry.url) and self.freshness.wanted(entry, source, from_sitemap=False):
                yield self.page_request(entry.url, source)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        source = self.source_of(response)
        if source is None:
            return
        document = XmlDocument(response.body, response.url, self.sitemap_max_bytes)
        for entry in document.sitemap_entries(self.sitemap_max_urls):
            if entry.nested:
                if source.owns(entry.url):
                    yield self.sitemap_request(entry.url, source)
            elif source.is_review_url(entry.url) and self.freshness.wanted(entry, source, from_sitemap=True):
                yield self.page_request(entry.url, source)
        self.count_left_out(document, response.url)

    def count_left_out(self, document: XmlDocument, url: str) -> None:
        """What the sitemap protocol's limits kept from being read: counted, and said in one line each."""
        stats = self.crawler.stats
        assert stats is not None
        if document.ignored:
            stats.inc_value(Skip.SITEMAP_URLS.key, document.ignored)
            self.logger.info(
                "Sitemap %s: %d URLs past REVIEWCRAWL_SITEMAP_MAX_URLS (%d) not followed",
                url,
                document.ignored,
                self.sitemap_max_urls,
            )
        if document.cut:
            stats.inc_value(Skip.SITEMAP_CUT.key)
            self.logger.info(
                "Sitemap %s: read up to REVIEWCRAWL_SITEMAP_MAX_BYTES (%d bytes uncompressed), no further",
                url,
                self.sitemap_max_bytes,
            )

    def parse_page(self, response: Response) -> Iterator[PageItem]:
        content_type = (response.headers.get(b"Content-Type") or b"").lower()
        if content_type and not content_type.startswith(HTML_TYPES):
            self.crawler.stats.inc_value(Skip.NOT_HTML.key)
            self.logger.info("Skipped %s: not HTML (%s)", response.url, content_type.decode("latin-1"))
            return
        yield PageItem(
            url=response.url,
            body_bytes=response.body,
            encoding=declared_charset(response),
            source_key=response.meta.get("source_key"),
            rendered=was_rendered(response.meta),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def closed(self, reason: str) -> None:
        if self.plan.sites:
            self.site_closed()

    def fetch_failed(self, failure: Failure) -> Failure | None:
        request = failure.request  # type: ignore[attr-defined]
        report_failure(self.crawler.stats, request, failure.value)
        # A request not made (or a 304) was counted where it was decided. Handed back, Scrapy drops it
        # silently, sparing the round of output handling an errback's return value gets (one per 304).
        return failure if failure.check(Skipped) else None
