"""The generated site: crawlable like a real one, every page a different review."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from devtools.sitegen import PER_LISTING, GeneratedSite, SiteServer, load_material
from reviewcrawl.planning.discovery import page_links, sitemap_entries
from reviewcrawl.reading.record import extract_review

PAGES = 130  # three listing pages, the last one partly filled


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer(PAGES) as running:
        yield running


def get(url: str) -> tuple[int, str, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    connection.request("GET", parts.path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type") or "", body


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def test_listings_link_every_review_once(server: SiteServer) -> None:
    site = server.site
    found: list[str] = []
    for index in range(1, site.listings + 1):
        status, kind, body = get(server.base + site.listing_path(index))
        assert (status, kind) == (200, "text/html; charset=utf-8")
        found += [u for u in page_links(body.decode(), server.base + "/") if "/reviews/" in u]
    assert len(found) == PAGES == len(set(found))
    assert set(found) == set(site.review_urls())
    assert site.listings == -(-PAGES // PER_LISTING)


def test_sitemaps_list_every_review(server: SiteServer) -> None:
    _, _, index = get(server.base + "/sitemap.xml")
    nested = list(sitemap_entries(index, server.base + "/sitemap.xml"))
    assert nested and all(sitemap.nested for sitemap in nested)
    listed = []
    for sitemap in nested:
        _, _, body = get(sitemap.url)
        listed += [entry.url for entry in sitemap_entries(body, sitemap.url)]
    assert listed == list(server.site.review_urls())


def test_robots_and_unknown_pages(server: SiteServer) -> None:
    status, _, robots = get(server.base + "/robots.txt")
    assert status == 200 and b"Sitemap:" in robots
    assert get(server.base + f"/reviews/past-lives-review-{PAGES + 1}/")[0] == 404
    assert get(server.base + "/page/99/")[0] == 404


def test_each_page_gives_its_own_review(server: SiteServer) -> None:
    site = server.site
    bodies = []
    for number in range(1, 2 * len(site.templates) + 1):
        url = server.base + site.review_path(number)
        status, _, page = get(url)
        assert status == 200
        record = extract_review(page, url)
        assert record is not None, url
        assert all(paragraph in record["body"] for paragraph in site.review_paragraphs(number))
        assert record["headline"].endswith(f"(No. {number})")
        assert record["canonical_url"] == url
        bodies.append(record["body"])
    first, same_template = shingles(bodies[0]), shingles(bodies[len(site.templates)])
    assert len(first & same_template) / len(first | same_template) < 0.2  # no near-duplicates


def test_pages_are_the_same_on_every_run() -> None:
    material = load_material()
    one, two = GeneratedSite(20, "http://127.0.0.1:1", material), GeneratedSite(20, "http://127.0.0.1:1")
    assert one.review_page(7) == two.review_page(7)
    assert b"{{" not in one.review_page(7)
    assert one.review_page(7) != one.review_page(13)


def test_a_site_needs_pages() -> None:
    with pytest.raises(ValueError):
        GeneratedSite(0, "http://127.0.0.1:1")


def test_a_syndicating_host_serves_near_copies_of_every_tenth_review(server: SiteServer) -> None:
    with SiteServer(PAGES, copies_every=10) as copies:
        site = copies.site
        assert list(site.numbers) == list(range(10, PAGES + 1, 10))
        _, _, index = get(copies.base + "/sitemap.xml")
        listed = [
            entry.url
            for sitemap in sitemap_entries(index, copies.base + "/sitemap.xml")
            for entry in sitemap_entries(get(sitemap.url)[2], sitemap.url)
        ]
        assert listed == list(site.review_urls())
        assert get(copies.base + server.site.review_path(11))[0] == 404  # only the copied reviews
        url = copies.base + site.review_path(20)
        copy = extract_review(get(url)[2], url)
        original_url = server.base + server.site.review_path(20)
        original = extract_review(get(original_url)[2], original_url)
        assert copy is not None and original is not None
        assert copy["canonical_url"] == url != original["canonical_url"]  # its own address, its own host
        assert copy["content_hash"] != original["content_hash"]
        first, second = shingles(original["body"]), shingles(copy["body"])
        assert len(first & second) / len(first | second) > 0.9  # a near-copy
