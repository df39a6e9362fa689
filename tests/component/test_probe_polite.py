"""The probe is polite and stays on its host: robots.txt Disallow and Crawl-delay, one request at a time,
a request budget, size caps, and redirects (loops, off-site) that never take it elsewhere or hang it.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from devtools.siteshapes import ShapeServer
from reviewcrawl.probe.fetch import ProbeError
from reviewcrawl.probe.report import render
from reviewcrawl.probe.run import ProbeOptions, probe_site

Log = list[tuple[str, float]]


def logged(server: ShapeServer) -> Log:
    """Every path the shape serves, with when it was asked, kept as the server answers."""
    log: Log = []
    respond: Callable[..., object] = server.site.respond

    def respond_and_log(path: str, query: dict[str, str]) -> object:
        log.append((path, time.monotonic()))
        return respond(path, query)

    server.site.respond = respond_and_log  # type: ignore[method-assign]
    return log


@pytest.fixture
def yoast() -> Iterator[ShapeServer]:
    server = ShapeServer("wp-yoast").start()
    yield server
    server.stop()


def test_robots_disallow_and_crawl_delay_are_honoured(yoast: ShapeServer) -> None:
    rules = "User-agent: *\nDisallow: /2023/03/\nDisallow: /feed/\nCrawl-delay: 1\n"
    yoast.site.robots_lines = rules + "\nSitemap: {base}/sitemap_index.xml\n"
    log = logged(yoast)
    findings = probe_site(yoast.base + "/", ProbeOptions(min_delay=0.0, budget=9, samples=3))
    asked = [path for path, _ in log]
    assert asked[0] == "/robots.txt"
    assert not [path for path in asked if path.startswith(("/2023/03/", "/feed/"))]
    gaps = [later - earlier for (_, earlier), (_, later) in itertools.pairwise(log)]
    assert gaps and min(gaps) >= 0.95
    assert findings.robots.rules == ("Disallow: /2023/03/", "Disallow: /feed/", "Crawl-delay: 1")
    assert len(asked) == 9
    text = render(findings)
    assert "Crawl-delay: 1 s (the probe waited 1 s between requests)" in text
    assert "not fetched (disallowed by robots.txt)" in text


def test_a_long_crawl_delay_is_capped(yoast: ShapeServer) -> None:
    yoast.site.robots_lines = "User-agent: reviewcrawl\nCrawl-delay: 3600\n"
    log = logged(yoast)
    findings = probe_site(yoast.base + "/", ProbeOptions(min_delay=0.0, max_delay=0.3, budget=5))
    assert findings.robots.crawl_delay == 3600 and findings.delay == 0.3
    gaps = [later - earlier for (_, earlier), (_, later) in itertools.pairwise(log)]
    assert len(log) == 5 and min(gaps) >= 0.28


class HostileHandler(BaseHTTPRequestHandler):
    """Redirect loops, an off-site redirect, a sitemap past the size cap and malformed XML and HTML."""

    server: HostileServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # the probe hangs up once it has read its fill
            super().handle()

    def do_GET(self) -> None:
        self.server.asked.append(self.path)
        elsewhere = f"http://127.0.0.1:{self.server.elsewhere_port}/stolen"
        routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/robots.txt": (200, {}, b"User-agent: *\nAllow: /\n"),
            "/": (
                200,
                {},
                b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
                b'<link rel="search" type="application/opensearchdescription+xml" href="/osd.xml">'
                b'</head><body><a href="/loop">x</a><a href="/away">y</a><a href="/broken/">z</a><div><p>',
            ),
            "/loop": (302, {"Location": "/loop2"}, b""),
            "/loop2": (302, {"Location": "/loop"}, b""),
            "/away": (301, {"Location": elsewhere}, b""),
            "/feed/": (200, {}, b"<rss><channel><item><link>/broken/</link></item><item><title>x</ti"),
            "/broken/": (200, {}, b"<html><body><h1>Half<p>open <div><table><tr><td>cells" * 50),
            "/sitemap.xml": (200, {}, self.server.big_sitemap),
            "/sitemap_index.xml": (200, {}, self.server.gzip_bomb),
            "/osd.xml": (
                200,
                {},
                b'<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/"><Url type="text/html" '
                + f'template="{self.server.base}/find?q={{searchTerms}}&amp;page=1"/>'.encode()
                + b"</OpenSearchDescription>",
            ),
        }
        status, headers, body = routes.get(self.path, (404, {}, b"no"))
        self.send_response(HTTPStatus(status))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, elsewhere_port: int) -> None:
        super().__init__(("127.0.0.1", 0), HostileHandler)
        self.asked: list[str] = []
        self.elsewhere_port = elsewhere_port
        rows = b"".join(b"<url><loc>/archive/%d/</loc></url>" % n for n in range(300_000))
        self.big_sitemap = (
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + rows + b"</urlset>"
        )
        self.gzip_bomb = gzip.compress(b"<urlset>" + b"<url><loc>/a/</loc></url>" * 2_000_000, 1)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def test_hostile_site_never_hangs_or_leaves_the_host() -> None:
    elsewhere = HostileServer(0)
    hostile = HostileServer(elsewhere.server_address[1])
    for server in (elsewhere, hostile):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        options = ProbeOptions(min_delay=0.0, max_bytes=2**20, budget=25)
        findings = probe_site(f"http://127.0.0.1:{hostile.server_address[1]}/", options)
        assert time.monotonic() - started < 30
    finally:
        for server in (hostile, elsewhere):
            server.shutdown()
            server.server_close()
    assert elsewhere.asked == []
    assert len(hostile.asked) <= 25 and hostile.asked.count("/loop") <= 3
    plain, bomb = findings.sitemaps
    assert plain.truncated and 0 < plain.entries < 300_000
    assert bomb.truncated and 0 < bomb.entries < 2_000_000
    assert [(s.kind, s.template) for s in findings.search] == [("opensearch", "/find?q={query}&page=1")]
    reasons = {r.reason for r in findings.refused}
    assert "off-site" in reasons and any("redirects" in r for r in reasons)
    assert findings.feeds and findings.feeds[0].items == 2
    assert findings.shape is None
    assert "review URL shape: none" in render(findings)


class DripHandler(BaseHTTPRequestHandler):
    """robots.txt at once, then every page one byte a tenth of a second, for ever."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.end_headers()
        if self.path == "/robots.txt":
            self.wfile.write(b"User-agent: *\n")
            return
        with contextlib.suppress(ConnectionError):
            for _ in range(10_000):
                self.wfile.write(b"<p>")
                self.wfile.flush()
                time.sleep(0.1)


def test_a_dripping_server_does_not_hold_the_probe() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), DripHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        options = ProbeOptions(min_delay=0.0, timeout=0.5, budget=3)
        findings = probe_site(f"http://127.0.0.1:{server.server_address[1]}/", options)
        assert time.monotonic() - started < 3 * (3 * 0.5 + 0.5)
    finally:
        server.shutdown()
        server.server_close()
    assert len(findings.requests) == 3


class MovedHandler(BaseHTTPRequestHandler):
    """A site that has moved to another host: every address redirects there."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", f"http://localhost:{self.server.server_address[1]}{self.path}")
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_a_site_moved_to_another_host_is_named_not_followed() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), MovedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(
            ProbeError, match=r"redirects to another host \(http://localhost:\d+/robots.txt\)"
        ):
            probe_site(f"http://127.0.0.1:{server.server_address[1]}/", ProbeOptions(min_delay=0.0))
    finally:
        server.shutdown()
        server.server_close()
