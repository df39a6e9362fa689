"""scrapy-playwright's download handler, starting Playwright only when a page needs the browser, and guarded.

The stock handler starts a Playwright driver (a Node.js process of ~120 MB) per scheme as soon as the
engine starts, so a crawl of plain HTML sites carries two idle drivers. Here the driver starts with the
first request that asks for the browser; requests without ``meta["playwright"]`` never touch it.

Every request the browser makes passes the BrowserGuard (browserguard.py): the crawl's scope and robots.txt,
no images, media or fonts, redirects checked hop by hop; service workers, which no route sees, are blocked.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Request as BrowserRequest
from playwright.async_api import Route
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright.handler import BrowserContextWrapper, ScrapyPlaywrightDownloadHandler

from reviewcrawl.browser.guard import BLOCKED_ERROR_TEXT, BrowserGuard
from reviewcrawl.errors import Skipped


class QuietPageFailures(logging.Filter):
    """scrapy-playwright logs a failed page with a traceback; the crawl's errback reports it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Closing page due to failed request"):
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def quiet_page_failures() -> None:
    playwright_logger = logging.getLogger("scrapy-playwright")
    if not any(isinstance(f, QuietPageFailures) for f in playwright_logger.filters):
        playwright_logger.addFilter(QuietPageFailures())


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        crawler.signals.disconnect(self._maybe_launch_in_thread, signals.engine_started)
        self._start_lock = asyncio.Lock()
        self._started = False
        self.guard = BrowserGuard(crawler)
        quiet_page_failures()

    async def download_request(self, request: Request) -> Response:
        if request.meta.get("playwright") and not self._started:
            await self._start_playwright()
        try:
            return await super().download_request(request)
        except PlaywrightError as exc:
            if BLOCKED_ERROR_TEXT in str(exc):  # the guard refused the page itself (or where it redirects)
                raise Skipped("browser_blocked", "the browser was sent outside the crawl") from None
            raise

    async def _start_playwright(self) -> None:
        async with self._start_lock:
            if not self._started:
                await self._launch()
                self._started = True

    async def _create_browser_context(
        self, name: str, context_kwargs: dict[str, Any] | None, spider: Spider | None = None
    ) -> BrowserContextWrapper:
        kwargs = {**(context_kwargs or {}), "service_workers": "block"}
        wrapper = await super()._create_browser_context(name, kwargs, spider)
        await self.guard.install(wrapper.context)
        return wrapper

    def _make_request_handler(self, *args: Any, **kwargs: Any) -> Any:
        """The stock page route (Scrapy's headers and method on the page's own request), behind the guard."""
        stock = super()._make_request_handler(*args, **kwargs)

        async def guarded(route: Route, request: BrowserRequest) -> None:
            await self.guard.guarded(route, request, stock)

        return guarded
