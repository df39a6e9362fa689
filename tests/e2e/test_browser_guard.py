"""The browser fetches only what the crawl itself may fetch.

A script-shell page, rendered by Chromium, builds its review from an in-scope API behind a redirect and tries
every other way out: images and a font here and elsewhere, fetch() to another port and to a redirect that
leaves the site, a path robots.txt forbids, an iframe, a popup, a WebSocket, a worker. A second page lets
the crawl see a script shell but sends the browser's navigation elsewhere with a 302. The "elsewhere" server
must see no request at all, the forbidden paths none either, and the review must still be exported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import CrawlResult, run_crawl
from tests.hostile_pages import ENGLISH, expected_body, review_html
from tests.hostile_server import HostileSite, first_then, page, redirect

REVIEW = ENGLISH["drive"]
SHELL_TEXT = "<main id=app>Loading…</main>"


def shell_page(elsewhere: HostileSite) -> str:
    """The review page's head (title, JSON-LD) with a body its scripts fill in, and every escape attempt."""
    full = review_html(REVIEW)
    head = full[: full.index("<body>")]
    other = elsewhere.base
    localhost = other.replace("127.0.0.1", "localhost")
    worker = f"fetch('{other}/from-worker')"
    script = f"""
fetch('/api/moved').then(r => r.json())
  .then(d => {{ document.getElementById('app').innerHTML = d.article; }});
fetch('{localhost}/from-fetch').catch(() => {{}});
fetch('/bounce').catch(() => {{}});
fetch('/private/data.json').catch(() => {{}});
try {{ new WebSocket('{other.replace("http", "ws")}/socket'); }} catch (e) {{}}
try {{ window.open('{other}/popup'); }} catch (e) {{}}
try {{ new Worker(URL.createObjectURL(new Blob([{json.dumps(worker)}]))); }} catch (e) {{}}
"""
    style = f"@font-face {{ font-family: x; src: url('{other}/font.woff2'); }} body {{ font-family: x; }}"
    return f"""{head}<body>
<style>{style}</style>
<img src="{other}/pixel.png" alt=""><img src="/poster.jpg" alt="">
<iframe src="{other}/frame"></iframe>
{SHELL_TEXT}
<script>{script}</script>
</body></html>"""


def article() -> str:
    full = review_html(REVIEW)
    return full[full.index("<article") : full.index("</article>") + len("</article>")]


@pytest.fixture(scope="module")
def site(elsewhere: HostileSite) -> Iterator[HostileSite]:
    site = HostileSite()
    bare_shell = f"<html><body>{SHELL_TEXT}<script>void 0</script></body></html>"
    site.routes.update(
        {
            "/reviews/shell/": page(shell_page(elsewhere)),
            "/api/moved": redirect("/api/review.json"),
            "/api/review.json": page(json.dumps({"article": article()}), "application/json"),
            "/bounce": redirect(elsewhere.url("/bounced")),
            "/private/data.json": page("{}", "application/json"),
            "/poster.jpg": page(b"\xff\xd8\xff", "image/jpeg"),
            # The crawl sees a script shell; the browser, asking again, is sent elsewhere.
            "/reviews/runaway/": first_then(page(bare_shell), redirect(elsewhere.url("/runaway"))),
        }
    )
    site.start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def crawl(site: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("browser-guard")
    registry = tmp / "empty.toml"
    registry.write_text("", "utf-8")
    urls = ",".join(site.url(path) for path in ("/reviews/shell/", "/reviews/runaway/"))
    return run_crawl(tmp / "crawl", {"urls": urls}, {"REVIEWCRAWL_SOURCES": str(registry)}, timeout=180)


def test_browser_reaches_nothing_elsewhere(crawl: CrawlResult, elsewhere: HostileSite) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert crawl.stat("reviewcrawl/browser/fallback") == 2
    assert elsewhere.paths() == []


def test_browser_obeys_robots_and_loads_no_images(crawl: CrawlResult, site: HostileSite) -> None:
    fetched = site.paths()
    assert "/private/data.json" not in fetched
    assert "/poster.jpg" not in fetched
    assert fetched.count("/robots.txt") == 1


def test_browser_refusals_counted_by_reason(crawl: CrawlResult) -> None:
    assert crawl.stat("reviewcrawl/browser/blocked/robots") == 1
    assert crawl.stat("reviewcrawl/browser/blocked/image") == 2
    assert crawl.stat("reviewcrawl/browser/blocked/font") == 1
    assert crawl.stat("reviewcrawl/browser/blocked/websocket") == 1
    # fetch to localhost, the bounce's hop, the iframe, the popup, the worker, the runaway navigation
    assert crawl.stat("reviewcrawl/browser/blocked/off_site") == 6


def test_review_built_in_the_browser_still_exported(crawl: CrawlResult, site: HostileSite) -> None:
    assert [record["url"] for record in crawl.records] == [site.url("/reviews/shell/")]
    assert crawl.records[0]["body"] == expected_body(REVIEW)
    assert site.paths().count("/api/moved") == 1 and site.paths().count("/api/review.json") == 1


def test_page_sent_elsewhere_is_skipped_quietly(crawl: CrawlResult, site: HostileSite) -> None:
    """A refused navigation is a decision, counted once under blocked/, not an error with a traceback."""
    assert "Traceback" not in crawl.log
    assert "Traceback" not in crawl.stderr
    assert crawl.summary["errors"] == 0
    assert not [line for line in crawl.log.splitlines() if "[scrapy-playwright] WARNING" in line]
    blocked = [line for line in crawl.log.splitlines() if "INFO: Browser request blocked (off_site)" in line]
    assert len(blocked) == 1 and blocked[0].endswith("/runaway")
