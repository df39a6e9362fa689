"""`-a site=` beyond the generated shapes: a bad value, title crawls through a site's search (WordPress's REST
API, an OpenSearch description, WordPress's /?s=), a registry entry that wins, news sitemaps' dates, and
hostile sitemaps and search results that must neither leave the site nor hang the crawl."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from devtools.siteshapes import SHAPES, ShapeServer
from tests.conftest import run_crawl, run_refused_crawl
from tests.hostile_server import Handler, HostileSite, Route, page, redirect, text

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def empty_registry(tmp: Path) -> dict[str, str]:
    registry = tmp / "empty.toml"
    registry.write_text("", "utf-8")
    return {"REVIEWCRAWL_SOURCES": str(registry)}


def test_a_bad_site_value_is_a_one_line_error() -> None:
    refused = run_refused_crawl(["-a", "site=ftp://outlet.example/"])
    assert refused.returncode != 0
    assert len(refused.errors) == 1
    assert "malformed URL in site" in refused.errors[0]


def test_title_crawl_of_a_wordpress_site_asks_its_rest_search(tmp_path: Path) -> None:
    with ShapeServer("wp-yoast") as server:
        review = next(a for a in server.site.content.articles if a.kind == "review")
        result = run_crawl(tmp_path, {"site": server.base, "title": review.film}, empty_registry(tmp_path))
        paths = [line for line in result.log.splitlines() if "Crawled (" in line]
    assert result.returncode == 0, result.stderr[-2000:]
    assert any("/wp-json/wp/v2/posts?search=" in line for line in paths)
    assert not any("sitemap" in line for line in paths)  # the search said which pages hold the film
    assert len(paths) < 20


def title_crawl(shape: str, tmp: Path) -> tuple[Any, set[str], list[str], str]:
    """A title crawl of one film on a shape: the result, the film's review URLs, the paths the site served
    and the film."""
    with ShapeServer(shape) as server:
        film = next(a for a in server.site.content.articles if a.kind == "review").film
        reviews = {server.site.url(a) for a in server.site.content.of_kind("review") if a.film == film}
        result = run_crawl(tmp, {"site": server.base, "title": film}, empty_registry(tmp))
        crawled = [line for line in result.log.splitlines() if "Crawled (" in line]
    return result, reviews, crawled, film


def test_title_crawl_through_an_opensearch_description(tmp_path: Path) -> None:
    result, reviews, crawled, title = title_crawl("drupal", tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    # The reviews are headlined with the bare film title: the asked-for title is what names their film.
    assert {r["url"] for r in result.records} == reviews
    assert {(r["film_title"], r["film_evidence"]) for r in result.records} == {
        (title, "headline:wanted_title")
    }
    assert any("/opensearch.xml" in line for line in crawled)
    assert any("/search/node?keys=" in line for line in crawled)
    assert not any("?page=" in line and "/search/" not in line for line in crawled)  # no listing walked
    assert len(crawled) < 20  # a crawl of the whole site takes 83


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_title_crawl_of_every_shape_exports_the_films_reviews_and_nothing_else(
    shape: str, tmp_path: Path
) -> None:
    result, reviews, _, title = title_crawl(shape, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert {r["url"] for r in result.records} == reviews
    assert {r["film_title"] for r in result.records} == {title}


def test_title_crawl_of_a_wordpress_site_without_its_rest_api_asks_its_search_page(tmp_path: Path) -> None:
    result, reviews, crawled, _ = title_crawl("mixed", tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert {r["url"] for r in result.records} == reviews
    assert any("/?s=" in line for line in crawled)
    assert not any("/page/" in line for line in crawled)  # the listings were not walked
    assert len(crawled) < 20  # a crawl of the whole site takes 72


def test_a_registry_entry_wins_over_discovery(tmp_path: Path) -> None:
    with ShapeServer("wp-yoast") as server:
        registry = tmp_path / "sources.toml"
        registry.write_text(
            f'[sources.mine]\nbase_url = "{server.base}"\nreview_links = "^/nothing-here/$"\n', "utf-8"
        )
        result = run_crawl(tmp_path, {"site": server.base}, {"REVIEWCRAWL_SOURCES": str(registry)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.records == []  # the entry's review_links match nothing: discovery did not step in
    crawled = [line for line in result.log.splitlines() if "Crawled (" in line]
    assert crawled and not any("sitemap" in line or "/feed/" in line for line in crawled)


def sitemap_index(*urls: str) -> str:
    rows = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return f'<?xml version="1.0"?><sitemapindex xmlns="{SITEMAP_NS}">{rows}</sitemapindex>'


def urlset(*urls: str) -> str:
    rows = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">{rows}</urlset>'


def deep_sitemap(site: HostileSite) -> Route:
    """/deep/N.xml names /deep/N+1.xml: nesting without end."""

    def route(handler: Handler) -> None:
        number = int(handler.path.rsplit("/", 1)[-1].removesuffix(".xml") or 0)
        body = sitemap_index(site.url(f"/deep/{number + 1}.xml"))
        handler.send(200, body.encode(), {"Content-Type": "application/xml"})

    return route


def hostile_sitemap_site(elsewhere: HostileSite, review_html: bytes) -> HostileSite:
    site = HostileSite()
    xml = "application/xml"
    site.routes.update(
        {
            "/robots.txt": text(
                f"User-agent: *\nSitemap: {elsewhere.url('/sitemap.xml')}\nSitemap: /index.xml\n"
            ),
            "/": page("<html><body><p>home</p></body></html>"),
            "/index.xml": page(
                sitemap_index(
                    site.url("/index.xml"),  # itself
                    site.url("/deep/1.xml"),
                    site.url("/broken.xml"),
                    elsewhere.url("/their-sitemap.xml"),
                    "file:///etc/passwd",
                ),
                xml,
            ),
            "/deep/*": deep_sitemap(site),
            "/broken.xml": page(
                urlset(site.url("/a-review/"), elsewhere.url("/away/"))[:-30] + "<url><loc", xml
            ),
            "/a-review/": page(review_html),
        }
    )
    return site.start()


def test_hostile_sitemaps_stay_on_the_site_and_end(tmp_path: Path, elsewhere: HostileSite) -> None:
    with ShapeServer("wp-yoast") as shapes:
        review = next(a for a in shapes.site.content.articles if a.kind == "review")
        review_html = shapes.site.article_page(review)
    site = hostile_sitemap_site(elsewhere, review_html)
    try:
        before = len(elsewhere.hits)
        result = run_crawl(tmp_path, {"site": site.base}, empty_registry(tmp_path), timeout=120)
    finally:
        site.stop()
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(elsewhere.hits) == before
    assert [r["url"] for r in result.records] == [site.url("/a-review/")]
    assert len([p for p in site.paths() if p.startswith("/deep/")]) <= 3
    assert result.stat("reviewcrawl/skipped/sitemap_depth") >= 1


def test_a_scheduled_site_crawl_fetches_only_what_its_sitemaps_say_changed(tmp_path: Path) -> None:
    with ShapeServer("wp-yoast") as server:
        settings = {**empty_registry(tmp_path), "REVIEWCRAWL_STATE_DB": str(tmp_path / "state.sqlite")}
        first = run_crawl(tmp_path / "first", {"site": server.base}, settings)
        served_first = server.requests
        second = run_crawl(tmp_path / "second", {"site": server.base}, settings)
        served_second = server.requests - served_first
        reviews = server.review_urls()
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    assert len(first.records) == len(reviews)
    assert second.records == []
    assert second.stat("reviewcrawl/skipped/not_modified") >= len(reviews)
    assert not any(f"<GET {url}>" in second.log for url in reviews)
    # Pages that gave no review are not in the state store: they are asked again (news, static pages).
    assert served_second < served_first / 3


def test_a_news_sitemap_dates_its_pages_by_publication(tmp_path: Path) -> None:
    since = date(2023, 4, 1)
    with ShapeServer("nextjs") as server:  # robots.txt names a news sitemap: no <lastmod>, publication dates
        reviews = server.site.content.of_kind("review")
        recent = {server.site.url(a) for a in reviews if a.day >= since}
        older = {server.site.url(a) for a in reviews if a.day < since}
        result = run_crawl(
            tmp_path, {"site": server.base, "since": since.isoformat()}, empty_registry(tmp_path)
        )
    assert result.returncode == 0, result.stderr[-2000:]
    assert older and recent
    assert {r["url"] for r in result.records} == recent
    assert not any(f"<GET {url}>" in result.log for url in older)
    assert result.stat("reviewcrawl/skipped/before_since") >= len(older)


def endless_results(elsewhere: HostileSite) -> Route:
    """/find?q=…&page=N: the review, an off-site link, a redirect off the site, a next page without end."""

    def route(handler: Handler) -> None:
        number = int(handler.path.rsplit("page=", 1)[-1]) if "page=" in handler.path else 1
        links = (
            f'<a href="/a-review/">the film</a><a href="{elsewhere.url("/away/")}">away</a>'
            f'<a href="/go/">moved</a><a href="/find?q=x&amp;page={number + 1}" rel="next">Next</a>'
        )
        handler.send(200, f"<html><body>{links}</body></html>".encode(), {"Content-Type": "text/html"})

    return route


def hostile_search_site(elsewhere: HostileSite, review_html: bytes) -> HostileSite:
    site = HostileSite()
    kind = "application/opensearchdescription+xml"
    described = (
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">'
        f'<Url type="text/html" template="{elsewhere.url("/search?q={searchTerms}")}"/>'
        f'<Url type="text/html" template="{site.url("/find?q={searchTerms}")}"/></OpenSearchDescription>'
    )
    site.routes.update(
        {
            "/": page(
                f'<html><head><link rel="search" type="{kind}" href="/os.xml"></head><body></body></html>'
            ),
            "/os.xml": page(described, kind),
            "/find": endless_results(elsewhere),
            "/go/": redirect(elsewhere.url("/moved-here/")),
            "/a-review/": page(review_html),
        }
    )
    return site.start()


def test_hostile_search_results_stay_on_the_site_and_end(tmp_path: Path, elsewhere: HostileSite) -> None:
    with ShapeServer("wp-yoast") as shapes:
        review = next(a for a in shapes.site.content.articles if a.kind == "review")
        review_html = shapes.site.article_page(review)
    site = hostile_search_site(elsewhere, review_html)
    try:
        before = len(elsewhere.hits)
        arguments = {"site": site.base, "title": review.film}
        result = run_crawl(tmp_path, arguments, empty_registry(tmp_path), timeout=120)
    finally:
        site.stop()
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(elsewhere.hits) == before  # neither the off-site template, link nor redirect was followed
    assert [r["url"] for r in result.records] == [site.url("/a-review/")]
    assert site.paths().count("/go/") == 1
    assert len([p for p in site.paths() if p.startswith("/find")]) == 2  # MAX_RESULT_PAGES
