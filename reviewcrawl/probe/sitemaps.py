"""Sitemaps: where they are (robots.txt Sitemap lines, the usual paths), index or urlset, sizes, lastmod."""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import Tag

from reviewcrawl.planning.sitediscovery import WELL_KNOWN_SITEMAPS
from reviewcrawl.probe.fetch import Fetcher, same_host
from reviewcrawl.probe.xmldoc import local_name, xml_soup

MAX_CHILDREN = 6  # child sitemaps of an index opened; the rest are only counted
KEPT_URLS = 5000  # page addresses kept per sitemap for sampling; more are counted only


@dataclass
class Sitemap:
    url: str
    kind: str  # "index" or "urlset"
    entries: int  # child sitemaps of an index, pages of a urlset
    with_lastmod: int
    extensions: tuple[str, ...] = ()  # "news", "video", "image" sitemap tags seen
    truncated: bool = False
    children: list[Sitemap] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # same-host page addresses (the first KEPT_URLS)

    def all_pages(self) -> list[str]:
        return self.pages + [url for child in self.children for url in child.all_pages()]

    def page_count(self) -> int:
        return self.entries if self.kind == "urlset" else sum(c.page_count() for c in self.children)


def candidate_urls(fetcher: Fetcher, declared: tuple[str, ...]) -> list[str]:
    """robots.txt's Sitemap lines first, then the usual paths not already named."""
    urls = [url for url in declared if same_host(url, fetcher.base)]
    for path in WELL_KNOWN_SITEMAPS:
        url = fetcher.base + path
        if url not in urls:
            urls.append(url)
    return urls


def read_sitemap(fetcher: Fetcher, url: str, depth: int = 1) -> Sitemap | None:
    answer = fetcher.get(url)
    if answer is None or not answer.ok:
        return None
    root = xml_soup(answer.body).find(True)
    kind = {"sitemapindex": "index", "urlset": "urlset"}.get(local_name(root.name if root else None))
    if root is None or kind is None:
        return None  # an HTML page or anything else served at a sitemap's address
    tag = "sitemap" if kind == "index" else "url"
    entries = root.find_all(tag, recursive=False)
    locs = [loc.get_text(strip=True) for entry in entries if (loc := entry.find("loc")) is not None]
    sitemap = Sitemap(
        answer.url,
        kind,
        len(entries),
        sum(1 for entry in entries if entry.find("lastmod")),
        extensions(root),
        answer.truncated,
    )
    same_site = [loc for loc in locs if loc and same_host(loc, fetcher.base)]
    if kind == "urlset":
        sitemap.pages = same_site[:KEPT_URLS]
    elif depth > 0:
        children = (read_sitemap(fetcher, loc, depth - 1) for loc in same_site[:MAX_CHILDREN])
        sitemap.children = [child for child in children if child is not None]
    return sitemap


def extensions(root: Tag) -> tuple[str, ...]:
    """Google's news, video and image sitemap tags (news:news, video:video, image:image) present."""
    return tuple(name for name in ("image", "news", "video") if root.find(name) is not None)


def find_sitemaps(fetcher: Fetcher, declared: tuple[str, ...]) -> list[Sitemap]:
    """Every sitemap found, once: a child already read under an index is not read again."""
    found: list[Sitemap] = []
    seen: set[str] = set()
    for url in candidate_urls(fetcher, declared):
        if url in seen:
            continue
        sitemap = read_sitemap(fetcher, url)
        if sitemap is None:
            continue
        seen |= {sitemap.url} | {child.url for child in sitemap.children}
        found.append(sitemap)
    return found
