"""Spider traps end by themselves: endless pagination, a calendar, fresh session ids in paths, a sitemap index
that names new sitemaps on every fetch, a wide index past the source's budget. Each bound is counted as it is
hit, the reviews the trap site links to are still exported, and the "elsewhere" server gets no request.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from reviewcrawl.downloadermiddlewares.traps import path_shape
from tests.conftest import CrawlResult, run_crawl
from tests.hostile_pages import ENGLISH, expected_body, review_html
from tests.hostile_server import Handler, HostileSite, page

LISTING_DEPTH = 8
SHAPE_VARIANTS = 12
SITEMAP_DEPTH = 2
SITEMAPS = 10
PAGES = 25
# Where each real review is linked from; all of them lie within the bounds above.
REVIEWS = {
    "/reviews/home/": "drive",
    "/reviews/from-pagination/": "perfect-days",
    "/reviews/from-calendar/": "zone-of-interest",
    "/reviews/from-session/": "anatomy-of-a-fall",
    "/reviews/from-sitemap/": "toni-erdmann",
}


def listing(title: str, links: list[str]) -> bytes:
    anchors = " ".join(f'<a href="{escape(link)}">{escape(link)}</a>' for link in links)
    return f"<html><body><h1>{escape(title)}</h1>{anchors}</body></html>".encode()


def session_id() -> str:
    return f"{uuid.uuid4().hex[:10]}7"  # a digit, as every real session token has somewhere


def endless_pagination(handler: Handler) -> None:
    number = int(handler.path.strip("/").rsplit("/", 1)[-1])
    links = [f"/page/{number + 1}/"] + (["/reviews/from-pagination/"] if number == 3 else [])
    handler.send(200, listing(f"Page {number}", links))


def calendar(handler: Handler) -> None:
    year, month = (int(part) for part in re.findall(r"\d+", handler.path))
    before = f"/cal/{year - (month == 1)}/{12 if month == 1 else month - 1:02d}/"
    after = f"/cal/{year + (month == 12)}/{1 if month == 12 else month + 1:02d}/"
    extra = ["/reviews/from-calendar/"] if (year, month) == (2024, 2) else []
    handler.send(200, listing(f"{year}-{month}", [before, after, *extra]))


def session_paths(handler: Handler) -> None:
    """Every link carries a session id never seen before."""
    links = [f"/s/{session_id()}/list/", f"/s/{session_id()}/list/", "/reviews/from-session/"]
    handler.send(200, listing("Latest", links))


def sitemap_index(children: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
    return f'<?xml version="1.0"?><sitemapindex>{entries}</sitemapindex>'.encode()


def urlset(paths: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{path}</loc></url>" for path in paths)
    return f'<?xml version="1.0"?><urlset>{entries}</urlset>'.encode()


def expanding_index(handler: Handler) -> None:
    """An index naming two sitemaps never named before, which are such indexes again."""
    body = sitemap_index([f"/sitemaps/{uuid.uuid4().hex}.xml" for _ in range(2)])
    handler.send(200, body, {"Content-Type": "application/xml"})


def wide_child(handler: Handler) -> None:
    number = handler.path.rsplit("-", 1)[-1].removesuffix(".xml")
    paths = [f"/reviews/wide-{number}-{n}/" for n in range(5)]
    handler.send(200, urlset(paths), {"Content-Type": "application/xml"})


def build_trap_site(elsewhere: HostileSite) -> HostileSite:
    site = HostileSite()
    home = ["/reviews/home/", "/page/1/", "/cal/2024/01/", f"/s/{session_id()}/list/"]
    home.append(elsewhere.url("/page/1/"))
    xml = "application/xml"
    site.routes.update(
        {
            "/": page(listing("Trap Reviews", home)),
            "/page/*": endless_pagination,
            "/cal/*": calendar,
            "/s/*": session_paths,
            "/sitemap.xml": page(sitemap_index(["/sitemaps/real.xml", "/sitemaps/grow.xml"]), xml),
            "/sitemaps/real.xml": page(urlset(["/reviews/from-sitemap/", elsewhere.url("/reviews/x/")]), xml),
            "/sitemaps/*": expanding_index,
        }
    )
    for path, slug in REVIEWS.items():
        site.routes[path] = page(review_html(ENGLISH[slug], slug=slug))
    return site.start()


def build_wide_site() -> HostileSite:
    """One index naming 30 sitemaps of 5 reviews each: more than the source may fetch."""
    site = HostileSite()
    children = [f"/sitemap-{n}.xml" for n in range(30)]
    site.routes.update(
        {
            "/sitemap.xml": page(sitemap_index(children), "application/xml"),
            "/sitemap-*": wide_child,
            "/reviews/*": page(review_html(ENGLISH["past-lives"])),
        }
    )
    return site.start()


def registry_entry(key: str, site: HostileSite, start: str) -> str:
    return f"""[sources.{key}]
base_url = "{site.base}"
start_urls = [{start}]
sitemaps = ["/sitemap.xml"]
review_links = '^/reviews/'
pagination = '^/(page|cal|s)/'
"""


@pytest.fixture(scope="module")
def trap_site(elsewhere: HostileSite) -> Iterator[HostileSite]:
    site = build_trap_site(elsewhere)
    yield site
    site.stop()


@pytest.fixture(scope="module")
def wide_site() -> Iterator[HostileSite]:
    site = build_wide_site()
    yield site
    site.stop()


def crawl(tmp: Path, registry: str, settings: dict[str, str]) -> tuple[CrawlResult, float]:
    path = tmp / "sources.toml"
    path.write_text(registry, "utf-8")
    started = time.monotonic()
    result = run_crawl(tmp, {"source": "all"}, {"REVIEWCRAWL_SOURCES": str(path), **settings}, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.summary["finish_reason"] == "finished"
    assert "Traceback" not in result.log
    return result, time.monotonic() - started


@pytest.fixture(scope="module")
def trap_crawl(trap_site: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, float]:
    settings = {
        "REVIEWCRAWL_MAX_LISTING_DEPTH": str(LISTING_DEPTH),
        "REVIEWCRAWL_MAX_PATH_SHAPE_VARIANTS": str(SHAPE_VARIANTS),
        "REVIEWCRAWL_MAX_SITEMAP_DEPTH": str(SITEMAP_DEPTH),
    }
    return crawl(tmp_path_factory.mktemp("traps"), registry_entry("traps", trap_site, '"/"'), settings)


@pytest.fixture(scope="module")
def wide_crawl(wide_site: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, float]:
    settings = {
        "REVIEWCRAWL_MAX_SITEMAPS_PER_SOURCE": str(SITEMAPS),
        "REVIEWCRAWL_MAX_PAGES_PER_SOURCE": str(PAGES),
    }
    return crawl(tmp_path_factory.mktemp("wide"), registry_entry("wide", wide_site, ""), settings)


def test_path_shapes_hide_numbers_and_ids() -> None:
    assert path_shape("http://a.example/cal/2024/05/") == path_shape("http://a.example/cal/1987/11/")
    assert path_shape("http://a.example/s/9f3a07/list/") == "/s/#/list/"
    assert path_shape("http://a.example/reviews/drive/") == "/reviews/drive/"


def test_traps_end_with_every_bound_counted(
    trap_crawl: tuple[CrawlResult, float], trap_site: HostileSite
) -> None:
    result, seconds = trap_crawl
    for reason in ("listing_depth", "path_shape", "sitemap_depth"):
        assert result.stat(f"reviewcrawl/skipped/{reason}") >= 1, (reason, result.summary.get("stats"))
    assert result.summary["skipped"]["path_shape"] == result.stat("reviewcrawl/skipped/path_shape")
    fetched = trap_site.paths()
    assert len([p for p in fetched if p.startswith("/page/")]) == LISTING_DEPTH
    assert len([p for p in fetched if p.startswith("/cal/")]) == SHAPE_VARIANTS
    assert len([p for p in fetched if p.startswith("/s/")]) == SHAPE_VARIANTS
    assert len([p for p in fetched if p.startswith("/sitemaps/")]) == 1 + 1 + 2  # real, grow, its two
    assert len(fetched) < 60 and seconds < 90


def test_reviews_linked_from_traps_are_exported(
    trap_crawl: tuple[CrawlResult, float], trap_site: HostileSite, elsewhere: HostileSite
) -> None:
    result, _ = trap_crawl
    by_url = {record["url"]: record for record in result.records}
    assert sorted(by_url) == sorted(trap_site.url(path) for path in REVIEWS)
    for path, slug in REVIEWS.items():
        assert by_url[trap_site.url(path)]["body"] == expected_body(ENGLISH[slug])
    assert elsewhere.paths() == []


def test_sitemaps_and_pages_per_source_are_bounded(
    wide_crawl: tuple[CrawlResult, float], wide_site: HostileSite
) -> None:
    result, _ = wide_crawl
    fetched = [path for path in wide_site.paths() if path != "/robots.txt"]
    assert len(fetched) == PAGES
    assert len([path for path in fetched if path.startswith("/sitemap")]) == SITEMAPS
    assert result.stat("reviewcrawl/skipped/sitemaps_per_source") == 30 + 1 - SITEMAPS
    assert result.stat("reviewcrawl/skipped/pages_per_source") >= 1
    assert len(result.records) == 1  # the same review at every address: the rest are duplicates
