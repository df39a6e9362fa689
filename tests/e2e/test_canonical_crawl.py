"""A page cannot claim another site's review by its canonical URL.

Two sources on two local servers. A page on source A declares B's review as its canonical URL; another page of
A declares a ``javascript:`` one. B's genuine review (served a little later, so A's claim is read first) must
still be exported under its own URL with its own body, and the state store must keep each review under its
own canonical URL, so a scheduled run that follows sees both as known and neither as someone else's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import CrawlResult, run_crawl
from tests.hostile_pages import ENGLISH, expected_body, review_html
from tests.hostile_server import HostileSite, page, slow

LASTMOD = "2024-03-02"  # before any run: an unchanged sitemap entry is not fetched again
CLAIMED, ODD, GENUINE = "/reviews/claimed/", "/reviews/odd-canonical/", "/reviews/genuine/"


def sitemap(site: HostileSite, *paths: str) -> str:
    entries = "".join(f"<url><loc>{site.url(p)}</loc><lastmod>{LASTMOD}</lastmod></url>" for p in paths)
    return (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )


def canonical_link(href: str) -> str:
    return f'<link rel="canonical" href="{href}">\n'


@dataclass
class Sites:
    a: HostileSite
    b: HostileSite


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    a, b = HostileSite(), HostileSite()
    b.routes.update(
        {
            "/sitemap.xml": page(sitemap(b, GENUINE), "application/xml"),
            GENUINE: slow(1.0, page(review_html(ENGLISH["past-lives"], canonical_link(GENUINE)))),
        }
    )
    a.routes.update(
        {
            "/sitemap.xml": page(sitemap(a, CLAIMED, ODD), "application/xml"),
            CLAIMED: page(review_html(ENGLISH["drive"], canonical_link(b.url(GENUINE)))),
            ODD: page(review_html(ENGLISH["perfect-days"], canonical_link("javascript:alert(1)"))),
        }
    )
    a.start(), b.start()
    yield Sites(a, b)
    a.stop(), b.stop()


@pytest.fixture(scope="module")
def runs(sites: Sites, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[CrawlResult], Path]:
    tmp = tmp_path_factory.mktemp("canonical-crawl")
    registry = tmp / "sources.toml"
    registry.write_text(
        "".join(
            f'[sources.{key}]\nname = "Site {key.upper()}"\nbase_url = "{site.base}"\nstart_urls = ["/"]\n'
            f"sitemaps = [\"/sitemap.xml\"]\nreview_links = '^/reviews/'\n\n"
            for key, site in (("a", sites.a), ("b", sites.b))
        ),
        "utf-8",
    )
    state = tmp / "state.sqlite"
    settings = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(state)}
    results = [run_crawl(tmp / f"run{n}", {"source": "a,b"}, settings, timeout=120) for n in (1, 2)]
    for result in results:
        assert result.returncode == 0, result.stderr[-2000:]
    return results, state


def test_each_review_exported_under_its_own_url(runs: tuple[list[CrawlResult], Path], sites: Sites) -> None:
    first = runs[0][0]
    by_url = {record["url"]: record for record in first.records}
    assert sorted(by_url) == sorted([sites.a.url(CLAIMED), sites.a.url(ODD), sites.b.url(GENUINE)])
    for url, record in by_url.items():
        assert record["canonical_url"] == url
    assert by_url[sites.b.url(GENUINE)]["body"] == expected_body(ENGLISH["past-lives"])
    assert by_url[sites.a.url(CLAIMED)]["body"] == expected_body(ENGLISH["drive"])
    assert first.summary["duplicates"] == 0


def test_records_match_the_schema(
    runs: tuple[list[CrawlResult], Path], record_schema: dict[str, object]
) -> None:
    records = runs[0][0].records
    assert records
    for record in records:
        jsonschema.validate(record, record_schema)
        assert record["source_domain"] == "127.0.0.1"


def test_state_keeps_each_review_under_its_own_url(runs: tuple[list[CrawlResult], Path]) -> None:
    results, state = runs
    exported = {record["url"]: record["content_hash"] for record in results[0].records}
    with sqlite3.connect(state) as db:
        rows = db.execute("SELECT canonical_url, url, content_hash FROM reviews").fetchall()
    assert {canonical: (url, content_hash) for canonical, url, content_hash in rows} == {
        url: (url, content_hash) for url, content_hash in exported.items()
    }
    second = results[1]
    assert second.records == []
    assert second.summary["skipped"] == {"not_modified": 3}
