"""Where the crawl may go: http(s) only, the hosts it was sent to, and URLs of a sane size.

A downloader middleware, so it sees every request before it leaves: links, feed and sitemap entries, redirects
and retries alike. It runs ahead of robots.txt, so an out-of-scope host is not even asked for its robots.txt.

Hosts: in a source or title crawl those of the configured sources (and of the URLs configured for them), in
a urls/url_file crawl those of the given URLs. A host's subdomains and its "www." twin belong to it; another
port on the same host does not. Endless query variants of one path (calendars, sort orders, session ids) are
cut off after ``REVIEWCRAWL_MAX_QUERY_VARIANTS`` distinct query strings.

Redirect loops are caught here too: a redirect back to a URL already in the request's redirect chain is
stopped before it is scheduled.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl import settings as defaults
from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.errors import Skipped, count_error, skip
from reviewcrawl.planning.arguments import CrawlPlan
from reviewcrawl.stats import Error, Skip

logger = logging.getLogger(__name__)

FOLLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

Site = tuple[str, int | None]  # host without "www.", port (None for the scheme's default)


def site_of(url: str) -> Site | None:
    """The (host, port) a URL belongs to, or None when it has no usable host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    if not host:
        return None
    return host, None if port in (None, DEFAULT_PORTS.get(parts.scheme)) else port


def within(site: Site, allowed: Iterable[Site]) -> bool:
    host, port = site
    return any(
        port == allowed_port and (host == allowed_host or host.endswith("." + allowed_host))
        for allowed_host, allowed_port in allowed
    )


def crawl_sites(plan: CrawlPlan | None) -> frozenset[Site] | None:
    """The sites a reviews crawl was sent to; None without a plan (another spider's crawl: no host limit)."""
    if plan is None:
        return None
    urls = list(plan.urls)
    for source in (*plan.sources, *plan.sites):
        urls.append(source.base_url)
        urls += [source.absolute(path) for path in (*source.start_urls, *source.feeds, *source.sitemaps)]
    return frozenset(site for site in map(site_of, urls) if site is not None)


class ScopeMiddleware:
    """Refuses requests that leave the crawl's scope, counting each as ``reviewcrawl/skipped/<reason>``."""

    def __init__(
        self,
        stats: StatsCollector,
        max_url_length: int = defaults.REVIEWCRAWL_MAX_URL_LENGTH,
        max_query_variants: int = defaults.REVIEWCRAWL_MAX_QUERY_VARIANTS,
    ) -> None:
        self.stats = stats
        self.max_url_length = max_url_length
        self.max_query_variants = max_query_variants
        self.sites: frozenset[Site] | None = None
        self.queries: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        assert crawler.stats is not None
        settings = crawler.settings
        middleware = cls(
            crawler.stats,
            settings.getint("REVIEWCRAWL_MAX_URL_LENGTH"),
            settings.getint("REVIEWCRAWL_MAX_QUERY_VARIANTS"),
        )
        middleware.sites = crawl_sites(crawl_run(crawler).plan)  # the spider, built first, made the plan
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        return middleware

    def process_request(self, request: Request) -> None:
        reason = self.refusal(request.url)
        if reason is None:
            return
        raise skip(self.stats, reason, request.url)

    def refusal(self, url: str) -> Skip | None:
        """Why ``url`` is out of scope, or None when it may be fetched."""
        if url.partition(":")[0].lower() not in FOLLOWED_SCHEMES:
            return Skip.SCHEME
        if len(url) > self.max_url_length:
            return Skip.URL_TOO_LONG
        site = site_of(url)
        if site is None or (self.sites is not None and not within(site, self.sites)):
            return Skip.OFF_SITE
        if self.too_many_variants(url):
            return Skip.QUERY_VARIANTS
        return None

    def too_many_variants(self, url: str) -> bool:
        parts = urlsplit(url)  # site_of has already parsed it
        if not parts.query:
            return False
        seen = self.queries[(parts.netloc.lower(), parts.path)]
        if parts.query in seen:
            return False
        if len(seen) >= self.max_query_variants:
            return True
        seen.add(parts.query)
        return False

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        """Stop a redirect that comes back to a URL of its own chain (the engine drops it quietly)."""
        if request.url in request.meta.get("redirect_urls", ()):
            loop = Error.REDIRECT_LOOP
            count_error(self.stats, loop, request.url, "redirected back to a URL already visited")
            raise Skipped(loop)
