"""A generated site's HTTP server on loopback, run from a background thread, counting what it answers and
noting when each request came (the crawl benchmark reads each host's pace from it)."""

from __future__ import annotations

import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


def send_found(handler: BaseHTTPRequestHandler, found: tuple[str, bytes] | None) -> None:
    """Answer with a page (its content type and bytes), or 404 when the site has none."""
    kind, body = found or ("text/plain", b"Not Found")
    handler.send_response(HTTPStatus.OK if found else HTTPStatus.NOT_FOUND)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__((host, port), handler)
        self.host = host  # any 127.x.y.z: each is a host of its own to a crawler
        self.requests = 0  # answered so far
        self.arrivals: list[float] = []  # time.monotonic() of each request
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        return f"http://{self.host}:{self.server_address[1]}"

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1
            self.arrivals.append(time.monotonic())

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
