"""A pause before each retry: the server's Retry-After when it gives one, else an exponential backoff.

Scrapy's RetryMiddleware re-sends a failed request at once. This middleware sits just outside it (nearer
the download), so it sees a 429/5xx answer first and notes its Retry-After on the request the retry is
copied from; when the retry comes back through, it waits before letting it go on.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import sleep

from reviewcrawl import settings as defaults
from reviewcrawl.stats import Count

logger = logging.getLogger(__name__)

RETRY_AFTER_KEY = "reviewcrawl_retry_after"
WAITED_KEY = "reviewcrawl_backoff_done"  # the retry number already waited for (a redirect keeps the meta)


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(retry: int, base: float, ceiling: float, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number ``retry`` (1 for the first)."""
    exponential = base * 2 ** max(0, retry - 1)
    return min(ceiling, max(exponential, retry_after or 0.0))


class RetryBackoffMiddleware:
    """Delays retried requests; ``REVIEWCRAWL_RETRY_BACKOFF`` is the first wait, doubled on each retry."""

    def __init__(
        self,
        stats: StatsCollector,
        codes: set[int],
        base: float = defaults.REVIEWCRAWL_RETRY_BACKOFF,
        ceiling: float = defaults.REVIEWCRAWL_RETRY_BACKOFF_MAX,
    ) -> None:
        self.stats = stats
        self.codes = codes
        self.base = base
        self.ceiling = ceiling

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        assert crawler.stats is not None
        settings = crawler.settings
        return cls(
            crawler.stats,
            {int(code) for code in settings.getlist("RETRY_HTTP_CODES")},
            settings.getfloat("REVIEWCRAWL_RETRY_BACKOFF"),
            settings.getfloat("REVIEWCRAWL_RETRY_BACKOFF_MAX"),
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in self.codes:
            request.meta[RETRY_AFTER_KEY] = retry_after_seconds(response.headers.get(b"Retry-After"))
        return response

    async def process_request(self, request: Request) -> None:
        retry = int(request.meta.get("retry_times", 0))
        if retry == 0 or request.meta.get(WAITED_KEY) == retry:
            return
        request.meta[WAITED_KEY] = retry
        delay = backoff_delay(retry, self.base, self.ceiling, request.meta.pop(RETRY_AFTER_KEY, None))
        if delay <= 0:
            return
        self.stats.inc_value(Count.RETRY_WAITS.key)
        logger.debug("Waiting %.1f s before retry %d of %s", delay, retry, request.url)
        await sleep(delay)
