"""Feeds: RSS and Atom linked from the home page (<link rel=alternate>) and the usual /feed/; item counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from reviewcrawl.planning.sitediscovery import WELL_KNOWN_FEEDS
from reviewcrawl.probe.fetch import Fetcher, same_host
from reviewcrawl.probe.xmldoc import local_name, xml_soup

FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass
class Feed:
    url: str
    kind: str  # "rss" or "atom"
    items: int
    linked: bool  # named by the home page, not guessed
    links: list[str] = field(default_factory=list)  # same-host item addresses


def linked_feeds(home: BeautifulSoup, page_url: str) -> list[str]:
    urls = []
    for link in home.find_all("link", href=True):
        rels = [r.lower() for r in link.get_attribute_list("rel") if r]
        if "alternate" in rels and str(link.get("type", "")).lower() in FEED_TYPES:
            urls.append(urljoin(page_url, str(link["href"])))
    return urls


def read_feed(fetcher: Fetcher, url: str, linked: bool) -> Feed | None:
    answer = fetcher.get(url)
    if answer is None or not answer.ok:
        return None
    root = xml_soup(answer.body).find(True)
    kind = {"rss": "rss", "feed": "atom", "rdf": "rss"}.get(local_name(root.name if root else None))
    if root is None or kind is None:
        return None
    items = root.find_all("item" if kind == "rss" else "entry")
    links = [item_link(item, answer.url) for item in items]
    return Feed(answer.url, kind, len(items), linked, [u for u in links if u and same_host(u, fetcher.base)])


def item_link(item: object, base: str) -> str:
    link = item.find("link")  # type: ignore[attr-defined]
    if link is None:
        return ""
    return urljoin(base, str(link.get("href") or link.get_text(strip=True)))


def find_feeds(fetcher: Fetcher, home: BeautifulSoup | None, home_url: str) -> list[Feed]:
    named = [u for u in linked_feeds(home, home_url) if same_host(u, fetcher.base)] if home else []
    guessed = [fetcher.base + path for path in WELL_KNOWN_FEEDS if fetcher.base + path not in named]
    feeds = []
    seen: set[str] = set()
    for url, linked in [(u, True) for u in named] + [(u, False) for u in guessed]:
        feed = None if url in seen else read_feed(fetcher, url, linked)
        if feed is not None and feed.url not in seen:
            seen.add(feed.url)
            feeds.append(feed)
        seen.add(url)
    return feeds
