"""Per-source bounds that end a crawl caught in a spider trap: endless pagination, calendars, session ids in
paths, sitemap indexes that keep naming new sitemaps.

A downloader middleware, like scope.py, so it sees each request once before it leaves (a retry or redirect
carries the decision of the request it came from). Only requests of a source (``source_key``) are bounded:

- pages requested per source, of every kind (``REVIEWCRAWL_MAX_PAGES_PER_SOURCE``);
- listing depth: pagination hops from a start page (Scrapy's ``depth``, ``REVIEWCRAWL_MAX_LISTING_DEPTH``);
- listing pages per path shape: paths alike but for their numbers and ids (``/cal/2024/05/`` and
  ``/cal/1987/11/``, ``/s/9f3a07/list/`` and ``/s/b81c44/list/``), ``REVIEWCRAWL_MAX_PATH_SHAPE_VARIANTS``;
- sitemap nesting below the configured sitemaps (``REVIEWCRAWL_MAX_SITEMAP_DEPTH``) and sitemaps fetched
  per source (``REVIEWCRAWL_MAX_SITEMAPS_PER_SOURCE``).

Each refusal is counted as ``reviewcrawl/skipped/<reason>``. The counts live in the crawl's process: in a
crawl shared by several workers each worker applies the bounds to what it fetches.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl import settings as defaults
from reviewcrawl.errors import skip
from reviewcrawl.stats import Skip

logger = logging.getLogger(__name__)

BOUNDED = "reviewcrawl_bounded"  # request meta: this request (or the one it was retried from) passed
LISTING = "reviewcrawl_listing"  # request meta set by the spider
SITEMAP = "reviewcrawl_sitemap"
# Request meta: how deep a sitemap is nested below the first sitemaps of its source, when the request's crawl
# depth does not say (a -a site= sitemap found after probing robots.txt and other addresses).
SITEMAP_NESTING = "reviewcrawl_sitemap_nesting"
# A run of letters and digits with at least one digit: a number, a date part, an id, a session token.
_VARIABLE_PART = re.compile(r"[A-Za-z0-9]*[0-9][A-Za-z0-9]*")


@dataclass(frozen=True)
class Bounds:
    pages_per_source: int = defaults.REVIEWCRAWL_MAX_PAGES_PER_SOURCE
    listing_depth: int = defaults.REVIEWCRAWL_MAX_LISTING_DEPTH
    path_shape_variants: int = defaults.REVIEWCRAWL_MAX_PATH_SHAPE_VARIANTS
    sitemap_depth: int = defaults.REVIEWCRAWL_MAX_SITEMAP_DEPTH
    sitemaps_per_source: int = defaults.REVIEWCRAWL_MAX_SITEMAPS_PER_SOURCE


def path_shape(url: str) -> str:
    """The URL's path with every number or id in it replaced by ``#``."""
    return _VARIABLE_PART.sub("#", urlsplit(url).path)


class TrapBoundsMiddleware:
    """Refuses a source's requests past its bounds, counting each as ``reviewcrawl/skipped/<reason>``."""

    def __init__(self, stats: StatsCollector, bounds: Bounds) -> None:
        self.stats = stats
        self.bounds = bounds
        self.pages: Counter[str] = Counter()
        self.sitemaps: Counter[str] = Counter()
        self.shape_paths: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapBoundsMiddleware:
        assert crawler.stats is not None
        settings = crawler.settings
        bounds = Bounds(
            settings.getint("REVIEWCRAWL_MAX_PAGES_PER_SOURCE"),
            settings.getint("REVIEWCRAWL_MAX_LISTING_DEPTH"),
            settings.getint("REVIEWCRAWL_MAX_PATH_SHAPE_VARIANTS"),
            settings.getint("REVIEWCRAWL_MAX_SITEMAP_DEPTH"),
            settings.getint("REVIEWCRAWL_MAX_SITEMAPS_PER_SOURCE"),
        )
        return cls(crawler.stats, bounds)

    def process_request(self, request: Request) -> None:
        source = request.meta.get("source_key")
        if not source or request.meta.get(BOUNDED):
            return
        reason = self.refusal(request, source)
        if reason is not None:
            raise skip(self.stats, reason, request.url)
        self.admit(request, source)

    def refusal(self, request: Request, source: str) -> Skip | None:
        """Which bound ``request`` would pass, or None when it may go."""
        bounds, depth = self.bounds, request.meta.get("depth", 0)
        if self.pages[source] >= bounds.pages_per_source:
            return Skip.PAGES_PER_SOURCE
        if request.meta.get(LISTING):
            if depth > bounds.listing_depth:
                return Skip.LISTING_DEPTH
            seen = self.shape_paths[(source, path_shape(request.url))]
            if urlsplit(request.url).path not in seen and len(seen) >= bounds.path_shape_variants:
                return Skip.PATH_SHAPE
        if request.meta.get(SITEMAP):
            if request.meta.get(SITEMAP_NESTING, depth) > bounds.sitemap_depth:
                return Skip.SITEMAP_DEPTH
            if self.sitemaps[source] >= bounds.sitemaps_per_source:
                return Skip.SITEMAPS_PER_SOURCE
        return None

    def admit(self, request: Request, source: str) -> None:
        request.meta[BOUNDED] = True
        self.pages[source] += 1
        if request.meta.get(LISTING):
            self.shape_paths[(source, path_shape(request.url))].add(urlsplit(request.url).path)
        if request.meta.get(SITEMAP):
            self.sitemaps[source] += 1
