"""A large review site made from the sample web's own pages, served on loopback.

Each generated review page is one of the sample web's real review pages
(ReelTalk's and FilmFolio's) with its address, headline and opening paragraph
changed, so every page gives a different record while keeping a real page's
size and boilerplate. Listing pages (50 links each, with pagination), a sitemap
index and robots.txt make the site crawlable through the registry like any other.
Pages are built on request: nothing is written to disk.

    python -m devtools.sitegen --pages 10000 --port 8800 --registry gen.toml
"""

from __future__ import annotations

import argparse
import contextlib
import html
import itertools
import json
import random
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from devtools.loopback import LoopbackServer, send_found
from devtools.sampleweb import BASE_PLACEHOLDER, fixtures_root

TEMPLATE_SITES = ("reeltalk", "filmfolio")
SOURCE_KEY = "generated"
SYNDICATED_KEY = "syndicated"
COPY_NOTE = "This review first appeared in Screening Notes and is republished with permission."
PER_LISTING = 50
PER_SITEMAP = 1000
VARIANT_STRIDE = 1_000_000_007  # keeps the page numbers of different variants' text apart
SLUG_MARK = "{{slug}}"
NUMBER_MARK = "{{number}}"
HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
REVIEW_PATH = re.compile(r"^/reviews/[a-z0-9-]+-(\d+)/$")
LISTING_PATH = re.compile(r"^/page/(\d+)/$")
SITEMAP_PATH = re.compile(r"^/sitemap-(\d+)\.xml$")
# Typographic quotes as the sample pages write them in markup.
ENTITY_FORMS = {"’": "&#8217;", "‘": "&#8216;", "“": "&#8220;", "”": "&#8221;"}

CORPUS_SITES = ("reeltalk", "filmfolio", "criticsledger")  # English reviews the body text is drawn from
SENTENCE_ENDS = (".", "!", "?", ".”", "?”", "!”")
_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _text_of(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", markup)).split())


class WordChain:
    """A first-order Markov chain over the words of real reviews.

    Pages generated from one template must not read as copies of each other (near-duplicate
    detection would drop them), so their paragraphs are random walks through review prose.
    """

    def __init__(self, bodies: Sequence[str]) -> None:
        self.followers: dict[str, list[str]] = {}
        self.openers: list[str] = []
        for body in bodies:
            words = body.split()
            self.openers.append(words[0])
            for word, after in itertools.pairwise(words):
                self.followers.setdefault(word, []).append(after)
                if word.endswith(SENTENCE_ENDS) and after[:1].isupper():
                    self.openers.append(after)

    def paragraph(self, pick: random.Random, words: int) -> str:
        """About ``words`` words, ending at the end of a sentence."""
        out = [pick.choice(self.openers)]
        while len(out) < words or not out[-1].endswith(SENTENCE_ENDS):
            if len(out) >= 2 * words:
                out[-1] += "."
                break
            followers = self.followers.get(out[-1])
            out.append(pick.choice(followers) if followers else pick.choice(self.openers))
        return " ".join(out)


@dataclass(frozen=True)
class Template:
    """One sample review page cut around its review paragraphs, which each generated page replaces."""

    slug: str
    pieces: tuple[str, ...]  # markup before, between and after the paragraphs (with {{base}} etc.)
    paragraph_words: tuple[int, ...]


@dataclass(frozen=True)
class SiteMaterial:
    templates: tuple[Template, ...]
    chain: WordChain


def _headline_forms(headline: str) -> set[str]:
    forms = {headline, html.escape(headline, quote=False)}
    entity = headline
    for char, ref in ENTITY_FORMS.items():
        entity = entity.replace(char, ref)
    forms.add(entity)
    return forms


def cut_template(text: str, slug: str, headline: str, body: str) -> Template:
    """Mark the page's own address and headline, and cut it around the paragraphs of its review body."""
    text = text.replace(f"/reviews/{slug}/", f"/reviews/{SLUG_MARK}/")
    for form in sorted(_headline_forms(headline), key=len, reverse=True):
        text = text.replace(form, form + NUMBER_MARK)
    wanted = set(body.split("\n\n"))
    pieces, words, at = [], [], 0
    for match in _PARAGRAPH.finditer(text):
        paragraph = _text_of(match.group(1))
        if paragraph in wanted:
            pieces.append(text[at : match.start(1)])
            words.append(len(paragraph.split()))
            at = match.end(1)
    if not words:
        raise ValueError(f"no review paragraphs found in the template {slug}")
    pieces.append(text[at:])
    return Template(slug, tuple(pieces), tuple(words))


def _expected_pages(sites: Path, site: str) -> list[tuple[Path, dict[str, str]]]:
    found = sorted((sites / site / "reviews").glob("*/expected.json"))
    return [(path.with_name("index.html"), json.loads(path.read_text("utf-8"))) for path in found]


def load_material(root: Path | None = None) -> SiteMaterial:
    """Templates from the template sites' review pages; word chain from every English sample review."""
    sites = (root or fixtures_root()) / "sites"
    templates = [
        cut_template(page.read_text("utf-8"), page.parent.name, record["headline"], record["body"])
        for site in TEMPLATE_SITES
        for page, record in _expected_pages(sites, site)
    ]
    bodies = [record["body"] for site in CORPUS_SITES for _, record in _expected_pages(sites, site)]
    if not templates or not bodies:
        raise ValueError(f"no template review pages under {sites}")
    return SiteMaterial(tuple(templates), WordChain(bodies))


class GeneratedSite:
    """The pages of a generated site of ``pages`` reviews (numbered from 1), served under ``base``."""

    def __init__(self, pages: int, base: str, material: SiteMaterial | None = None, variant: int = 0) -> None:
        if pages < 1:
            raise ValueError("a generated site needs at least one page")
        self.pages = pages
        self.numbers: range = range(1, pages + 1)  # the reviews this site holds
        self.source_key, self.name = SOURCE_KEY, "Screening Notes"
        self.variant = variant  # sites of different variants share no review text
        self.base = base.rstrip("/")
        material = material or load_material()
        self.chain = material.chain
        placeholder = BASE_PLACEHOLDER.decode()
        self.templates = [
            Template(t.slug, tuple(p.replace(placeholder, self.base) for p in t.pieces), t.paragraph_words)
            for t in material.templates
        ]

    @property
    def listings(self) -> int:
        return -(-len(self.numbers) // PER_LISTING)

    @property
    def sitemaps(self) -> int:
        return -(-len(self.numbers) // PER_SITEMAP)

    def template_of(self, number: int) -> Template:
        return self.templates[(number - 1) % len(self.templates)]

    def review_path(self, number: int) -> str:
        return f"/reviews/{self.template_of(number).slug}-{number}/"

    def review_urls(self) -> Iterator[str]:
        for number in self.numbers:
            yield self.base + self.review_path(number)

    def review_paragraphs(self, number: int) -> list[str]:
        """The review text of page ``number``: the same on every run, different on every page."""
        pick = random.Random(number + self.variant * VARIANT_STRIDE)
        paragraphs = [self.chain.paragraph(pick, words) for words in self.template_of(number).paragraph_words]
        paragraphs[0] = f"Screening notes, entry {number}. {paragraphs[0]}"
        return paragraphs

    def review_page(self, number: int) -> bytes:
        template = self.template_of(number)
        parts = [template.pieces[0]]
        for paragraph, piece in zip(self.review_paragraphs(number), template.pieces[1:], strict=True):
            parts += [html.escape(paragraph, quote=False), piece]
        page = "".join(parts).replace(SLUG_MARK, f"{template.slug}-{number}")
        return page.replace(NUMBER_MARK, f" (No. {number})").encode("utf-8")

    def listing_path(self, index: int) -> str:
        return "/" if index == 1 else f"/page/{index}/"

    def listing_page(self, index: int) -> bytes:
        numbers = self.numbers[(index - 1) * PER_LISTING : index * PER_LISTING]
        items = "".join(
            f'<li><a href="{self.review_path(n)}">Screening notes, entry {n}</a></li>' for n in numbers
        )
        neighbours = [i for i in (index - 1, index + 1) if 1 <= i <= self.listings]
        nav = [f'<a href="{self.listing_path(i)}">{i}</a>' for i in neighbours]
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Screening notes - page {index}</title></head><body>"
            f'<h1>Screening notes</h1><ul class="reviews">{items}</ul>'
            f'<nav class="pagination">{" ".join(nav)}</nav></body></html>'
        )
        return page.encode("utf-8")

    def sitemap_index(self) -> bytes:
        entries = "".join(
            f"<sitemap><loc>{self.base}/sitemap-{k}.xml</loc></sitemap>" for k in range(1, self.sitemaps + 1)
        )
        return _xml(f'<sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>')

    def sitemap(self, index: int) -> bytes:
        numbers = self.numbers[(index - 1) * PER_SITEMAP : index * PER_SITEMAP]
        entries = "".join(f"<url><loc>{self.base}{self.review_path(n)}</loc></url>" for n in numbers)
        return _xml(f'<urlset xmlns="{SITEMAP_NS}">{entries}</urlset>')

    def robots(self) -> bytes:
        return f"User-agent: *\nAllow: /\n\nSitemap: {self.base}/sitemap.xml\n".encode("ascii")

    def respond(self, path: str) -> tuple[str, bytes] | None:
        """(content type, body) for a path, or None for a page the site does not have."""
        if path == "/":
            return HTML_TYPE, self.listing_page(1)
        if path == "/robots.txt":
            return "text/plain", self.robots()
        if path == "/sitemap.xml":
            return XML_TYPE, self.sitemap_index()
        for pattern, held, render, kind in (
            (REVIEW_PATH, self.numbers, self.review_page, HTML_TYPE),
            (LISTING_PATH, range(1, self.listings + 1), self.listing_page, HTML_TYPE),
            (SITEMAP_PATH, range(1, self.sitemaps + 1), self.sitemap, XML_TYPE),
        ):
            match = pattern.match(path)
            if match and int(match.group(1)) in held:
                return kind, render(int(match.group(1)))
        return None

    def registry_toml(self, key: str | None = None) -> str:
        """A source registry holding this site only."""
        return (
            f"[sources.{key or self.source_key}]\n"
            f'name = "{self.name}"\n'
            f'base_url = "{self.base}"\n'
            'start_urls = ["/"]\n'
            'sitemaps = ["/sitemap.xml"]\n'
            "review_links = '^/reviews/[a-z0-9-]+-\\d+/$'\n"
            "pagination = '^/page/\\d+/$'\n"
            'content_selectors = ["div.td-post-content", "div.tdb_single_content", "div.entry-content"]\n'
        )


class SyndicatedCopies(GeneratedSite):
    """Another outlet's near-copies of every ``every``-th review of a generated site of ``pages`` reviews:
    the same text under its own address, with a line of its own appended (as syndication does)."""

    def __init__(self, pages: int, every: int, base: str, material: SiteMaterial | None = None) -> None:
        super().__init__(pages, base, material)
        self.numbers = range(every, pages + 1, every)
        self.source_key, self.name = SYNDICATED_KEY, "Screening Notes Syndicated"

    def review_paragraphs(self, number: int) -> list[str]:
        paragraphs = super().review_paragraphs(number)
        paragraphs[-1] += f" {COPY_NOTE}"
        return paragraphs


def _xml(document: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + document).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"  # keep-alive, as a crawler's connection pool expects

    def log_message(self, format: str, *args: object) -> None:
        """Silent: a crawl of thousands of pages would flood the terminal."""

    def do_GET(self) -> None:
        self.server.count_request()
        found = self.server.site.respond(self.path.split("?", 1)[0])
        send_found(self, found)


class SiteServer(LoopbackServer):
    """Serves a generated site on loopback (127.0.0.1 unless ``host`` says) from a background thread."""

    def __init__(
        self,
        pages: int,
        port: int = 0,
        material: SiteMaterial | None = None,
        copies_every: int = 0,
        host: str = "127.0.0.1",
        variant: int = 0,
    ) -> None:
        """With ``copies_every``, the site is another outlet's near-copies of every ``copies_every``-th
        review of a ``pages``-review generated site (``SyndicatedCopies``); sites of different ``variant``
        share no review text."""
        super().__init__(_Handler, port, host)
        self.site = (
            SyndicatedCopies(pages, copies_every, self.address, material)
            if copies_every
            else GeneratedSite(pages, self.address, material, variant)
        )

    @property
    def base(self) -> str:
        return self.site.base

    @property
    def served(self) -> int:
        """Requests answered so far."""
        return self.requests

    def write_registry(self, path: Path) -> Path:
        path.write_text(self.site.registry_toml(), "utf-8")
        return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.sitegen", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="review pages (default 10000)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--registry", type=Path, help="write a source registry for the site to this file")
    args = parser.parse_args(argv)
    server = SiteServer(args.pages, args.port)
    if args.registry:
        server.write_registry(args.registry)
    print(f"{args.pages} review pages at {server.base}/ (source {SOURCE_KEY!r})", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
