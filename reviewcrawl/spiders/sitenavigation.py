"""How the ``reviews`` spider walks a site given with ``-a site=`` and no registry entry.

First what the site publishes: the sitemaps robots.txt names, else the well-known sitemap addresses; in a
title crawl, the site's search instead when it has one (reviewcrawl.spiders.sitesearch). Only when a site
has no sitemap are its feeds read and its pages walked from the home page, pagination first. Which pages are
fetched is decided by the URL shapes that gave reviews (reviewcrawl.planning.reviewshapes); which are
reviews, by the pages themselves (reviewcrawl.pipelines.sitereviews). Every request carries the site's
source key, so the scope and trap middlewares bound it like any registry source's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from reviewcrawl.canonical import without_tracking
from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.downloadermiddlewares.traps import SITEMAP, SITEMAP_NESTING
from reviewcrawl.planning.discovery import XmlDocument
from reviewcrawl.planning.reviewshapes import ReviewShapes
from reviewcrawl.planning.sitediscovery import (
    WELL_KNOWN_FEEDS,
    WELL_KNOWN_SITEMAPS,
    page_feeds,
    robots_sitemaps,
    site_links,
)
from reviewcrawl.planning.sources import Source
from reviewcrawl.spiders.sitesearch import LISTING_PRIORITY, SiteSearch
from reviewcrawl.stats import Count, Skip

logger = logging.getLogger(__name__)

DISCOVERY_PRIORITY = 100  # robots.txt, sitemaps and feeds go ahead of pages: they say which pages to fetch
UNTRIED_SITEMAPS = "reviewcrawl_untried_sitemaps"  # request meta: well-known addresses to probe next
ANY_STATUS = {"handle_httpstatus_all": True}  # a probe's 404 is an answer, not an error


class SiteNavigation(SiteSearch):
    """Mixed into ReviewsSpider: the requests and callbacks of ``-a site=`` sites."""

    crawler: Any
    plan: Any
    wanted: Any
    freshness: Any
    sitemap_max_bytes: int
    sitemap_max_urls: int

    def site_setup(self) -> None:
        self.shapes: ReviewShapes = crawl_run(self.crawler).review_shapes
        self.site_by_key = {site.key: site for site in self.plan.sites}
        self.with_sitemap: set[str] = set()  # sites whose sitemaps listed pages
        self.searched: set[str] = set()  # sites a title crawl searched through their REST API
        self.walking: set[str] = set()  # sites walked from their home page
        self.home_pages: dict[str, str] = {}  # site key -> its home page's HTML
        if self.plan.sites:
            self.crawler.signals.connect(self.site_idle, signal=scrapy.signals.spider_idle)
            self.crawler.signals.connect(
                self.count_site_request, signal=scrapy.signals.request_reached_downloader
            )

    # --- requests -------------------------------------------------------------------------------

    def site_start(self, site: Source) -> Iterator[scrapy.Request]:
        yield self.probe(site.base_url + "/", site, self.parse_site_home)
        if self.wanted is None:  # a title crawl asks robots.txt only when the site has no search
            yield self.robots_probe(site)

    def probe(self, url: str, site: Source, callback: Any, **meta: Any) -> scrapy.Request:
        meta = {"source_key": site.key, **ANY_STATUS, **meta}
        return scrapy.Request(
            url, callback, meta=meta, priority=DISCOVERY_PRIORITY, errback=self.fetch_failed
        )

    def site_sitemap(self, url: str, site: Source, nesting: int = 0) -> scrapy.Request:
        # Sized as the registry's sitemaps are; nesting and count bounded by the trap middleware.
        meta = {
            "download_maxsize": self.sitemap_max_bytes,
            "download_warnsize": self.sitemap_max_bytes,
            SITEMAP: True,
            SITEMAP_NESTING: nesting,  # below the sitemaps robots.txt named or a probe found
        }
        return self.probe(url, site, self.parse_site_sitemap, **meta)

    def site_page(self, url: str, site: Source) -> scrapy.Request:
        priority = self.shapes.priority(url)
        meta = {"source_key": site.key}
        return scrapy.Request(
            without_tracking(url),
            self.parse_site_page,
            meta=meta,
            priority=priority,
            errback=self.fetch_failed,
        )

    def site_listing(self, url: str, site: Source) -> scrapy.Request:
        meta = {"source_key": site.key, "reviewcrawl_listing": True}
        return scrapy.Request(
            url, self.parse_site_page, meta=meta, priority=LISTING_PRIORITY, errback=self.fetch_failed
        )

    def site_pages(self, urls: list[str], site: Source) -> Iterator[scrapy.Request]:
        """Page requests for the URLs whose shape may hold reviews now; the others wait (see ReviewShapes)."""
        for url in urls:
            if site.owns(url) and self.shapes.offer(url, site.key):
                yield self.site_page(url, site)

    # --- callbacks ------------------------------------------------------------------------------

    def site_of_response(self, response: Response) -> Source | None:
        if response.status != 200:
            return None
        return self.site_by_key.get(response.meta.get("source_key"))

    def parse_site_home(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_by_key[response.meta["source_key"]]
        if response.status == 200 and isinstance(response, TextResponse):
            self.home_pages[site.key] = response.text
        if self.wanted is None:
            return
        searches = list(self.site_searches(site))
        if not searches:
            yield self.robots_probe(site)
            return
        self.searched.add(site.key)
        yield from searches

    def robots_probe(self, site: Source) -> scrapy.Request:
        return self.probe(site.absolute("/robots.txt"), site, self.parse_site_robots)

    def parse_site_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_by_key[response.meta["source_key"]]
        text = response.text if response.status == 200 and isinstance(response, TextResponse) else ""
        named = robots_sitemaps(text, site)
        if named:
            for url in named:
                yield self.site_sitemap(url, site)
        else:  # one well-known address after the other, until one answers with a sitemap
            yield self.next_probe(site, [site.absolute(path) for path in WELL_KNOWN_SITEMAPS])

    def next_probe(self, site: Source, addresses: list[str]) -> scrapy.Request:
        request = self.site_sitemap(addresses[0], site)
        request.meta[UNTRIED_SITEMAPS] = addresses[1:]
        return request

    def parse_site_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_by_key[response.meta["source_key"]]
        document = XmlDocument(response.body, response.url, self.sitemap_max_bytes)
        nested, pages = [], []
        for entry in document.sitemap_entries(self.sitemap_max_urls) if response.status == 200 else ():
            if not site.owns(entry.url):
                continue
            if entry.nested:
                nested.append(entry.url)
            elif self.freshness.wanted(entry, site, from_sitemap=True):
                pages.append(entry.url)
        untried = response.meta.get(UNTRIED_SITEMAPS)
        if untried and not (nested or pages):
            yield self.next_probe(site, untried)
        if pages:
            self.with_sitemap.add(site.key)
        for url in nested:
            yield self.site_sitemap(url, site, response.meta.get(SITEMAP_NESTING, 0) + 1)
        yield from self.site_pages(pages, site)
        self.count_left_out(document, response.url)

    def parse_site_feed(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of_response(response)
        if site is None:
            return
        entries = XmlDocument(response.body, response.url, self.sitemap_max_bytes).feed_entries()
        urls = [e.url for e in entries if self.freshness.wanted(e, site, from_sitemap=False)]
        yield from self.site_pages(urls, site)

    def parse_site_page(self, response: Response) -> Iterator[Any]:
        yield from self.parse_page(response)
        site = self.site_by_key.get(response.meta.get("source_key"))
        if site is not None and site.key in self.walking and isinstance(response, TextResponse):
            yield from self.walk_links(response.text, response.url, site)

    def walk_links(self, html: str, url: str, site: Source) -> Iterator[scrapy.Request]:
        pagination, others = site_links(html, url, site)
        for link in pagination:
            yield self.site_listing(link, site)
        yield from self.site_pages(others, site)

    # --- when the crawl runs out of work --------------------------------------------------------

    def site_idle(self) -> None:
        """Release the pages of shapes that gave reviews; walk the sites no sitemap or search served."""
        requests = [self.site_page(w.url, self.site_by_key[w.source_key]) for w in self.shapes.release()]
        for site in self.plan.sites:
            if site.key not in self.with_sitemap | self.searched | self.walking:
                self.walking.add(site.key)
                requests += self.walk_site(site)
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def walk_site(self, site: Source) -> list[scrapy.Request]:
        logger.info(
            "Site %s: no sitemap listed any page; reading its feeds and walking its pages", site.netloc
        )
        home = self.home_pages.get(site.key, "")
        feeds = page_feeds(home, site) or [site.absolute(path) for path in WELL_KNOWN_FEEDS]
        requests = [self.probe(feed, site, self.parse_site_feed) for feed in feeds]
        return requests + list(self.walk_links(home, site.base_url + "/", site))

    def count_site_request(self, request: scrapy.Request) -> None:
        if any(site.owns(request.url) for site in self.plan.sites):
            self.crawler.stats.inc_value(Count.SITE_REQUESTS.key)

    def site_closed(self) -> None:
        stats = self.crawler.stats
        reviews = sum(self.shapes.reviews.values())
        stats.set_value(Count.SITE_REVIEWS.key, reviews)
        if self.shapes.left_out:
            stats.set_value(Skip.NO_REVIEW_SHAPE.key, self.shapes.left_out)
        requests = stats.get_value(Count.SITE_REQUESTS.key, 0)
        per_review = f"{requests / reviews:.2f}" if reviews else "-"
        logger.info(
            "Sites crawled with -a site=: %d reviews found with %d requests (%s per review); "
            "%d URLs of shapes that gave no review left out",
            reviews,
            requests,
            per_review,
            self.shapes.left_out,
        )

    # provided by ReviewsSpider
    def parse_page(self, response: Response) -> Iterator[Any]:
        raise NotImplementedError

    def fetch_failed(self, failure: Failure) -> Failure | None:
        raise NotImplementedError

    def count_left_out(self, document: XmlDocument, url: str) -> None:
        raise NotImplementedError
