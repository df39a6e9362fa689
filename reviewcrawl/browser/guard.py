"""What the browser may fetch while it renders a page: only what the crawl itself may fetch.

Chromium runs a page's scripts, and left alone it loads whatever the page names: images on other hosts,
``fetch()`` calls to any port, redirects anywhere, paths robots.txt forbids. Every request the browser makes
is put to the crawl's own ScopeMiddleware and RobotsTxtMiddleware (the same instances: the same sites, query
limits and robots.txt cache) and aborted when either refuses it. Images, media and fonts are never fetched:
text does not need them. Each refusal is counted as ``reviewcrawl/browser/blocked/<reason>``.

Chromium follows a redirect without asking the route again, so an allowed request is fetched here with
redirects off and each hop is checked before it is followed; the browser receives the last answer. WebSockets
and service workers would bypass the routes altogether and are refused.

A host whose robots.txt is not known yet has it fetched through the crawl (its one fetch per host, shared
with the crawl's own requests) while the browser's request waits: nothing reaches a host before its rules
are known, and a robots.txt that cannot be read forbids everything there, as it does for the crawl.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any, TypeVar
from urllib.parse import urljoin

from playwright.async_api import BrowserContext, Route, WebSocketRoute
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Request as BrowserRequest
from scrapy import Request
from scrapy.crawler import Crawler

from reviewcrawl.downloadermiddlewares.robots import RobotsTxtMiddleware
from reviewcrawl.downloadermiddlewares.scope import ScopeMiddleware
from reviewcrawl.errors import short_url
from reviewcrawl.stats import Blocked

logger = logging.getLogger(__name__)

UNNEEDED_RESOURCE_TYPES = frozenset({Blocked.IMAGE, Blocked.MEDIA, Blocked.FONT})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
BLOCKED_ERROR_CODE = "blockedbyclient"
BLOCKED_ERROR_TEXT = "net::ERR_BLOCKED_BY_CLIENT"  # how the aborted page's navigation fails

Middleware = TypeVar("Middleware")
RouteHandler = Callable[[Any, BrowserRequest], Awaitable[None]]


class BrowserGuard:
    """Decides, for each request of the browser, whether it may leave; installed by the download handler."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_redirects = crawler.settings.getint("REDIRECT_MAX_TIMES")

    async def install(self, context: BrowserContext) -> None:
        """Guard a whole browser context: pages opened without a route of their own (popups), WebSockets."""
        await context.route("**", self.route)
        await context.route_web_socket("**", self.refuse_web_socket)

    async def route(self, route: Route, request: BrowserRequest) -> None:
        await self.guarded(route, request, lambda checked, _: checked.continue_())

    async def guarded(self, route: Route, request: BrowserRequest, proceed: RouteHandler) -> None:
        """Abort ``request`` when refused; otherwise hand ``proceed`` a route that checks redirects."""
        reason = await self.refusal(request.url, request.resource_type)
        if reason is not None:
            await self.block(route, request, request.url, reason)
            return
        await proceed(CheckedRoute(self, route, request), request)

    async def refusal(self, url: str, resource_type: str) -> str | None:
        """Why the browser may not fetch ``url``, or None when the crawl itself would fetch it."""
        if resource_type in UNNEEDED_RESOURCE_TYPES:
            return resource_type
        scope = self._middleware(ScopeMiddleware)
        reason = scope.refusal(url) if scope is not None else None
        if reason is not None:
            return reason
        robots = self._middleware(RobotsTxtMiddleware)
        if robots is not None and not await robots.allows(Request(url)):
            return Blocked.ROBOTS
        return None

    async def block(self, route: Route, request: BrowserRequest, url: str, reason: str) -> None:
        """Abort ``request`` (for ``url`` itself or redirected there); a page's own request fails the page."""
        self.stats.inc_value(Blocked.key_of(reason))
        level = logging.INFO if is_page_navigation(request) else logging.DEBUG
        logger.log(level, "Browser request blocked (%s): %s", reason, short_url(url))
        with suppress(PlaywrightError):  # the page may be closed already
            await route.abort(BLOCKED_ERROR_CODE)

    async def refuse_web_socket(self, socket: WebSocketRoute) -> None:
        self.stats.inc_value(Blocked.WEBSOCKET.key)
        logger.debug("Browser WebSocket blocked: %s", short_url(socket.url))
        await socket.close()

    def _middleware(self, kind: type[Middleware]) -> Middleware | None:
        """The crawl's own instance of a downloader middleware, None when it is not enabled."""
        engine = self.crawler.engine
        if engine is None:
            return None
        return next((m for m in engine.downloader.middleware.middlewares if isinstance(m, kind)), None)


def is_page_navigation(request: BrowserRequest) -> bool:
    """The request for a page itself (not a frame's or a resource's)."""
    if not request.is_navigation_request():
        return False
    try:
        return request.frame.parent_frame is None
    except PlaywrightError:  # a popup's first request comes before its frame
        return False


class CheckedRoute:
    """A route whose ``continue_`` follows redirects itself, checking each hop as a request of its own."""

    def __init__(self, guard: BrowserGuard, route: Route, request: BrowserRequest) -> None:
        self.guard = guard
        self.route = route
        self.request = request

    async def abort(self, error_code: str | None = None) -> None:
        await self.route.abort(error_code)

    async def continue_(
        self,
        url: str | None = None,
        method: str | None = None,
        headers: dict[str, str] | None = None,
        post_data: str | bytes | None = None,
    ) -> None:
        url, method = url or self.request.url, method or self.request.method
        try:
            for _ in range(self.guard.max_redirects + 1):
                answer = await self.route.fetch(
                    url=url, method=method, headers=headers, post_data=post_data, max_redirects=0
                )
                location = answer.headers.get("location")
                if answer.status not in REDIRECT_STATUSES or not location:
                    await self.route.fulfill(response=answer)
                    await answer.dispose()
                    return
                await answer.dispose()
                url = urljoin(url, location)
                if answer.status == 303 or (answer.status in (301, 302) and method.upper() == "POST"):
                    method, post_data = "GET", None
                reason = await self.guard.refusal(url, self.request.resource_type)
                if reason is not None:
                    await self.guard.block(self.route, self.request, url, reason)
                    return
            await self.guard.block(self.route, self.request, url, Blocked.TOO_MANY_REDIRECTS)
        except PlaywrightError as exc:  # no answer (refused, timed out) or the page went away meanwhile
            logger.debug("Browser request failed: %s: %s", short_url(url), str(exc).splitlines()[0])
            with suppress(PlaywrightError):
                await self.route.abort("failed")
