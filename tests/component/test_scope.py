"""Where the crawl may go: schemes, hosts, URL length, query variants, redirect loops."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from reviewcrawl.downloadermiddlewares.scope import ScopeMiddleware, crawl_sites, site_of, within
from reviewcrawl.errors import Skipped
from reviewcrawl.planning.arguments import CrawlPlan
from reviewcrawl.planning.sources import source_from_table


def middleware(plan: CrawlPlan | None, **limits: int) -> ScopeMiddleware:
    stats = MemoryStatsCollector(get_crawler())
    scope = ScopeMiddleware(stats, **limits)
    scope.sites = crawl_sites(plan)
    return scope


def source_plan() -> CrawlPlan:
    source = source_from_table(
        "films",
        {
            "base_url": "https://www.films.example",
            "review_links": "^/reviews/",
            "feeds": "https://feeds.example/f",
        },
    )
    return CrawlPlan(sources=(source,))


def refused(scope: ScopeMiddleware, url: str) -> str | None:
    """Why the middleware refuses ``url``; through a Request when Scrapy can build one for it."""
    try:
        request = Request(url)
    except ValueError:  # javascript:, mailto:, broken hosts: Scrapy will not even build the request
        return scope.refusal(url)
    try:
        scope.process_request(request)
    except Skipped as skipped:
        return skipped.reason
    return None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://www.films.example/reviews/a/", None),
        ("https://films.example/reviews/a/", None),  # the www. twin
        ("http://films.example/reviews/a/", None),  # http and https share the default ports
        ("https://cdn.films.example/reviews/a/", None),  # a subdomain
        ("https://feeds.example/f", None),  # a configured URL on another host
        ("https://other.example/reviews/a/", "off_site"),
        ("https://films.example.evil.test/reviews/a/", "off_site"),
        ("https://notfilms.example/reviews/a/", "off_site"),
        ("https://films.example:8443/reviews/a/", "off_site"),  # another port is another site
        ("file:///etc/passwd", "scheme"),
        ("data:text/html,<p>hi</p>", "scheme"),
        ("ftp://films.example/reviews/a/", "scheme"),
        ("javascript:void(0)", "scheme"),
        ("mailto:editor@films.example", "scheme"),
        ("https://films.example/reviews/" + "a" * 2100, "url_too_long"),
        ("http://[::1/broken", "off_site"),
    ],
)
def test_source_crawl_scope(url: str, reason: str | None) -> None:
    assert refused(middleware(source_plan()), url) == reason


def test_url_crawl_scope_is_the_given_hosts() -> None:
    plan = CrawlPlan(urls=("http://127.0.0.1:8711/reviews/a/", "https://blog.example/post/1"))
    scope = middleware(plan)
    assert refused(scope, "http://127.0.0.1:8711/other/") is None
    assert refused(scope, "https://blog.example/robots.txt") is None
    assert refused(scope, "http://127.0.0.1:8712/reviews/a/") == "off_site"
    assert refused(scope, "http://localhost:8711/reviews/a/") == "off_site"


def test_without_a_plan_any_host_goes_but_limits_stay() -> None:
    scope = middleware(None)
    assert refused(scope, "https://anywhere.example/") is None
    assert refused(scope, "javascript:alert(1)") == "scheme"


def test_query_variants_capped_per_path() -> None:
    scope = middleware(source_plan(), max_query_variants=3)
    base = "https://films.example/reviews/list"
    reasons = [refused(scope, f"{base}?page={n}") for n in range(1, 6)]
    assert reasons == [None, None, None, "query_variants", "query_variants"]
    assert refused(scope, f"{base}?page=2") is None  # one already followed (a retry, a redirect back)
    assert refused(scope, base) is None  # no query at all
    assert refused(scope, "https://films.example/reviews/other?page=9") is None  # another path
    assert scope.stats.get_value("reviewcrawl/skipped/query_variants") == 2


def test_skips_counted_by_reason() -> None:
    scope = middleware(source_plan(), max_url_length=100)
    for url in ("ftp://films.example/x", "https://films.example/" + "x" * 200, "https://elsewhere.example/"):
        refused(scope, url)
    stats = scope.stats.get_stats()
    assert stats["reviewcrawl/skipped/scheme"] == 1
    assert stats["reviewcrawl/skipped/url_too_long"] == 1
    assert stats["reviewcrawl/skipped/off_site"] == 1


def test_redirect_back_into_its_own_chain_is_stopped() -> None:
    scope = middleware(source_plan())
    looped = Request(
        "https://films.example/a",
        meta={"redirect_urls": ["https://films.example/a", "https://films.example/b"]},
    )
    with pytest.raises(Skipped):
        scope.request_scheduled(looped, None)  # type: ignore[arg-type]
    onward = Request("https://films.example/c", meta={"redirect_urls": ["https://films.example/a"]})
    scope.request_scheduled(onward, None)  # type: ignore[arg-type]
    assert scope.stats.get_value("reviewcrawl/errors/redirect_loop") == 1


def test_sites() -> None:
    assert site_of("https://www.Films.example:443/x") == ("films.example", None)
    assert site_of("http://films.example:8080/x") == ("films.example", 8080)
    assert site_of("not a url") is None
    assert within(("a.films.example", None), {("films.example", None)})
    assert not within(("films.example", None), {("a.films.example", None)})
    sites = crawl_sites(source_plan())
    assert sites == {("films.example", None), ("feeds.example", None)}
