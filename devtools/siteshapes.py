"""Review sites of the shapes real outlets have, generated and served on loopback with no registry entry.

Each shape serves its pages built on request and knows its ground truth: the URLs of its review pages and
of its other pages (news, interviews, listicles, static pages). The markup of each shape is its own (class
names, layout, where the article sits) and none is the sample web's, so nothing tuned on one carries another.

- ``wp-yoast``: WordPress with Yoast SEO: robots.txt names /sitemap_index.xml (post, page and category
  sitemaps), /feed/, the REST API (/wp-json/wp/v2/posts?search=) advertised in the page head.
- ``wp-core``: WordPress without Yoast: /wp-sitemap.xml (not in robots.txt), the feed linked only from
  the head.
- ``ghost``: a sitemap index at /sitemap.xml (posts, pages, tags, authors), no feed links.
- ``drupal``: /node/N addresses for every kind, /rss.xml, paginated /reviews?page=N and /news?page=N, and
  an OpenSearch description (/opensearch.xml, results at /search/node?keys=) but no sitemap or REST API.
- ``nextjs``: pages are script shells with the article in a ``__NEXT_DATA__`` JSON island; robots.txt names
  a Google News sitemap (publication dates, no <lastmod>) and a sitemap of static pages.
- ``sections``: no sitemap, no feed: only paginated section listings (/section/NAME/?p=N).
- ``mixed``: reviews among news, interviews and listicles under one URL shape; the review signal is in the
  page only (Review JSON-LD with a rating, a "Reviews" breadcrumb). A WordPress theme without the REST API
  link: its search is /?s=.

    python -m devtools.siteshapes            # serve every shape, print where, until Ctrl-C
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from devtools.loopback import LoopbackServer, send_found
from devtools.shapecontent import INTERVIEW, LISTICLE, NEWS, PAGE, REVIEW, Article, SiteContent
from devtools.shapepages import (
    DrupalSite,
    GhostSite,
    MixedSite,
    NextSite,
    SectionsSite,
    ShapeSite,
    WordPressCoreSite,
    WordPressYoastSite,
)

SHAPES: dict[str, type[ShapeSite]] = {
    "wp-yoast": WordPressYoastSite,
    "wp-core": WordPressCoreSite,
    "ghost": GhostSite,
    "drupal": DrupalSite,
    "nextjs": NextSite,
    "sections": SectionsSite,
    "mixed": MixedSite,
}
WITH_SITEMAPS = ("wp-yoast", "wp-core", "ghost", "nextjs")


def content_of(shape: str) -> SiteContent:
    seed = sorted(SHAPES).index(shape) + 1
    if shape == "mixed":
        return SiteContent(seed, reviews=30, news=15, interviews=8, listicles=7)
    return SiteContent(seed)


class _Handler(BaseHTTPRequestHandler):
    server: ShapeServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the server counts requests itself."""

    def do_GET(self) -> None:
        self.server.count_request()
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        found = self.server.site.respond(parts.path, query)
        send_found(self, found)


class ShapeServer(LoopbackServer):
    """One shape served on 127.0.0.1 from a background thread."""

    def __init__(self, shape: str, port: int = 0) -> None:
        super().__init__(_Handler, port)
        self.shape = shape
        self.site = SHAPES[shape](content_of(shape), self.address)

    @property
    def base(self) -> str:
        return self.site.base

    def review_urls(self) -> set[str]:
        return {self.site.url(a) for a in self.site.content.of_kind(REVIEW)}

    def other_urls(self) -> set[str]:
        return {self.site.url(a) for a in self.site.content.of_kind(NEWS, INTERVIEW, LISTICLE, PAGE)}


def describe(server: ShapeServer) -> dict[str, Any]:
    return {"shape": server.shape, "base": server.base, "reviews": len(server.review_urls())}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "shapes", nargs="*", metavar="SHAPE", help=f"any of {', '.join(SHAPES)} (all by default)"
    )
    args = parser.parse_args(argv)
    if set(args.shapes) - set(SHAPES):
        parser.error(f"unknown shape; known: {', '.join(SHAPES)}")
    servers = [ShapeServer(shape).start() for shape in args.shapes or SHAPES]
    for server in servers:
        print(json.dumps(describe(server)), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    for server in servers:
        server.stop()
    return 0


__all__ = ["SHAPES", "WITH_SITEMAPS", "Article", "ShapeServer", "content_of"]

if __name__ == "__main__":
    sys.exit(main())
