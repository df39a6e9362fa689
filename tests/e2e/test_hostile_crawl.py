"""A source crawl of a deliberately hostile site: every good page exported, every bad one counted by reason,
nothing fetched that should not be, no traceback in the log.

The site's home page links to good reviews (some behind redirects, retries, gzip, broken markup) mixed with
every misbehaviour the hostile server knows, plus links off the site, to other schemes, absurdly long URLs and
an endless query trap. A second server stands for "somewhere else": it must see no request at all.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from reviewcrawl.stats import is_named
from tests.conftest import CrawlResult, run_crawl, run_refused_crawl
from tests.hostile_pages import ENGLISH, SHORT_NOTICE, expected_body, review_html
from tests.hostile_server import (
    Handler,
    HostileSite,
    endless_body,
    first_then,
    page,
    redirect,
    slow,
    stall_mid_body,
    status,
)

MAX_SIZE = 10 * 1024 * 1024  # the project's DOWNLOAD_MAXSIZE
TOO_BIG = MAX_SIZE + 1024 * 1024
DOWNLOAD_TIMEOUT = 2
BACKOFF = 0.2
QUERY_VARIANTS = 5
STALL = 30.0  # longer than every download timeout and retry of the crawl


@dataclass(frozen=True)
class Good:
    link: str  # the path the home page links to
    slug: str  # the review (ENGLISH key)
    final: str  # the path the record's URL ends with (after redirects)


GOOD = (
    Good("/reviews/plain/", "drive", "/reviews/plain/"),
    Good("/reviews/malformed/", "perfect-days", "/reviews/malformed/"),
    Good("/reviews/gzip/", "zone-of-interest", "/reviews/gzip/"),
    Good("/reviews/moved/", "anatomy-of-a-fall", "/reviews/chained/"),
    Good("/reviews/flaky/", "toni-erdmann", "/reviews/flaky/"),
    Good("/reviews/busy/", "under-the-skin", "/reviews/busy/"),
    Good("/reviews/slow/", "past-lives", "/reviews/slow/"),
    Good("/reviews/truncated/", "parasite", "/reviews/truncated/"),
    Good("/reviews/fragment/", "decision-to-leave", "/reviews/fragment/"),
)

# Bad pages by the reason they must be counted under (a stats key below reviewcrawl/).
BAD = {
    "/reviews/empty/": "dropped/unreadable",
    "/reviews/short/": "dropped/short_body",
    "/reviews/pdf/": "skipped/not_html",
    "/reviews/binary/": "skipped/binary",
    "/reviews/huge/": "errors/too_large",
    "/reviews/huge-stream/": "errors/too_large",
    "/reviews/bomb/": "errors/too_large",
    "/reviews/loop/": "errors/redirect_loop",
    "/reviews/endless/": "errors/too_many_redirects",
    "/reviews/missing/": "errors/http_404",
    "/reviews/gone/": "errors/http_410",
    "/reviews/down/": "errors/http_503",
    "/reviews/to-file/": "errors/http_302",
    "/reviews/stall/": "errors/timeout",
    "/reviews/hang/": "errors/timeout",
    "/reviews/away/": "skipped/off_site",
    "/private/secret/": "robots/forbidden",
    "/reviews/" + "x" * 2100 + "/": "skipped/url_too_long",
}


def malformed(html: str) -> str:
    """The same review with unclosed paragraphs, misnested tags, stray end tags and no closing body/html."""
    broken = html.replace("</p>", "").replace('<div class="entry-content">', "<div class=entry-content><b>")
    broken = broken.replace("</article>", "</span></div></i></article>")
    return broken.replace("</body>\n</html>", "<p>unclosed <em>tail")


def truncated(html: str) -> str:
    """Cut in the middle of the last paragraph: no closing tags at all."""
    last = html.rindex("<p>", 0, html.index("</div>\n</article>"))
    return html[: last + 120]


def fragment(html: str) -> str:
    """Only the article, no <html>, <head> or <body>."""
    return html[html.index("<article") : html.index("</article>") + len("</article>")]


def binary_junk() -> bytes:
    return random.Random(7).randbytes(6000)


def trap(handler: Handler) -> None:
    """An endless listing: each ?p=N links to ?p=N+1 and ?p=N+2."""
    query = parse_qs(urlsplit(handler.path).query)
    number = int((query.get("p") or ["1"])[0])
    links = "".join(f'<a href="/trap/?p={n}">page {n}</a> ' for n in (number + 1, number + 2))
    handler.send(200, f"<html><body><h1>Archive {number}</h1>{links}</body></html>".encode())


def endless_redirect(handler: Handler) -> None:
    number = int(handler.path.rstrip("/").rsplit("/", 1)[-1] or 0) if handler.path.count("/") > 3 else 0
    redirect(f"/reviews/endless/{number + 1}/")(handler)


def home(site: HostileSite, elsewhere: HostileSite) -> str:
    links = [good.link for good in GOOD] + list(BAD) + ["/trap/?p=1"]
    links += [
        elsewhere.url("/reviews/elsewhere/"),  # another site
        "javascript:void(location='/reviews/js/')",
        "data:text/html,<p>inline</p>",
        "file:///etc/passwd",
        "mailto:editor@example.org",
        "ftp://127.0.0.1/reviews/ftp/",
    ]
    anchors = "\n".join(f'<li><a href="{escape(link)}">{escape(link[:40])}</a></li>' for link in links)
    head = "<head><title>Hostile Reviews</title></head>"
    return f"<!DOCTYPE html><html>{head}<body><ul>{anchors}</ul></body></html>"


def review_route(slug: str, shape: Callable[[str], str] = str) -> Callable[[Handler], None]:
    return page(shape(review_html(ENGLISH[slug], slug=slug)))


def build_site(elsewhere: HostileSite) -> HostileSite:
    site = HostileSite()
    routes: dict[str, Callable[[Handler], None]] = {
        "/": page(home(site, elsewhere)),
        "/reviews/plain/": review_route("drive"),
        "/reviews/malformed/": review_route("perfect-days", malformed),
        "/reviews/gzip/": _gzip_route("zone-of-interest"),
        "/reviews/moved/": redirect("/redirect/one/", 301),
        "/redirect/one/": redirect("/redirect/two/", 302),
        "/redirect/two/": redirect("/reviews/chained/", 307),
        "/reviews/chained/": review_route("anatomy-of-a-fall"),
        "/reviews/flaky/": first_then(status(503, Retry_After="1"), review_route("toni-erdmann")),
        "/reviews/busy/": first_then(status(429, Retry_After="1"), review_route("under-the-skin")),
        "/reviews/slow/": slow(0.5, review_route("past-lives")),
        "/reviews/truncated/": review_route("parasite", truncated),
        "/reviews/fragment/": review_route("decision-to-leave", fragment),
        "/reviews/empty/": page(b""),
        "/reviews/short/": page(review_html(SHORT_NOTICE)),
        "/reviews/pdf/": page(b"%PDF-1.4 not a page", "application/pdf"),
        "/reviews/binary/": page(binary_junk()),
        "/reviews/huge/": endless_body(TOO_BIG, announce=True),
        "/reviews/huge-stream/": endless_body(TOO_BIG, announce=False),
        "/reviews/bomb/": page(gzip.compress(b" " * TOO_BIG), Content_Encoding="gzip"),
        "/reviews/loop/": redirect("/reviews/loop-back/"),
        "/reviews/loop-back/": redirect("/reviews/loop/"),
        "/reviews/endless/*": endless_redirect,
        "/reviews/gone/": status(410),
        "/reviews/down/": status(503),
        "/reviews/to-file/": redirect("file:///etc/passwd"),
        "/reviews/stall/": stall_mid_body(review_html(ENGLISH["drive"]).encode(), STALL),
        "/reviews/hang/": slow(STALL, review_route("drive")),
        "/reviews/away/": redirect(elsewhere.url("/reviews/elsewhere/")),
        "/private/secret/": review_route("drive"),
        "/trap/": trap,
    }
    site.routes.update(routes)
    return site.start()


def _gzip_route(slug: str) -> Callable[[Handler], None]:
    return page(gzip.compress(review_html(ENGLISH[slug], slug=slug).encode()), Content_Encoding="gzip")


@pytest.fixture(scope="module")
def hostile(elsewhere: HostileSite) -> Iterator[HostileSite]:
    site = build_site(elsewhere)
    yield site
    site.stop()


@pytest.fixture(scope="module")
def registry(hostile: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile-registry") / "sources.toml"
    path.write_text(
        f"""[sources.hostile]
name = "Hostile Reviews"
base_url = "{hostile.base}"
start_urls = ["/"]
review_links = '^/(reviews|private)/'
pagination = '^/trap/'
""",
        "utf-8",
    )
    return path


@pytest.fixture(scope="module")
def crawl(registry: Path, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return run_crawl(
        tmp_path_factory.mktemp("hostile-crawl"),
        {"source": "hostile"},
        {
            "REVIEWCRAWL_SOURCES": str(registry),
            "DOWNLOAD_TIMEOUT": str(DOWNLOAD_TIMEOUT),
            "REVIEWCRAWL_RETRY_BACKOFF": str(BACKOFF),
            "REVIEWCRAWL_MAX_QUERY_VARIANTS": str(QUERY_VARIANTS),
        },
        timeout=120,
    )


def stats_under(result: CrawlResult, prefix: str) -> dict[str, int]:
    stats = result.summary.get("stats", {})
    return {key.removeprefix(prefix): value for key, value in stats.items() if key.startswith(prefix)}


def test_crawl_finishes_cleanly(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert crawl.summary["finish_reason"] == "finished"
    assert "Traceback" not in crawl.log
    assert "Traceback" not in crawl.stderr


def test_every_good_page_exported(crawl: CrawlResult, hostile: HostileSite) -> None:
    by_url = {record["url"]: record for record in crawl.records}
    assert sorted(by_url) == sorted(hostile.url(good.final) for good in GOOD)
    for good in GOOD:
        record = by_url[hostile.url(good.final)]
        want = expected_body(ENGLISH[good.slug])
        if good.slug == "parasite":  # cut short on purpose: the paragraphs before the cut are whole
            assert want.startswith(record["body"].rsplit("\n\n", 1)[0])
            assert record["word_count"] >= 80
        else:
            assert record["body"] == want, good.link


def test_every_bad_page_counted_by_reason(crawl: CrawlResult) -> None:
    stats = stats_under(crawl, "reviewcrawl/")
    expected: dict[str, int] = {}
    for reason in BAD.values():
        expected[reason] = expected.get(reason, 0) + 1
    for reason, count in expected.items():
        assert stats.get(reason) == count, (reason, stats)
    assert stats.get("skipped/query_variants", 0) >= 1
    dropped = {key: value for key, value in stats.items() if key.startswith("dropped/")}
    assert dropped == {"dropped/unreadable": 1, "dropped/short_body": 1}
    assert crawl.summary["errors"] == sum(v for k, v in stats.items() if k.startswith("errors/"))
    skipped = {key.removeprefix("skipped/"): n for key, n in expected.items() if key.startswith("skipped/")}
    assert crawl.summary["skipped"] == {**skipped, "query_variants": stats["skipped/query_variants"]}
    assert crawl.summary["dropped"] == {"short_body": 1, "unreadable": 1}


def test_every_key_counted_is_named_in_the_stats_module(crawl: CrawlResult) -> None:
    stats = crawl.summary.get("stats", {})
    assert stats
    assert [key for key in stats if not is_named(key)] == []


def test_one_line_per_failure(crawl: CrawlResult, hostile: HostileSite) -> None:
    # A body that outgrows DOWNLOAD_WARNSIZE on its way to DOWNLOAD_MAXSIZE is also warned about when it
    # passes the first; that line is about size, not about the failure.
    warnings = [
        line
        for line in crawl.log.splitlines()
        if (" WARNING: " in line or " ERROR: " in line) and "download warn size" not in line
    ]
    for path, reason in BAD.items():
        if not reason.startswith("errors/"):
            continue
        url = hostile.url(path)
        mentions = [line for line in warnings if f" {url}" in line]
        assert len(mentions) == 1, (path, mentions)
    assert not [line for line in crawl.log.splitlines() if " ERROR: " in line]


def test_nothing_fetched_that_should_not_be(
    crawl: CrawlResult, hostile: HostileSite, elsewhere: HostileSite
) -> None:
    assert elsewhere.paths() == []
    fetched = hostile.paths()
    assert "/private/secret/" not in fetched
    assert not [path for path in fetched if len(path) > 2048]
    trap_pages = {path for path in fetched if path.startswith("/trap/")}
    assert len(trap_pages) == QUERY_VARIANTS
    assert fetched.count("/robots.txt") == 1


def test_retries_wait(crawl: CrawlResult, hostile: HostileSite) -> None:
    for path in ("/reviews/flaky/", "/reviews/busy/"):  # Retry-After: 1
        first, second = (hit.at for hit in hostile.requested(path))
        assert second - first >= 1.0, path
    down = [hit.at for hit in hostile.requested("/reviews/down/")]
    assert len(down) == 3  # the first try and two retries
    assert down[1] - down[0] >= BACKOFF and down[2] - down[1] >= 2 * BACKOFF
    assert len(hostile.requested("/reviews/missing/")) == 1  # a 404 is not retried
    assert len(hostile.requested("/reviews/gone/")) == 1


def test_summary_line_reports_errors(crawl: CrawlResult) -> None:
    lines = [line for line in crawl.log.splitlines() if "reviewcrawl summary:" in line]
    assert len(lines) == 1
    assert f"errors {crawl.summary['errors']}" in lines[0]


BAD_ARGUMENTS = [
    pytest.param(["-a", "urls={base}/ok/,file:///etc/passwd"], "malformed URL", id="file-scheme"),
    pytest.param(["-a", "urls={base}/" + "a" * 2100], "longer than", id="long-url"),
    pytest.param(["-a", "url_file={binary}"], "cannot be read", id="binary-url-file"),
    pytest.param(["-a", "url_file={bad_line}"], "line 2", id="bad-line-in-url-file"),
    pytest.param(["-a", "url_file={tmp}"], "url_file not found", id="url-file-is-a-folder"),
    pytest.param(["-a", "title= "], "title is empty", id="blank-title"),
    pytest.param(["-a", "year=2020"], "year needs a title", id="year-alone"),
    pytest.param(["-a", "title=Drive", "-a", "year=１８００"], "year must be a number", id="year-too-early"),
    pytest.param(["-a", "source=hostile,ghost"], "unknown source ghost", id="unknown-source"),
    pytest.param(
        ["-a", "urls={base}/ok/", "-a", "films={binary}"],
        "films:",
        id="binary-film-catalogue",
    ),
    pytest.param(
        ["-a", "urls=http://[::1/"],
        "malformed URL",
        id="broken-ipv6-host",
    ),
    pytest.param(
        ["-a", "urls=http://127.0.0.1:99999/reviews/"],
        "malformed URL",
        id="port-out-of-range",
    ),
    pytest.param(
        ["-a", "urls=http://exa mple.org/reviews/"],
        "malformed URL",
        id="space-in-host",
    ),
]


@pytest.fixture(scope="module")
def argument_files(hostile: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("arguments")
    binary = tmp / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 50)
    bad_line = tmp / "urls.txt"
    bad_line.write_text(f"{hostile.base}/ok/\njavascript:alert(1)\n", "utf-8")
    return {"base": hostile.base, "binary": binary, "bad_line": bad_line, "tmp": tmp}


@pytest.mark.parametrize(("args", "message"), BAD_ARGUMENTS)
def test_bad_spider_argument_stops_before_any_request(
    args: list[str], message: str, hostile: HostileSite, registry: Path, argument_files: dict[str, object]
) -> None:
    before = len(hostile.paths())
    arguments = [a.format(**argument_files) for a in args]
    done = run_refused_crawl(arguments, {"REVIEWCRAWL_SOURCES": str(registry)})
    assert "Traceback" not in done.stderr, done.stderr[-600:]
    assert done.returncode == 2
    assert len(done.errors) == 1 and message in done.errors[0], done.errors
    assert len(hostile.paths()) == before
