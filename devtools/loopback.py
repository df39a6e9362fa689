"""A generated site's HTTP server on loopback, run from a background thread, counting what it answers and
noting when each request came (the crawl benchmark reads each host's pace from it)."""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from devtools.conditional import not_modified, validator_headers


def send_found(handler: BaseHTTPRequestHandler, found: tuple[str, bytes] | None) -> None:
    """Answer with a page (its content type and bytes) and its validators, 304 when the request's validators
    match it, or 404 when the site has none."""
    if found is None:
        return send_page(handler, HTTPStatus.NOT_FOUND, "text/plain", b"Not Found", {})
    kind, body = found
    server = handler.server if isinstance(handler.server, LoopbackServer) else None
    modified = server.pages_modified if server else SERVED_SINCE
    validators = validator_headers(body, modified)
    if not_modified(handler.headers, body, modified):
        if server:
            server.count_not_modified()
        return send_page(handler, HTTPStatus.NOT_MODIFIED, kind, b"", validators)
    send_page(handler, HTTPStatus.OK, kind, body, validators)


def send_page(
    handler: BaseHTTPRequestHandler, status: HTTPStatus, kind: str, body: bytes, headers: dict[str, str]
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    for name, value in headers.items():
        handler.send_header(name, value)
    if status != HTTPStatus.NOT_MODIFIED:  # a 304 has no body, and says nothing of its length
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


# When the pages of a site with no moment of its own last changed: generated pages never do.
SERVED_SINCE = datetime(2026, 1, 1, tzinfo=UTC)


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__((host, port), handler)
        self.host = host  # any 127.x.y.z: each is a host of its own to a crawler
        self.requests = 0  # answered so far
        self.arrivals: list[float] = []  # time.monotonic() of each request
        self.not_modified = 0  # of which 304 Not Modified
        self.pages_modified = SERVED_SINCE  # the Last-Modified of every page
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        return f"http://{self.host}:{self.server_address[1]}"

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1
            self.arrivals.append(time.monotonic())

    def count_not_modified(self) -> None:
        with self._lock:
            self.not_modified += 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A crawler that hangs up (a killed worker, say) is no error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def start(self) -> Self:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
