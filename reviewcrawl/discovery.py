"""Finding review URLs in listings, RSS/Atom feeds and sitemaps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

FOLLOWED_SCHEMES = {"http", "https"}
_XML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Found:
    url: str
    date: str | None = None  # lastmod / pubDate as the site wrote it


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _xml_root(body: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(body, _XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


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


def feed_entries(body: bytes, base_url: str) -> Iterator[Found]:
    """Entries of an RSS 2.0 or Atom feed."""
    root = _xml_root(body)
    if root is None:
        return
    for entry in root.iter():
        name = _local(entry.tag)
        if name not in {"item", "entry"}:
            continue
        fields = {_local(child.tag): child for child in entry}
        link = fields.get("link")
        href = None
        if link is not None:
            href = link.get("href") or (link.text or "").strip()
        date = next(
            (fields[k].text for k in ("pubdate", "published", "updated", "date") if k in fields), None
        )
        if href and followable(urljoin(base_url, href)):
            yield Found(urljoin(base_url, href), date.strip() if date else None)


def sitemap_entries(body: bytes, base_url: str) -> tuple[list[Found], list[Found]]:
    """(pages, nested sitemaps) listed by a sitemap or sitemap index."""
    root = _xml_root(body)
    pages: list[Found] = []
    nested: list[Found] = []
    if root is None:
        return pages, nested
    target = nested if _local(root.tag) == "sitemapindex" else pages
    for entry in root:
        fields = {_local(child.tag): (child.text or "").strip() for child in entry}
        if fields.get("loc") and followable(urljoin(base_url, fields["loc"])):
            target.append(Found(urljoin(base_url, fields["loc"]), fields.get("lastmod") or None))
    return pages, nested
