"""The sample web behaves like a real web server."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from devtools.sampleweb import SampleWeb


def request(
    url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def fetch(url: str, method: str = "GET") -> http.client.HTTPResponse:
    return request(url, method)[0]


def get_body(url: str) -> tuple[int, bytes, str]:
    response, body = request(url)
    return response.status, body, response.getheader("Content-Type") or ""


def test_every_site_serves_robots_sitemap_and_feed(sample_web: SampleWeb) -> None:
    for site in sample_web.sites:
        for path in ("/robots.txt", "/sitemap.xml", "/feed.xml", "/", "/page/2/"):
            status, body, _ = get_body(site.base + path)
            assert status == 200, f"{site.key}{path}"
            assert b"{{base}}" not in body


def test_base_placeholder_is_replaced(sample_web: SampleWeb) -> None:
    site = sample_web.sites[0]
    _, body, _ = get_body(site.base + "/sitemap.xml")
    assert site.base.encode() in body


def test_status_codes_and_redirects(sample_web: SampleWeb) -> None:
    site = sample_web.site("reeltalk")
    assert fetch(site.base + "/no/such/page/").status == 404
    review_dir = next(p.parent for p in site.root.glob("reviews/*/expected.json"))
    response = fetch(f"{site.base}/reviews/{review_dir.name}")
    assert response.status == 301 and response.getheader("Location") == f"/reviews/{review_dir.name}/"
    assert fetch(f"{site.base}/reviews/{review_dir.name}/expected.json").status == 404
    assert fetch(site.base + "/_server.json").status == 404


def test_configured_redirects(sample_web: SampleWeb) -> None:
    for site in sample_web.sites:
        for old, new in site.config.redirects.items():
            response = fetch(site.base + old)
            assert response.status == 301 and response.getheader("Location") == new


def test_meta_only_charset_site_sends_no_charset(sample_web: SampleWeb) -> None:
    site = sample_web.site("yeonghwa")
    _, body, content_type = get_body(site.base + "/")
    assert content_type == "text/html"
    assert b"euc-kr" in body.lower()
    _, _, utf8_type = get_body(sample_web.site("reeltalk").base + "/")
    assert utf8_type == "text/html; charset=utf-8"


def test_search_lists_matching_reviews(sample_web: SampleWeb) -> None:
    site = next(s for s in sample_web.sites if s.config.search)
    status, body, _ = get_body(site.base + "/?s=zzzz-nothing")
    assert status == 200 and b"/reviews/" not in body
    first = next(site.root.glob("reviews/*/expected.json")).parent.name
    word = first.split("-")[0]
    _, body, _ = get_body(site.base + f"/?s={word}")
    assert f"/reviews/{first}/".encode() in body


def test_head_requests(sample_web: SampleWeb) -> None:
    assert fetch(sample_web.sites[0].base + "/", "HEAD").status == 200


def test_conditional_requests_are_answered_like_a_real_server(sample_web: SampleWeb) -> None:
    site = sample_web.sites[0]
    url = site.base + "/robots.txt"
    full, body = request(url)
    etag, modified = full.getheader("ETag"), full.getheader("Last-Modified")
    assert full.status == 200 and body and etag and modified
    unchanged, empty = request(url, headers={"If-None-Match": etag})
    assert unchanged.status == 304 and empty == b"" and unchanged.getheader("ETag") == etag
    assert request(url, headers={"If-None-Match": f'"other", W/{etag}'})[0].status == 304
    assert request(url, headers={"If-Modified-Since": modified})[0].status == 304
    # If-None-Match is looked at first: a tag that does not match gets the page, whatever the date says.
    assert request(url, headers={"If-None-Match": '"other"', "If-Modified-Since": modified})[0].status == 200
    assert request(url, headers={"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"})[0].status == 200
