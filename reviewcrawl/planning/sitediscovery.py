"""Where a site nobody configured keeps its list of pages: sitemaps, feeds, its search API, its pagination.

Pure functions of what was fetched (robots.txt, the home page, a listing), so the crawl (``-a site=``) and a
probe of a site can share them. Every URL they return is on the site's own host; the crawl's scope and trap
middlewares still see each request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, quote_plus, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from reviewcrawl.planning.sources import Source

SITE_KEY_PREFIX = "site:"
# Probed in this order when robots.txt names no sitemap: the generic name, Yoast's index, WordPress core's.
WELL_KNOWN_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml")
WELL_KNOWN_FEEDS = ("/feed/",)
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
WORDPRESS_API_REL = "https://api.w.org/"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"
# A WordPress page names its theme's and core's assets; its generator meta says so when not removed.
_WORDPRESS_MARKS = re.compile(r"/wp-content/|/wp-includes/|<meta[^>]+content=[\"']WordPress", re.I)
_SEARCH_TERMS = "{searchTerms}"
_OPTIONAL_PARAMETER = re.compile(r"\{[\w:]+\?\}")
PAGE_PARAMETERS = frozenset({"page", "p", "pg", "paged", "start", "offset"})
_PAGE_PATH = re.compile(r"/page/\d+/?$")
_NEXT_WORDS = re.compile(r"^\W*(next|older|more|earlier|previous posts|load more)\b|^[›»>]+$", re.I)
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
_EVERYTHING = re.compile("")  # a site's pages are judged by what they hold, not by their address


def site_key(url: str) -> str:
    return SITE_KEY_PREFIX + urlsplit(url).netloc.lower()


def is_site_key(key: str | None) -> bool:
    return bool(key) and str(key).startswith(SITE_KEY_PREFIX)


def site_source(url: str) -> Source:
    """A registry-less source for the site serving ``url``: every page of the host may be a review."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    return Source(key=site_key(url), name=parts.netloc, base_url=base, review_links=_EVERYTHING)


def robots_sitemaps(robots_txt: str, source: Source) -> list[str]:
    """The sitemaps a robots.txt names (``Sitemap:`` lines), those on the site's host only."""
    found = (urljoin(source.base_url + "/", m.group(1)) for m in _SITEMAP_LINE.finditer(robots_txt))
    return list(dict.fromkeys(url for url in found if source.owns(url)))


def _tree(body: str) -> etree._Element | None:
    try:
        return lxml_html.document_fromstring(body)
    except (ValueError, etree.ParserError):
        return None


def _head_links(tree: etree._Element, base_url: str) -> Iterator[tuple[str, str, str]]:
    """(rel, type, absolute href) of each ``<link>`` of a page."""
    for link in tree.iter("link"):
        href = (link.get("href") or "").strip()
        if href:
            yield (link.get("rel") or "").lower(), (link.get("type") or "").lower(), urljoin(base_url, href)


def page_feeds(body: str, source: Source) -> list[str]:
    """RSS, Atom and JSON feeds a page declares with ``<link rel=alternate>``, on the site's host."""
    tree = _tree(body)
    if tree is None:
        return []
    found = (
        href
        for rel, kind, href in _head_links(tree, source.base_url + "/")
        if "alternate" in rel.split() and kind in FEED_TYPES and source.owns(href)
    )
    return list(dict.fromkeys(found))


def wordpress_api_root(body: str, source: Source) -> str | None:
    """The WordPress REST API root a page advertises (``<link rel="https://api.w.org/">``), if on the site."""
    tree = _tree(body)
    if tree is None:
        return None
    roots = (href for rel, _, href in _head_links(tree, source.base_url + "/") if rel == WORDPRESS_API_REL)
    return next((href for href in roots if source.owns(href)), None)


def wordpress_search_url(api_root: str, query: str) -> str:
    """WordPress's post search through its REST API: links and titles only."""
    return urljoin(api_root.rstrip("/") + "/", f"wp/v2/posts?search={quote_plus(query)}&_fields=link,title")


def wordpress_search_links(body: bytes, source: Source) -> list[str]:
    """The post links of a REST API search answer, on the site's host; none for anything else."""
    try:
        rows = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(rows, list):
        return []
    links = (row.get("link") for row in rows if isinstance(row, dict))
    return [link for link in links if isinstance(link, str) and source.owns(link)]


def is_pagination(url: str, anchor_text: str = "", rel: str = "") -> bool:
    """Whether a link leads to the next page of a listing: rel=next, a page number, or "Next"/"Older"."""
    parts = urlsplit(url)
    if "next" in rel.lower().split() or _PAGE_PATH.search(parts.path):
        return True
    if any(name.lower() in PAGE_PARAMETERS and value.isdigit() for name, value in parse_qsl(parts.query)):
        return True
    return bool(_NEXT_WORDS.search(anchor_text.strip()))


def site_links(body: str, page_url: str, source: Source) -> tuple[list[str], list[str]]:
    """(pagination links, other links) of a page, on the site's host, fragments dropped, in page order."""
    tree = _tree(body)
    if tree is None:
        return [], []
    pages: dict[str, None] = {}
    others: dict[str, None] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        url = urljoin(page_url, href).split("#", 1)[0] if href else ""
        if not url or not source.owns(url) or urlsplit(url).scheme not in {"http", "https"}:
            continue
        if is_pagination(url, anchor.text_content(), anchor.get("rel") or ""):
            pages[url] = None
        else:
            others[url] = None
    return list(pages), [url for url in others if url not in pages]


def opensearch_description_url(body: str, source: Source) -> str | None:
    """The OpenSearch description a page names (``<link rel=search type=…opensearchdescription+xml>``), if on
    the site."""
    tree = _tree(body)
    if tree is None:
        return None
    found = (
        href
        for rel, kind, href in _head_links(tree, source.base_url + "/")
        if "search" in rel.split() and kind == OPENSEARCH_TYPE
    )
    return next((href for href in found if source.owns(href)), None)


def opensearch_template(body: bytes, source: Source) -> str | None:
    """The HTML search URL template of an OpenSearch description (``<Url type="text/html" template=…>``) when
    it is on the site and needs nothing but the search terms; None for anything else."""
    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError):
        return None
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.rsplit("}", 1)[-1] != "Url":
            continue
        template = _OPTIONAL_PARAMETER.sub("", element.get("template") or "")
        html_results = (element.get("type") or "").lower().startswith("text/html")
        filled = template.replace(_SEARCH_TERMS, "x")
        web = urlsplit(filled).scheme in {"http", "https"}
        if html_results and _SEARCH_TERMS in template and "{" not in filled and web and source.owns(filled):
            return template
    return None


def opensearch_search_url(template: str, query: str) -> str:
    return template.replace(_SEARCH_TERMS, quote_plus(query))


def looks_like_wordpress(body: str) -> bool:
    """Whether a page is WordPress's (its assets under /wp-content/ or /wp-includes/, its generator meta)."""
    return bool(_WORDPRESS_MARKS.search(body))


def wordpress_page_search_url(source: Source, query: str) -> str:
    """WordPress's own search results page (``/?s=``), there when the REST API is not advertised."""
    return f"{source.base_url}/?s={quote_plus(query)}"
