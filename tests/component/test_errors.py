"""Failure reasons, the errback's single log line, retry backoff and the binary-body check."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet import error as tx_error

from reviewcrawl.downloadermiddlewares.backoff import (
    RETRY_AFTER_KEY,
    RetryBackoffMiddleware,
    backoff_delay,
    retry_after_seconds,
)
from reviewcrawl.downloadermiddlewares.binary import BinaryBodyMiddleware, looks_binary
from reviewcrawl.errors import Skipped, failure_reason, report_failure


def http_error(status: int) -> HttpError:
    return HttpError(Response("http://example.org/", status=status), "not handled")


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (http_error(404), "http_404"),
        (http_error(410), "http_410"),
        (http_error(503), "http_503"),
        (DownloadTimeoutError("took longer than 30 seconds"), "timeout"),
        (tx_error.TCPTimedOutError(), "timeout"),
        (CannotResolveHostError("no such host"), "dns"),
        (tx_error.DNSLookupError(), "dns"),
        (DownloadConnectionRefusedError(), "connection"),
        (DownloadFailedError(), "connection"),
        (tx_error.ConnectionLost(), "connection"),
        (ResponseDataLossError(), "data_loss"),
        (DownloadCancelledError("larger than download max size"), "too_large"),
        (IgnoreRequest("body exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression"), "too_large"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (IgnoreRequest("something else"), "ignored"),
        (ValueError("Port out of range"), "value"),
        (KeyError("x"), "key"),
    ],
)
def test_failure_reasons(exc: BaseException, reason: str) -> None:
    assert failure_reason(exc) == reason


def stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(get_crawler())


def test_report_failure_counts_and_logs_one_line(caplog: pytest.LogCaptureFixture) -> None:
    collector = stats()
    request = Request("http://example.org/b", meta={"redirect_urls": ["http://example.org/a"]})
    with caplog.at_level(logging.DEBUG, logger="reviewcrawl.errors"):
        report_failure(collector, request, DownloadTimeoutError("took longer than 2.0 seconds"))
    assert collector.get_value("reviewcrawl/errors/timeout") == 1
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage().startswith("Fetch failed (timeout): http://example.org/a: ")
    assert "last at http://example.org/b" in record.getMessage()


def test_skipped_requests_are_not_failures(caplog: pytest.LogCaptureFixture) -> None:
    collector = stats()
    report_failure(collector, Request("http://example.org/"), Skipped("robots"))
    assert collector.get_stats() == {} and not caplog.records


def test_too_large_left_to_scrapys_own_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="reviewcrawl.errors"):
        report_failure(stats(), Request("http://example.org/"), DownloadCancelledError("max size"))
    assert [record.levelno for record in caplog.records] == [logging.DEBUG]


def test_retry_after() -> None:
    now = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(b"Fri, 01 Mar 2024 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds(b"Fri, 01 Mar 2024 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def test_backoff_doubles_up_to_the_ceiling_and_honours_retry_after() -> None:
    assert [backoff_delay(n, 1.0, 60.0) for n in (1, 2, 3, 8)] == [1.0, 2.0, 4.0, 60.0]
    assert backoff_delay(1, 1.0, 60.0, retry_after=5.0) == 5.0
    assert backoff_delay(1, 1.0, 60.0, retry_after=86400.0) == 60.0


def test_backoff_notes_retry_after_for_the_retry() -> None:
    middleware = RetryBackoffMiddleware(stats(), {429, 503})
    request = Request("http://example.org/")
    middleware.process_response(request, Response(request.url, status=429, headers={"Retry-After": "7"}))
    assert request.meta[RETRY_AFTER_KEY] == 7.0
    ok = Request("http://example.org/ok")
    middleware.process_response(ok, Response(ok.url, status=200, headers={"Retry-After": "7"}))
    assert RETRY_AFTER_KEY not in ok.meta


def test_binary_bodies() -> None:
    page = "<html><body><p>Une critique, en français : très réussi.</p></body></html>"
    assert not looks_binary(page.encode("utf-8"))
    assert not looks_binary(page.encode("cp1252"))
    assert not looks_binary(b"\xff\xfe" + page.encode("utf-16-le"))
    assert not looks_binary(b"\x00\x01<p>two stray bytes in a page</p>" * 3)
    assert looks_binary(bytes(range(256)) * 20)
    assert looks_binary(b"\x89PNG\r\n\x1a\n" + bytes(range(64)) * 10)


def test_binary_middleware_skips_only_text_labelled_binary() -> None:
    middleware = BinaryBodyMiddleware(stats())
    request = Request("http://example.org/")
    junk = bytes(range(256)) * 20
    image = Response(request.url, body=junk, headers={"Content-Type": "image/png"})
    assert middleware.process_response(request, image) is image
    with pytest.raises(Skipped):
        middleware.process_response(request, HtmlResponse(request.url, body=junk))
    assert middleware.stats.get_value("reviewcrawl/skipped/binary") == 1
