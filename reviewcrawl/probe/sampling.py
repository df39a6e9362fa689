"""Which pages the probe reads: a few from each kind of address the site lists, reviews-looking ones first.

Addresses come from sitemaps, feeds and the home page's links. They are grouped by a coarse shape (first
segment when it is a section word, segment count, trailing slash) so each kind of page is read at least once;
within a group the pick is spread (a fixed shuffle), so one listing's run of reviews does not fill it.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from reviewcrawl.extract.body.pagetype import LISTING_PATH
from reviewcrawl.probe.fetch import same_host
from reviewcrawl.probe.shape import WORD, segments
from reviewcrawl.reading.reviewsignals import REVIEW_IN_PATH

SKIPPED_SUFFIXES = re.compile(
    r"\.(?:xml|gz|json|rss|atom|jpe?g|png|gif|webp|svg|css|js|pdf|zip|mp[34])$", re.I
)


def page_links(soup: BeautifulSoup, page_url: str, base: str) -> list[str]:
    links = []
    for anchor in soup.find_all("a", href=True):
        url = urldefrag(urljoin(page_url, str(anchor["href"]))).url
        if same_host(url, base) and url not in links:
            links.append(url)
    return links


def looks_like_listing(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in {"", "/"} or bool(LISTING_PATH.search(parts.path)) or bool(parts.query)


def group_key(url: str) -> tuple[str, int, bool]:
    parts, slash = segments(url)
    first = parts[0] if parts and WORD.fullmatch(parts[0]) and len(parts) > 1 else "*"
    return first, len(parts), slash


def pick(candidates: list[str], seen: set[str], count: int) -> list[str]:
    """Up to ``count`` unseen article-like addresses, round-robin over the groups."""
    groups: dict[tuple[str, int, bool], list[str]] = defaultdict(list)
    for url in candidates:
        if (
            url not in seen
            and not looks_like_listing(url)
            and not SKIPPED_SUFFIXES.search(urlsplit(url).path)
        ):
            groups[group_key(url)].append(url)
    queues = []
    for key in sorted(groups):
        members = sorted(set(groups[key]))
        random.Random(0).shuffle(members)
        members.sort(key=lambda u: not REVIEW_IN_PATH.search(urlsplit(u).path))  # stable: reviews first
        queues.append(members)
    picked: list[str] = []
    while len(picked) < count and any(queues):
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    return picked


def listings_to_open(candidates: list[str], seen: set[str], count: int) -> list[str]:
    """Listing pages (sections, archives) to read for more addresses when few articles are known."""
    listings = [
        u for u in candidates if u not in seen and looks_like_listing(u) and urlsplit(u).path not in {"", "/"}
    ]
    listings.sort(key=lambda u: not REVIEW_IN_PATH.search(urlsplit(u).path))
    return listings[:count]
