"""Conditional requests: a review page the state store holds is asked for with the validators its server gave
last time (``If-None-Match`` / ``If-Modified-Since``), so an unchanged page costs a 304 and no body.

A 304 to such a request is the review unchanged: counted as ``skipped/not_modified`` (and as unchanged in
the summary), its last sighting and its revisit schedule are updated, and the page goes no further. A 304
to a request that sent no validators is no answer to anything we asked: it is left to Scrapy's HttpError
handling (``errors/http_304``) and changes nothing in the store. A 304's body, if a server sends one, is
never read. Validators are sent for the URL they were given for: a redirect's new request is looked up
afresh. Only validators of 200 HTML answers are kept (see reviewcrawl/store/validators.py for
what is refused). Off with ``REVIEWCRAWL_CONDITIONAL_REQUESTS = False`` or without a state store.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.errors import skip
from reviewcrawl.stats import Count, Skip
from reviewcrawl.store.backend import StateBackend
from reviewcrawl.store.state import now_iso
from reviewcrawl.store.validators import Validators

SENT_KEY = "reviewcrawl_validators_sent"  # the URL whose validators the request carries
NOT_MODIFIED = 304
BATCH = 500  # 304s whose reviews are touched in one transaction
HTML_TYPES = (b"text/html", b"application/xhtml+xml")


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ConditionalRequestMiddleware:
    def __init__(self, stats: StatsCollector, store: StateBackend, validators: Validators) -> None:
        self.stats = stats
        self.store = store
        self.validators = validators
        self.unchanged: list[str] = []  # 304'd URLs whose reviews are not touched yet

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("REVIEWCRAWL_CONDITIONAL_REQUESTS"):
            raise NotConfigured
        run = crawl_run(crawler)
        if run.store is None or run.validators is None:
            raise NotConfigured
        assert crawler.stats is not None
        middleware = cls(crawler.stats, run.store, run.validators)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        if request.meta.get(SENT_KEY) == request.url:
            return  # a retry of a request already given its validators
        request.headers.pop(b"If-None-Match", None)  # a redirect's copy of another URL's validators
        request.headers.pop(b"If-Modified-Since", None)
        request.meta.pop(SENT_KEY, None)
        if request.method != "GET" or request.meta.get("playwright"):
            return  # the browser re-fetches a page just answered in full: nothing to ask of it
        revisit = self.validators.lookup(request.url)
        if revisit is None or not revisit.has_validators or self.store.last_seen(request.url) is None:
            return  # only a review the store holds may be answered "unchanged"
        if revisit.etag:
            request.headers[b"If-None-Match"] = revisit.etag
        if revisit.last_modified:
            request.headers[b"If-Modified-Since"] = revisit.last_modified
        request.meta[SENT_KEY] = request.url

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == NOT_MODIFIED and request.meta.get(SENT_KEY) == request.url:
            self.note_unchanged(request.url)
            raise skip(self.stats, Skip.NOT_MODIFIED, request.url)
        if response.status == 200 and self.is_html(response):
            etag, last_modified = header(response, "ETag"), header(response, "Last-Modified")
            self.validators.remember(response.url, etag, last_modified, now_iso())
        return response

    @staticmethod
    def is_html(response: Response) -> bool:
        kind = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
        return kind in HTML_TYPES

    def note_unchanged(self, url: str) -> None:
        self.stats.inc_value(Count.NOT_MODIFIED_ANSWERS.key)
        self.validators.found_unchanged(url, now_iso())
        self.unchanged.append(url)
        if len(self.unchanged) >= BATCH:
            self.touch_unchanged()

    def touch_unchanged(self) -> None:
        urls, self.unchanged = self.unchanged, []
        if urls:
            self.store.touch_urls(urls, now_iso())

    def spider_closed(self) -> None:
        self.touch_unchanged()
        self.validators.flush()
