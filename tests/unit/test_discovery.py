from __future__ import annotations

import gzip

from reviewcrawl.planning.discovery import Found, XmlDocument, feed_entries, page_links, sitemap_entries

BASE = "http://site.example/"


def test_page_links_are_absolute_http_only() -> None:
    html = (
        '<a href="/reviews/a/#c">a</a><a href="javascript:void(0)">j</a>'
        '<a href="mailto:x@y">m</a><a href="data:text/html,x">d</a><a href="https://o.example/z">z</a>'
    )
    assert list(page_links(html, BASE)) == ["http://site.example/reviews/a/", "https://o.example/z"]


def test_rss_and_atom_entries() -> None:
    rss = b"""<rss><channel><item><title>A</title><link>http://site.example/a/</link>
    <pubDate>Mon, 04 Dec 2023 10:00:00 +0000</pubDate></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/b/"/>
    <updated>2023-12-04T10:00:00Z</updated></entry></feed>"""
    assert [(e.url, e.date) for e in feed_entries(rss, BASE)] == [
        ("http://site.example/a/", "Mon, 04 Dec 2023 10:00:00 +0000")
    ]
    assert [e.url for e in feed_entries(atom, BASE)] == ["http://site.example/b/"]


def test_sitemaps_and_indexes() -> None:
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>http://site.example/a/</loc><lastmod>2023-12-01</lastmod></url></urlset>"""
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>http://site.example/s1.xml</loc></sitemap></sitemapindex>"""
    assert list(sitemap_entries(urlset, BASE)) == [Found("http://site.example/a/", "2023-12-01")]
    assert list(sitemap_entries(index, BASE)) == [Found("http://site.example/s1.xml", nested=True)]


NEWS_AND_VIDEO = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
  xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
<url><loc>http://site.example/news/a/</loc><news:news><news:publication><news:name>S</news:name>
  </news:publication><news:publication_date>2024-03-01T09:00:00+00:00</news:publication_date>
  <news:title>A</news:title></news:news></url>
<url><loc>http://site.example/news/b/</loc><lastmod>2024-03-05</lastmod><news:news>
  <news:publication_date>2024-03-02</news:publication_date></news:news></url>
<url><loc>http://site.example/watch/c/</loc><video:video><video:content_loc>http://cdn.example/c.mp4</video:content_loc>
  <video:player_loc>http://cdn.example/play/c</video:player_loc>
  <video:publication_date>2024-02-01T08:00:00+00:00</video:publication_date></video:video></url>
<url><loc>http://site.example/news/d/</loc><news:news><news:title>D</news:title></news:news></url>
</urlset>"""


def test_news_and_video_sitemaps_give_pages_dated_by_publication() -> None:
    assert [(e.url, e.date, e.nested) for e in sitemap_entries(NEWS_AND_VIDEO, BASE)] == [
        ("http://site.example/news/a/", "2024-03-01T09:00:00+00:00", False),
        ("http://site.example/news/b/", "2024-03-05", False),  # <lastmod> first
        ("http://site.example/watch/c/", "2024-02-01T08:00:00+00:00", False),  # the page, not the video file
        ("http://site.example/news/d/", None, False),
    ]


def test_broken_xml_gives_nothing() -> None:
    assert list(feed_entries(b"\x00\x01 not xml", BASE)) == []
    assert list(sitemap_entries(b"", BASE)) == []


def urlset(count: int, padding: bytes = b"") -> bytes:
    entries = b"".join(b"<url><loc>http://site.example/r/%d/</loc></url>" % n for n in range(count))
    return b'<?xml version="1.0"?><urlset>' + entries + padding + b"<url><loc>/last/</loc></url></urlset>"


def test_gzipped_sitemap_is_read_whatever_it_is_called() -> None:
    document = XmlDocument(gzip.compress(urlset(2)), BASE)
    assert [e.url for e in document.sitemap_entries()][-1] == "http://site.example/last/"
    assert not document.cut


def test_urls_past_the_limit_are_counted_not_returned() -> None:
    document = XmlDocument(urlset(5), BASE)
    assert len(list(document.sitemap_entries(max_entries=4))) == 4
    assert document.ignored == 2


def test_inflating_stops_at_the_size_limit() -> None:
    body = gzip.compress(urlset(1, b" " * 3_000_000))  # a few kilobytes, 3 MB inflated
    document = XmlDocument(body, BASE, max_bytes=1_000_000)
    assert [e.url for e in document.sitemap_entries()] == ["http://site.example/r/0/"]
    assert document.cut


def test_entities_are_never_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">
    <!ENTITY c SYSTEM "file:///etc/passwd">]><urlset><url><loc>/r/&b;&c;</loc></url></urlset>"""
    assert [e.url for e in sitemap_entries(bomb, BASE)] in ([], ["http://site.example/r/"])
