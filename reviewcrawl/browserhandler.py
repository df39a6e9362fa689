"""scrapy-playwright's download handler, starting Playwright only when a page needs the browser.

The stock handler starts a Playwright driver (a Node.js process of ~120 MB) per scheme as soon as the
engine starts, so a crawl of plain HTML sites carries two idle drivers. Here the driver starts with the
first request that asks for the browser; requests without ``meta["playwright"]`` never touch it.
"""

from __future__ import annotations

import asyncio

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        crawler.signals.disconnect(self._maybe_launch_in_thread, signals.engine_started)
        self._start_lock = asyncio.Lock()
        self._started = False

    async def download_request(self, request: Request) -> Response:
        if request.meta.get("playwright") and not self._started:
            await self._start_playwright()
        return await super().download_request(request)

    async def _start_playwright(self) -> None:
        async with self._start_lock:
            if not self._started:
                await self._launch()
                self._started = True
