"""A local web server that misbehaves on purpose, one misbehaviour per path, logging every request.

Routes are small functions of the request handler; the helpers below build the usual ones: a page, a
status, a redirect, an answer that changes after the first hits, a slow answer, a body that stalls half-way,
a body that never ends. Every request is recorded (time, path, User-Agent) before it is answered, so tests
can prove what was fetched, what was not, and how long the crawler waited in between.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[["Handler"], None]
CHUNK = 64 * 1024
DEFAULT_ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() when the request arrived
    path: str  # path and query, as requested
    user_agent: str


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HostileHTTPServer

    def do_GET(self) -> None:
        site = self.server.site
        site.record(Hit(time.monotonic(), self.path, self.headers.get("User-Agent", "")))
        route = site.route_for(self.path)
        # The crawler hanging up (size limit, timeout) is exactly what some routes provoke.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            (route or status(404))(self)

    def send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        """A complete answer with Content-Length; the connection closes after it."""
        self.send_response(code)
        all_headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for name, value in all_headers.items():
            if value:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the site keeps its own log."""


class HostileHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    site: HostileSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Aborted connections are part of the test; nothing to print."""


@dataclass
class HostileSite:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = HostileHTTPServer(("127.0.0.1", 0), Handler)
        self._server.site = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.routes.setdefault("/robots.txt", text(DEFAULT_ROBOTS))

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> HostileSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def route_for(self, path: str) -> Route | None:
        """The route of ``path`` exactly, else of its path without the query, else of a "prefix*" key."""
        route = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
        if route is not None:
            return route
        prefixes = [key for key in self.routes if key.endswith("*") and path.startswith(key[:-1])]
        return self.routes[max(prefixes, key=len)] if prefixes else None

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def requested(self, path: str) -> list[Hit]:
        """Hits on ``path`` (exact, query included) in arrival order."""
        with self._lock:
            return [hit for hit in self.hits if hit.path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.hits]


# --- routes ------------------------------------------------------------------------------------------------


def page(body: bytes | str, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def route(handler: Handler) -> None:
        handler.send(200, data, {"Content-Type": content_type, **_header_names(headers)})

    return route


def text(body: str) -> Route:
    return page(body, "text/plain; charset=utf-8")


def status(code: int, body: bytes = b"", **headers: str) -> Route:
    def route(handler: Handler) -> None:
        handler.send(code, body, _header_names(headers))

    return route


def redirect(location: str, code: int = 302) -> Route:
    return status(code, Location=location)


def gzipped(body: bytes | str, content_type: str = "text/html; charset=utf-8") -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return page(gzip.compress(data), content_type, Content_Encoding="gzip")


def first_then(first: Route, then: Route, times: int = 1) -> Route:
    """``first`` for the first ``times`` hits, ``then`` afterwards."""
    lock = threading.Lock()
    served = [0]

    def route(handler: Handler) -> None:
        with lock:
            served[0] += 1
            early = served[0] <= times
        (first if early else then)(handler)

    return route


def slow(seconds: float, then: Route) -> Route:
    def route(handler: Handler) -> None:
        time.sleep(seconds)
        then(handler)

    return route


def stall_mid_body(body: bytes, seconds: float) -> Route:
    """Announce the whole body, send half of it, then go quiet."""

    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        time.sleep(seconds)
        handler.close_connection = True

    return route


def endless_body(size: int, announce: bool) -> Route:
    """``size`` bytes of filler markup, with or without a Content-Length saying so."""
    filler = b"<p>" + b"filler text that goes on and on " * 2000 + b"</p>\n"

    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if announce:
            handler.send_header("Content-Length", str(size))
        handler.send_header("Connection", "close")
        handler.end_headers()
        sent = 0
        while sent < size:
            chunk = filler[: min(len(filler), size - sent)]
            handler.wfile.write(chunk)
            sent += len(chunk)
        handler.close_connection = True

    return route


def _header_names(headers: dict[str, str]) -> dict[str, str]:
    """Keyword arguments to header names: Retry_After -> Retry-After."""
    return {name.replace("_", "-"): value for name, value in headers.items()}
