from __future__ import annotations

from reviewcrawl.discovery import feed_entries, page_links, sitemap_entries

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
    pages, nested = sitemap_entries(urlset, BASE)
    assert [(p.url, p.date) for p in pages] == [("http://site.example/a/", "2023-12-01")] and not nested
    pages, nested = sitemap_entries(index, BASE)
    assert not pages and [n.url for n in nested] == ["http://site.example/s1.xml"]


def test_broken_xml_gives_nothing() -> None:
    assert list(feed_entries(b"\x00\x01 not xml", BASE)) == []
    assert sitemap_entries(b"", BASE) == ([], [])
