"""Sitemaps as the real web serves them: gzipped files named .xml.gz with no Content-Encoding, files of the
protocol's full size (50,000 URLs, more than DOWNLOAD_MAXSIZE), files past its URL limit, and a gzip bomb.
Every review within the limits is exported, what lies beyond them is counted and never requested.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from tests.conftest import CrawlResult, run_crawl
from tests.hostile_pages import ENGLISH, expected_body, review_html
from tests.hostile_server import HostileSite, page

MAX_URLS = 50_000
FILLER = "/archive/" + "an-old-page-of-the-archive-with-a-long-descriptive-address-" * 3 + "{n}/"
WITHIN = {  # review path -> the sitemap that lists it
    "/reviews/zipped-1/": "drive",
    "/reviews/zipped-2/": "perfect-days",
    "/reviews/big-1/": "zone-of-interest",
    "/reviews/big-2/": "anatomy-of-a-fall",
    "/reviews/before-bomb/": "toni-erdmann",
}
BEYOND = ["/reviews/over-1/", "/reviews/over-2/", "/reviews/over-3/", "/reviews/after-bomb/"]


def urlset(paths: list[str], padding: int = 0) -> bytes:
    entries = [f"<url><loc>{path}</loc><changefreq>weekly</changefreq></url>\n" for path in paths]
    if padding:
        entries.insert(len(entries) // 2, " " * padding)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    return (head + "".join(entries) + "</urlset>\n").encode()


def fillers(count: int) -> list[str]:
    return [FILLER.format(n=n) for n in range(count)]


@pytest.fixture(scope="module")
def bodies() -> dict[str, bytes]:
    return {
        "zipped": gzip.compress(urlset(["/reviews/zipped-1/", "/reviews/zipped-2/"])),
        "big": urlset([*fillers(MAX_URLS - 2), "/reviews/big-1/", "/reviews/big-2/"]),
        "over": urlset([*fillers(MAX_URLS), *BEYOND[:3]]),
        "bomb": gzip.compress(urlset(["/reviews/before-bomb/", "/reviews/after-bomb/"], padding=51 * 2**20)),
    }


@pytest.fixture(scope="module")
def site(bodies: dict[str, bytes]) -> Iterator[HostileSite]:
    site = HostileSite()
    site.routes.update(
        {
            "/sitemap.xml.gz": page(bodies["zipped"], "application/x-gzip"),
            "/big-sitemap.xml": page(bodies["big"], "application/xml"),
            "/over-sitemap.xml": page(bodies["over"], "text/xml"),
            "/bomb-sitemap.xml.gz": page(bodies["bomb"], "application/octet-stream"),
            "/reviews/*": page(review_html(ENGLISH["drive"])),
        }
    )
    for path, slug in WITHIN.items():
        site.routes[path] = page(review_html(ENGLISH[slug], slug=slug))
    yield site.start()
    site.stop()


@pytest.fixture(scope="module")
def crawl(site: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("sitemaps")
    registry = tmp / "sources.toml"
    sitemaps = '"/sitemap.xml.gz", "/big-sitemap.xml", "/over-sitemap.xml", "/bomb-sitemap.xml.gz"'
    registry.write_text(
        f'[sources.maps]\nbase_url = "{site.base}"\nstart_urls = []\nsitemaps = [{sitemaps}]\n'
        "review_links = '^/reviews/'\n",
        "utf-8",
    )
    return run_crawl(tmp / "crawl", {"source": "maps"}, {"REVIEWCRAWL_SOURCES": str(registry)}, timeout=180)


def test_full_size_and_gzipped_sitemaps_are_read(
    crawl: CrawlResult, site: HostileSite, bodies: dict[str, bytes]
) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert len(bodies["big"]) > 10 * 2**20  # more than DOWNLOAD_MAXSIZE, well within the protocol
    by_url = {record["url"]: record for record in crawl.records}
    assert sorted(by_url) == sorted(site.url(path) for path in WITHIN)
    for path, slug in WITHIN.items():
        assert by_url[site.url(path)]["body"] == expected_body(ENGLISH[slug])
    assert crawl.stat("reviewcrawl/errors/too_large", default=0) == 0
    assert "Traceback" not in crawl.log


def test_what_lies_past_the_protocol_limits_is_counted_not_fetched(
    crawl: CrawlResult, site: HostileSite
) -> None:
    assert crawl.stat("reviewcrawl/skipped/sitemap_urls") == 3
    assert crawl.stat("reviewcrawl/skipped/sitemap_cut") == 1
    fetched = site.paths()
    assert not [path for path in BEYOND if path in fetched]
    assert not [path for path in fetched if path.startswith("/archive/")]
