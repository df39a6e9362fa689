"""Serve the bundled sample web: one small review site per loopback port.

Each site is a directory of static files. The server behaves like a real web
server where crawling depends on it: status codes, redirects, a trailing-slash
redirect for directories, robots.txt, content types (with or without charset),
a WordPress-like ``/?s=`` search for sites that declare one, and conditional GET (ETag from the content,
Last-Modified from the file, 304 when they match).
"""

from __future__ import annotations

import json
import mimetypes
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devtools.conditional import not_modified, validator_headers

BASE_PLACEHOLDER = b"{{base}}"
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".js", ".json", ".css"}
HIDDEN_NAMES = {"expected.json", "_server.json", "_nocharset"}
NO_CHARSET_MARKER = "_nocharset"  # a folder holding this file is served without a charset
DEFAULT_FIRST_PORT = 8711
LAST_PORT = 65535
_H1 = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def fixtures_root() -> Path:
    """The sample web shipped in the project's fixtures/ folder."""
    return Path(__file__).resolve().parent.parent / "fixtures" / "sample-web"


@dataclass
class SiteConfig:
    """What ``_server.json`` beside a site's files may say."""

    charset: str | None = "utf-8"
    redirects: dict[str, str] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)
    search: bool = False
    page_encoding: str = "utf-8"

    @classmethod
    def load(cls, root: Path) -> SiteConfig:
        path = root / "_server.json"
        if not path.exists():
            return cls()
        data = json.loads(path.read_text("utf-8"))
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        config = cls(**known)
        if config.charset is None and "page_encoding" not in data:
            config.page_encoding = "euc-kr"
        return config


@dataclass
class Site:
    key: str
    root: Path
    port: int
    config: SiteConfig
    requests_seen: list[str] = field(default_factory=list)
    user_agents: set[str] = field(default_factory=set)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def discover_sites(root: Path, first_port: int = DEFAULT_FIRST_PORT) -> list[Site]:
    """Every sub-directory of ``root/sites`` is a site; ports follow name order."""
    site_dirs = sorted(p for p in (root / "sites").iterdir() if p.is_dir())
    return [
        Site(key=d.name, root=d, port=first_port + i, config=SiteConfig.load(d))
        for i, d in enumerate(site_dirs)
    ]


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(SiteRequestHandler):
        pass

    Handler.site = site
    return Handler


class SiteRequestHandler(BaseHTTPRequestHandler):
    site: Site
    server_version = "reviewcrawl-sampleweb/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet by default; the site keeps its own request log for tests."""

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def _respond(self, send_body: bool) -> None:
        self.site.requests_seen.append(self.path)
        self.site.user_agents.add(self.headers.get("User-Agent", ""))
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if self.site.config.search and parts.path == "/" and "s" in query:
            return self._send(HTTPStatus.OK, self._search_page(query["s"][0]), "text/html", send_body)
        if parts.path in self.site.config.redirects:
            return self._redirect(self.site.config.redirects[parts.path])
        if parts.path in self.site.config.gone:
            return self._send(HTTPStatus.GONE, b"Gone", "text/plain", send_body)
        target = self._resolve(parts.path)
        if target is None:
            return self._send(HTTPStatus.NOT_FOUND, b"Not Found", "text/plain", send_body)
        if target.is_dir():
            return self._redirect(parts.path + "/")
        charset_free = (target.parent / NO_CHARSET_MARKER).exists()
        body, kind = self._read(target), self._content_type(target)
        modified = datetime.fromtimestamp(target.stat().st_mtime, UTC)
        validators = validator_headers(body, modified)
        if not_modified(self.headers, body, modified):
            return self._send(HTTPStatus.NOT_MODIFIED, b"", kind, send_body, charset_free, validators)
        self._send(HTTPStatus.OK, body, kind, send_body, charset_free, validators)

    def _resolve(self, url_path: str) -> Path | None:
        relative = url_path.lstrip("/")
        if ".." in relative.split("/"):
            return None
        path = self.site.root / relative
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        if path.name in HIDDEN_NAMES or path.name.endswith(".expected.json") or not path.exists():
            return None
        return path

    def _read(self, path: Path) -> bytes:
        data = path.read_bytes()
        if path.suffix in TEXT_SUFFIXES:
            data = data.replace(BASE_PLACEHOLDER, self.site.base.encode("ascii"))
        return data

    def _content_type(self, path: Path) -> str:
        if path.suffix == ".xml":
            return "application/xml"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return kind

    def _search_page(self, query: str) -> bytes:
        links = "".join(
            f'<li><a href="{escape(href)}">{escape(title)}</a></li>'
            for href, title in _review_titles(self.site)
            if query.casefold() in title.casefold()
        )
        page = (
            f'<!DOCTYPE html><html><head><meta charset="{self.site.config.page_encoding}">'
            f"<title>Search results for {escape(query)}</title></head>"
            f'<body><h1>Search results for "{escape(query)}"</h1><ul class="search-results">{links}</ul>'
            "</body></html>"
        )
        return page.encode(self.site.config.page_encoding, errors="xmlcharrefreplace")

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        kind: str,
        send_body: bool,
        charset_free: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        charset = None if charset_free else self.site.config.charset
        textual = kind.startswith("text/") or kind in {"application/xml", "application/json"}
        header = f"{kind}; charset={charset}" if charset and textual and kind != "text/plain" else kind
        self.send_response(status)
        self.send_header("Content-Type", header)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:  # a 304 has no body, and says nothing of its length
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _review_titles(site: Site) -> Iterator[tuple[str, str]]:
    """(path, headline) of every page that has an expected record beside it."""
    for expected in sorted(site.root.glob("**/expected.json")):
        page = expected.with_name("index.html")
        match = _H1.search(page.read_bytes()) if page.exists() else None
        raw = match.group(1).decode(site.config.page_encoding, "replace") if match else ""
        if not raw:
            raw = json.loads(expected.read_text("utf-8")).get("headline") or ""
        title = _TAG.sub("", raw).strip()
        yield "/" + str(expected.parent.relative_to(site.root)) + "/", title


class SampleWeb:
    """All sites of a sample web, each on its own thread and port."""

    def __init__(self, root: Path | None = None, first_port: int = DEFAULT_FIRST_PORT) -> None:
        self.sites = discover_sites(root or fixtures_root(), first_port)
        self._servers: list[ThreadingHTTPServer] = []

    @classmethod
    def single_folder(cls, root: Path, port: int, key: str = "site") -> SampleWeb:
        """One site served straight from ``root``."""
        web = cls.__new__(cls)
        web.sites = [Site(key=key, root=root, port=port, config=SiteConfig.load(root))]
        web._servers = []
        return web

    def start(self) -> SampleWeb:
        try:
            for site in self.sites:
                server = ThreadingHTTPServer(("127.0.0.1", site.port), _handler_for(site))
                server.daemon_threads = True
                threading.Thread(target=server.serve_forever, daemon=True).start()
                self._servers.append(server)
        except OSError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def site(self, key: str) -> Site:
        return next(s for s in self.sites if s.key == key)

    def __enter__(self) -> SampleWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
