"""Polite fetching for the probe: one request at a time, same host only, within a budget.

Every request goes through one ``Fetcher``: it obeys robots.txt (once read), waits out the Crawl-delay
(capped), stops at the request budget, reads at most ``max_bytes`` of a body (gzip included) and follows a
redirect only to the same host, a few hops at most. Plain urllib: the probe reads a handful of pages.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from reviewcrawl import __version__

USER_AGENT = f"reviewcrawl/{__version__} (sources probe; +https://github.com/reviewcrawl)"
ROBOTS_AGENT = (
    "reviewcrawl"  # the token robots.txt groups are matched on, as the crawl's ROBOTSTXT_USER_AGENT
)
MAX_REDIRECTS = 4
GZIP_MAGIC = b"\x1f\x8b"
READ_CHUNK = 64 * 1024


class ProbeError(Exception):
    """The site cannot be probed at all (bad address, no answer): one line for the user."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after same-host redirects
    status: int
    content_type: str
    body: bytes
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_html(self) -> bool:
        """HTML, or unlabelled (many servers send no type): not a PDF, an image or a feed."""
        kind = self.content_type.split(";", 1)[0].strip().lower()
        return kind in {"", "text/html", "application/xhtml+xml"}

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass(frozen=True)
class Refusal:
    """A request the probe did not make or could not complete, and why."""

    url: str
    reason: str


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, so the fetcher decides which to follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def same_host(url: str, base: str) -> bool:
    one, other = urlsplit(url), urlsplit(base)
    return one.scheme in {"http", "https"} and one.netloc.lower() == other.netloc.lower()


def read_capped(stream: IO[bytes], max_bytes: int, seconds: float) -> tuple[bytes, bool]:
    """At most ``max_bytes`` of the body, and no longer than ``seconds``: a server dripping bytes ends too."""
    deadline = time.monotonic() + seconds
    read = getattr(stream, "read1", stream.read)  # read1: what has arrived, without waiting for a full chunk
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes and time.monotonic() < deadline:
        chunk = read(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks), time.monotonic() >= deadline
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    return data[:max_bytes], True


def gunzip_capped(data: bytes, max_bytes: int) -> tuple[bytes, bool]:
    """A gzipped body (a sitemap.xml.gz) opened up to ``max_bytes``; a gzip bomb stops there."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error:
        return data, False
    return out[:max_bytes], len(out) > max_bytes


@dataclass
class Fetcher:
    base: str
    budget: int = 40
    timeout: float = 10.0
    max_bytes: int = 5 * 2**20
    min_delay: float = 0.5
    max_delay: float = 10.0  # a larger Crawl-delay would keep the user waiting minutes: capped
    allowed: Callable[[str], bool] = lambda url: True
    crawl_delay: float = 0.0
    log: list[str] = field(default_factory=list)  # every URL requested, in order
    refused: list[Refusal] = field(default_factory=list)
    _last: float = field(default=float("-inf"), repr=False)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoRedirects())

    @property
    def delay(self) -> float:
        return max(self.min_delay, min(self.crawl_delay, self.max_delay))

    @property
    def spent(self) -> int:
        return len(self.log)

    def get(self, url: str, obey_robots: bool = True) -> Fetched | None:
        """The page at ``url`` (after same-host redirects), or None with the reason kept in ``refused``."""
        for _ in range(MAX_REDIRECTS + 1):
            refusal = self._refusal(url, obey_robots)
            if refusal:
                self.refused.append(Refusal(url, refusal))
                return None
            answer = self._request(url)
            if isinstance(answer, Fetched):
                return answer
            if answer is None:
                return None
            url = answer
        self.refused.append(Refusal(url, f"more than {MAX_REDIRECTS} redirects"))
        return None

    def _refusal(self, url: str, obey_robots: bool) -> str | None:
        if not same_host(url, self.base):
            return "off-site"
        if self.spent >= self.budget:
            return f"request budget of {self.budget} spent"
        if obey_robots and not self.allowed(url):
            return "disallowed by robots.txt"
        return None

    def _request(self, url: str) -> Fetched | str | None:
        """A page, the next URL of a redirect, or None (error kept in ``refused``)."""
        self._wait()
        self.log.append(url)
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return self._fetched(response.geturl(), response.status, response.headers, response)
        except urllib.error.HTTPError as exc:
            with exc:  # an error answer holds its connection open until closed
                location = exc.headers.get("Location") if 300 <= exc.code < 400 else None
                if location:
                    return urljoin(url, location)
                return self._fetched(url, exc.code, exc.headers, exc)
        except (OSError, ValueError) as exc:  # URLError, timeouts, resets, a bad port
            self.refused.append(Refusal(url, str(getattr(exc, "reason", exc)) or type(exc).__name__))
            return None
        finally:
            self._last = time.monotonic()

    def _fetched(self, url: str, status: int, headers: Message, stream: IO[bytes]) -> Fetched:
        try:
            body, truncated = read_capped(stream, self.max_bytes, 3 * self.timeout)
        except (OSError, ValueError):
            body, truncated = b"", True
        if body.startswith(GZIP_MAGIC):
            body, truncated = gunzip_capped(body, self.max_bytes)
        return Fetched(url, status, headers.get("Content-Type", ""), body, truncated)

    def _wait(self) -> None:
        pause = self._last + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
