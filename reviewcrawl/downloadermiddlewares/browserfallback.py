"""When to ask the browser: a page whose HTML is only a script shell is fetched again through Chromium."""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

from reviewcrawl.browser.options import browser_meta, was_rendered
from reviewcrawl.extract.body.scriptbody import script_markup
from reviewcrawl.stats import Count

logger = logging.getLogger(__name__)

# Text a script-built page shows before its scripts run ("Loading…", a noscript note).
PLACEHOLDER_TEXT_CHARS = 300
INVISIBLE_TAGS = ("script", "style", "noscript", "template")
# One character of text takes at most this many bytes of markup (a numeric character reference).
MAX_BYTES_PER_CHAR = 10
_SCRIPT_OPEN = re.compile(rb"<script\b", re.I)
_SCRIPT_CLOSE = re.compile(rb"</script\s*>", re.I)
_BODY_OPEN = re.compile(rb"<body\b", re.I)
_HIDDEN_BLOCKS = re.compile(rb"<!--.*?-->|<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(rb"<[^>]*>")
_WHITESPACE = b" \t\n\r\f\v"


def has_scripts(tree: lxml_html.HtmlElement) -> bool:
    return any(True for _ in tree.iter("script"))


def visible_text_length(tree: lxml_html.HtmlElement) -> int:
    body = tree.find("body")
    if body is None:
        return 0
    total = 0
    for element in body.iter():
        if element.tag in INVISIBLE_TAGS or not isinstance(element.tag, str):
            continue
        total += len((element.text or "").strip())
        parent = element.getparent()
        if parent is not None and parent.tag not in INVISIBLE_TAGS:
            total += len((element.tail or "").strip())
    return total


def text_bytes_at_least(body: bytes) -> int | None:
    """Bytes of visible text in the raw body (not a parse), or None when the markup is too odd to tell.

    Every visible character stands for at least one and at most MAX_BYTES_PER_CHAR of these bytes,
    so a large count proves a page has text of its own without parsing it.
    """
    start = _BODY_OPEN.search(body)
    if start is None:
        return None
    rest = body[start.start() :]
    if len(_SCRIPT_OPEN.findall(rest)) != len(_SCRIPT_CLOSE.findall(rest)):
        return None
    text = _TAG.sub(b"", _HIDDEN_BLOCKS.sub(b"", rest))
    return len(text.translate(None, _WHITESPACE))


def looks_script_built(body: bytes) -> bool:
    """A page with scripts and next to no text of its own is built in the browser, unless its inline script
    data already holds the article (a Next.js or Nuxt shell): the extractor reads that without a browser."""
    if _SCRIPT_OPEN.search(body) is None:
        return False
    text_bytes = text_bytes_at_least(body)
    if text_bytes is not None and text_bytes >= PLACEHOLDER_TEXT_CHARS * MAX_BYTES_PER_CHAR:
        return False
    try:
        tree = lxml_html.document_fromstring(body)
    except (ValueError, etree.ParserError):
        return False
    if not has_scripts(tree) or visible_text_length(tree) >= PLACEHOLDER_TEXT_CHARS:
        return False
    return script_markup(tree) is None


class BrowserFallbackMiddleware:
    """Fetches a page once more through the browser when its HTML is only a script shell."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserFallbackMiddleware:
        if not crawler.settings.getbool("REVIEWCRAWL_BROWSER_FALLBACK"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if was_rendered(request.meta):
            self.stats.inc_value(Count.BROWSER_RENDERED.key)
            return response
        if not isinstance(response, TextResponse) or response.status != 200:
            return response
        if not (response.headers.get(b"Content-Type") or b"text/html").lower().startswith(b"text/html"):
            return response
        if not looks_script_built(response.body):
            return response
        self.stats.inc_value(Count.BROWSER_FALLBACK.key)
        logger.info("Rendering %s in the browser: its HTML has scripts but no content", response.url)
        meta: dict[str, Any] = {**request.meta, **browser_meta()}
        return request.replace(meta=meta, dont_filter=True)
