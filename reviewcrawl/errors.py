"""Why a fetch failed, in one word: a stats key and one log line, never a traceback.

Every failed request ends in the spider's errback, which hands the exception to ``report_failure``. Requests
reviewcrawl decided not to make (robots.txt, scope) raise a ``Skipped``: they were counted where the decision
was taken and are not failures.
"""

from __future__ import annotations

import logging
import re

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from twisted.internet import error as tx_error

from reviewcrawl.stats import Error, Skip

logger = logging.getLogger(__name__)

# Scrapy already logs one warning of its own for these; a second line would only repeat it.
LOGGED_BY_SCRAPY = frozenset({Error.TOO_LARGE})
LOGGED_URL_CHARS = 200

_BY_TYPE: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), Error.TIMEOUT),
    ((CannotResolveHostError, tx_error.DNSLookupError), Error.DNS),
    # Scrapy raises DownloadCancelledError only when a body outgrows DOWNLOAD_MAXSIZE.
    ((DownloadCancelledError,), Error.TOO_LARGE),
    ((ResponseDataLossError,), Error.DATA_LOSS),
    ((UnsupportedURLSchemeError,), Error.SCHEME),
    (
        (
            DownloadConnectionRefusedError,
            DownloadFailedError,
            tx_error.ConnectError,
            tx_error.ConnectionLost,
            tx_error.ConnectionDone,
        ),
        Error.CONNECTION,
    ),
)

_IGNORED_BY_MESSAGE: tuple[tuple[str, str], ...] = (
    # HttpCompressionMiddleware: the body grew past DOWNLOAD_MAXSIZE when decompressed.
    ("DOWNLOAD_MAXSIZE", Error.TOO_LARGE),
    ("max redirections", Error.TOO_MANY_REDIRECTS),
)


class Skipped(IgnoreRequest):
    """A request reviewcrawl chose not to make, already counted under ``reason``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def skip(stats: StatsCollector, reason: Skip, url: str) -> Skipped:
    """Count a request not made under ``reviewcrawl/skipped/<reason>``, say so, and build what refuses it."""
    stats.inc_value(reason.key)
    logger.info("Skipped %s: %s", short_url(url), reason.description)
    return Skipped(reason, reason.description)


def failure_reason(exc: BaseException) -> str:
    """A short, stable name for why a fetch failed: ``http_404``, ``timeout``, ``too_large``, ..."""
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    for types, reason in _BY_TYPE:
        if isinstance(exc, types):
            return reason
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        return next((reason for marker, reason in _IGNORED_BY_MESSAGE if marker in message), Error.IGNORED)
    return snake_case(type(exc).__name__)


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().removesuffix("_error") or "error"


def short_url(url: str) -> str:
    return url if len(url) <= LOGGED_URL_CHARS else f"{url[:LOGGED_URL_CHARS]}… ({len(url)} characters)"


def describe(exc: BaseException) -> str:
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    text = " ".join(str(exc).split())
    return text[:LOGGED_URL_CHARS] if text else type(exc).__name__


def count_error(stats: StatsCollector, reason: str, url: str, detail: str) -> None:
    """Count one failure under ``reviewcrawl/errors/<reason>`` and say so in one line."""
    stats.inc_value(Error.key_of(reason))
    level = logging.DEBUG if reason in LOGGED_BY_SCRAPY else logging.WARNING
    logger.log(level, "Fetch failed (%s): %s: %s", reason, short_url(url), detail)


def report_failure(stats: StatsCollector, request: Request, exc: BaseException | None) -> None:
    """The errback's whole job: count and log a failed fetch; skipped requests were counted already.

    The URL logged is the one the crawl asked for, before any redirect.
    """
    if isinstance(exc, Skipped):
        return
    url = (request.meta.get("redirect_urls") or [request.url])[0]
    if exc is None:
        count_error(stats, Error.UNKNOWN, url, "no exception given")
        return
    detail = describe(exc)
    if url != request.url:
        detail = f"{detail} (last at {short_url(request.url)})"
    count_error(stats, failure_reason(exc), url, detail)
