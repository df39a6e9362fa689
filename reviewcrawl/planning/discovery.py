"""Finding review URLs in listings, RSS/Atom feeds and sitemaps.

Feeds and sitemaps are read as a stream (lxml's pull parser, entities never resolved, nothing fetched,
libxml2's size and depth limits kept), each entry handed on and dropped as soon as it is read, so memory does
not grow with the document. A gzipped body is recognised by its magic bytes, whatever the server called it,
and inflated in chunks up to ``REVIEWCRAWL_SITEMAP_MAX_BYTES``. News and video sitemaps are urlsets too:
their pages' publication dates stand in for ``<lastmod>`` where a page has none. The sitemap protocol's
limits are 50,000 URLs and 50 MB (52,428,800 bytes) uncompressed per file: past them a document is read no
further (bytes) or its entries are no longer returned (URLs), and ``XmlDocument`` says how much was left out.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from reviewcrawl import settings as defaults

FOLLOWED_SCHEMES = {"http", "https"}
GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = 64 * 1024
GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip header and trailer around the deflate stream


@dataclass(frozen=True)
class Found:
    url: str
    date: str | None = None  # lastmod / pubDate as the site wrote it
    nested: bool = False  # a sitemap listed by a sitemap index, not a page


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def followable(url: str) -> bool:
    return urlsplit(url).scheme in FOLLOWED_SCHEMES


def page_links(body: str, base_url: str) -> Iterator[str]:
    """Absolute http(s) links of an HTML page, fragments dropped, in page order."""
    try:
        tree = lxml_html.document_fromstring(body)
    except (ValueError, etree.ParserError):
        return
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href:
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        if followable(url):
            yield url


class XmlDocument:
    """One feed or sitemap body, read once as a stream; then ``cut`` and ``ignored`` say what was left out."""

    def __init__(
        self, body: bytes, base_url: str, max_bytes: int = defaults.REVIEWCRAWL_SITEMAP_MAX_BYTES
    ) -> None:
        self.body = body
        self.base_url = base_url
        self.max_bytes = max_bytes
        self.cut = False  # the (inflated) text ran past max_bytes and the rest was not read
        self.ignored = 0  # sitemap entries past max_entries, not returned

    def sitemap_entries(self, max_entries: int = defaults.REVIEWCRAWL_SITEMAP_MAX_URLS) -> Iterator[Found]:
        """Pages of a urlset, or sitemaps of a sitemap index (``nested``), in document order."""
        returned = 0
        for root, entry in self._elements(lambda name, depth: depth == 2):
            if returned >= max_entries:  # counted, not read: past the limit only the count is of use
                self.ignored += 1
                continue
            fields = {_local(child.tag): (child.text or "").strip() for child in entry}
            url = urljoin(self.base_url, fields["loc"]) if fields.get("loc") else ""
            if not followable(url):
                continue
            returned += 1
            moment = fields.get("lastmod") or _publication_date(entry)
            yield Found(url, moment, nested=root == "sitemapindex")

    def feed_entries(self) -> Iterator[Found]:
        """Entries of an RSS 2.0 or Atom feed."""
        for _, entry in self._elements(lambda name, depth: name in {"item", "entry"}):
            fields = {_local(child.tag): child for child in entry}
            link = fields.get("link")
            href = None
            if link is not None:
                href = link.get("href") or (link.text or "").strip()
            date = next(
                (fields[k].text for k in ("pubdate", "published", "updated", "date") if k in fields), None
            )
            if href and followable(urljoin(self.base_url, href)):
                yield Found(urljoin(self.base_url, href), date.strip() if date else None)

    def _elements(self, wanted: Callable[[str, int], bool]) -> Iterator[tuple[str, etree._Element]]:
        """(root name, element) for each complete element ``wanted(name, depth)`` picks (the root is depth 1);
        each is cleared, with what came before it, once the caller is done with it."""
        parser = etree.XMLPullParser(
            events=("start", "end"), recover=True, resolve_entities=False, no_network=True, huge_tree=False
        )
        root, depth = "", 0
        try:
            for chunk in self._text_chunks():
                parser.feed(chunk)
                for event, element in parser.read_events():
                    if event == "start":
                        depth += 1
                        root = root or _local(element.tag)
                        continue
                    if wanted(_local(element.tag), depth):
                        yield root, element
                        _forget(element)
                    depth -= 1
            parser.close()
        except etree.XMLSyntaxError:
            return

    def _text_chunks(self) -> Iterator[bytes]:
        """The document's bytes in chunks, inflated when they are gzip, at most ``max_bytes`` of them."""
        if not self.body.startswith(GZIP_MAGIC):
            self.cut = len(self.body) > self.max_bytes
            view = memoryview(self.body)[: self.max_bytes]
            for start in range(0, len(view), CHUNK_BYTES):
                yield bytes(view[start : start + CHUNK_BYTES])
            return
        inflater = zlib.decompressobj(GZIP_WBITS)
        room = self.max_bytes
        view = memoryview(self.body)
        try:
            for start in range(0, len(view), CHUNK_BYTES):
                pending = bytes(view[start : start + CHUNK_BYTES])
                while pending and not inflater.eof:
                    text = inflater.decompress(pending, CHUNK_BYTES)
                    pending = inflater.unconsumed_tail
                    if len(text) > room:
                        self.cut = True
                        yield text[:room]
                        return
                    room -= len(text)
                    yield text
                if inflater.eof:
                    return
        except zlib.error:  # a damaged or cut gzip stream: what came before it still counts
            return


def _publication_date(entry: etree._Element) -> str | None:
    """A news or video sitemap's date of a page (``news:publication_date``, ``video:publication_date``), which
    such sitemaps give instead of ``<lastmod>``."""
    for element in entry.iterdescendants():
        if _local(element.tag) == "publication_date" and (element.text or "").strip():
            return (element.text or "").strip()
    return None


def _forget(element: etree._Element) -> None:
    """Free an element read to the end, and its earlier siblings, so the tree stays a thin spine."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def feed_entries(body: bytes, base_url: str) -> Iterator[Found]:
    """Entries of an RSS 2.0 or Atom feed."""
    return XmlDocument(body, base_url).feed_entries()


def sitemap_entries(body: bytes, base_url: str) -> Iterator[Found]:
    """Pages and nested sitemaps (``nested``) of a sitemap or sitemap index, within the protocol's limits."""
    return XmlDocument(body, base_url).sitemap_entries()
