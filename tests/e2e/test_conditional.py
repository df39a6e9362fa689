"""Scheduled runs over unchanged pages: conditional requests (304 Not Modified) and the revisit policy, over
real crawls of loopback sites."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devtools.conditional import not_modified, validator_headers
from devtools.loopback import SERVED_SINCE
from devtools.sitegen import SOURCE_KEY, SiteServer
from tests.conftest import CrawlResult, run_crawl
from tests.hostile_pages import ENGLISH, review_html
from tests.hostile_server import Handler, HostileSite, Route, first_then, page, status

pytestmark = pytest.mark.e2e

EVERY_RUN = {"REVIEWCRAWL_RECHECK_UNDATED_DAYS": "0", "REVIEWCRAWL_REVISIT_BASE_DAYS": "0"}


def stored_reviews(state: Path) -> int:
    with sqlite3.connect(state) as db:
        return int(db.execute("SELECT count(*) FROM reviews").fetchone()[0])


def last_seen_range(state: Path) -> tuple[str, str]:
    with sqlite3.connect(state) as db:
        low, high = db.execute("SELECT min(last_seen), max(last_seen) FROM reviews").fetchone()
        return str(low), str(high)


# --- a generated site: every page answers conditional requests ------------------------------------------


@pytest.fixture(scope="module")
def generated() -> Iterator[SiteServer]:
    with SiteServer(20) as server:
        yield server


def crawl_generated(tmp: Path, server: SiteServer, name: str, **settings: str) -> CrawlResult:
    registry = server.write_registry(tmp / "sources.toml")
    every = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(tmp / "state.sqlite")}
    result = run_crawl(tmp / name, {"source": SOURCE_KEY}, {**every, **settings})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_unchanged_site_costs_304s_and_exports_nothing(generated: SiteServer, tmp_path: Path) -> None:
    first = crawl_generated(tmp_path, generated, "first", **EVERY_RUN)
    assert len(first.records) == 20 and generated.not_modified == 0
    first_seen_until = last_seen_range(tmp_path / "state.sqlite")[1]
    second = crawl_generated(tmp_path, generated, "second", **EVERY_RUN)
    assert second.records == []
    assert generated.not_modified == 20  # every review asked for with its validators, and none sent again
    assert second.stat("reviewcrawl/skipped/not_modified") == 20
    assert second.summary["unchanged"] == 20 and second.summary["records_written"] == 0
    assert stored_reviews(tmp_path / "state.sqlite") == 20
    assert last_seen_range(tmp_path / "state.sqlite")[0] > first_seen_until  # every 304 touched its review
    # Without conditional requests the same run reads every body again (and finds it unchanged).
    plain = crawl_generated(
        tmp_path, generated, "plain", REVIEWCRAWL_CONDITIONAL_REQUESTS="False", **EVERY_RUN
    )
    assert generated.not_modified == 20 and plain.summary["unchanged"] == 20
    assert plain.stat("reviewcrawl/dropped/unchanged") == 20


# --- hand-made servers ---------------------------------------------------------------------------------

CHANGING = "/reviews/changing/"
STEADY = "/reviews/steady/"
IGNORING = "/reviews/ignoring/"
HOSTILE = "/reviews/hostile/"


class ConditionalPage:
    """A page whose body a test may change; it answers conditional requests and notes what it was sent."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.conditional_hits = 0

    def __call__(self, handler: Handler) -> None:
        body = self.body.encode("utf-8")
        validators = validator_headers(body, SERVED_SINCE)
        if handler.headers.get("If-None-Match") or handler.headers.get("If-Modified-Since"):
            self.conditional_hits += 1
        if not_modified(handler.headers, body, SERVED_SINCE):
            handler.send(304, b"", validators)
        else:
            handler.send(200, body, {"Content-Type": "text/html; charset=utf-8", **validators})


def updated(html: str) -> str:
    """The page with a paragraph added to its review text."""
    added = "<p>An update: the director's cut adds twenty minutes, and the ending plays out differently.</p>"
    return html.replace("</div>\n</article>", added + "\n</div>\n</article>")


def sitemap(entries: dict[str, str | None]) -> Route:
    urls = "".join(
        f"<url><loc>{path}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>"
        for path, lastmod in entries.items()
    )
    return page(f'<?xml version="1.0"?><urlset>{urls}</urlset>', "application/xml")


def crawl_site(tmp: Path, site: HostileSite, name: str, **settings: str) -> CrawlResult:
    registry = tmp / "sources.toml"
    registry.write_text(
        f'[sources.cond]\nbase_url = "{site.base}"\nsitemaps = ["/sitemap.xml"]\n'
        'review_links = "^/reviews/"\n',
        "utf-8",
    )
    every = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(tmp / "state.sqlite")}
    result = run_crawl(tmp / name, {"source": "cond"}, {**every, **settings})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def served_site(routes: dict[str, Route]) -> HostileSite:
    site = HostileSite()
    site.routes.update(routes)
    return site.start()


def test_changed_page_is_fetched_and_a_server_ignoring_validators_still_works(tmp_path: Path) -> None:
    changing = ConditionalPage(review_html(ENGLISH["drive"], slug="drive"))
    steady = ConditionalPage(review_html(ENGLISH["past-lives"], slug="past-lives"))
    # Gives an ETag but answers every request in full, as some servers do.
    ignoring = page(review_html(ENGLISH["parasite"], slug="parasite"), ETag='"same"')
    site = served_site(
        {
            "/sitemap.xml": sitemap({CHANGING: None, STEADY: None, IGNORING: None}),
            CHANGING: changing,
            STEADY: steady,
            IGNORING: ignoring,
        }
    )
    try:
        first = crawl_site(tmp_path, site, "first", **EVERY_RUN)
        assert len(first.records) == 3
        changing.body = updated(changing.body)
        second = crawl_site(tmp_path, site, "second", **EVERY_RUN)
    finally:
        site.stop()
    assert [(r["url"], r["revision"]) for r in second.records] == [(site.url(CHANGING), 2)]
    assert second.summary["changed"] == 1 and second.summary["unchanged"] == 2  # one 304, one same body
    assert second.stat("reviewcrawl/revisit/not_modified") == 1
    assert second.stat("reviewcrawl/dropped/unchanged") == 1  # the server that ignores validators
    assert changing.conditional_hits == 1 and steady.conditional_hits == 1
    assert stored_reviews(tmp_path / "state.sqlite") == 3


def test_hostile_304s_lose_no_record(tmp_path: Path) -> None:
    huge_etag = '"' + "x" * 2_000 + '"'
    body = review_html(ENGLISH["toni-erdmann"], slug="toni-erdmann")
    # A full answer with a validator too big to keep, then 304s (with a body) to requests that sent none.
    hostile = first_then(page(body, ETag=huge_etag), status(304, b"<html>not a page</html>", ETag=huge_etag))
    site = served_site({"/sitemap.xml": sitemap({HOSTILE: None}), HOSTILE: hostile})
    try:
        first = crawl_site(tmp_path, site, "first", **EVERY_RUN)
        second = crawl_site(tmp_path, site, "second", **EVERY_RUN)
    finally:
        site.stop()
    assert [r["url"] for r in first.records] == [site.url(HOSTILE)]
    assert second.records == [] and second.stat("reviewcrawl/errors/http_304") == 1
    assert second.stat("reviewcrawl/revisit/not_modified", 0) == 0  # no validators sent: no "unchanged"
    assert stored_reviews(tmp_path / "state.sqlite") == 1
    with sqlite3.connect(tmp_path / "state.sqlite") as db:
        assert db.execute("SELECT count(*) FROM revisits WHERE etag IS NOT NULL").fetchone()[0] == 0


def test_revisit_policy_skips_what_is_not_due_but_fetches_what_a_sitemap_dates_newer(tmp_path: Path) -> None:
    steady = ConditionalPage(review_html(ENGLISH["past-lives"], slug="past-lives"))
    changing = ConditionalPage(review_html(ENGLISH["drive"], slug="drive"))
    site = served_site(
        {"/sitemap.xml": sitemap({STEADY: None, CHANGING: None}), STEADY: steady, CHANGING: changing}
    )
    policy = {"REVIEWCRAWL_RECHECK_UNDATED_DAYS": "0", "REVIEWCRAWL_REVISIT_BASE_DAYS": "1"}
    try:
        first = crawl_site(tmp_path, site, "first", **policy)
        newer = (datetime.now(UTC) + timedelta(hours=2)).isoformat(timespec="seconds")
        site.routes["/sitemap.xml"] = sitemap({STEADY: None, CHANGING: newer})
        changing.body = updated(changing.body)
        second = crawl_site(tmp_path, site, "second", **policy)
    finally:
        site.stop()
    assert len(first.records) == 2
    assert len(site.requested(STEADY)) == 1  # not due a day after its first fetch: not asked for at all
    assert second.stat("reviewcrawl/skipped/not_due") == 1
    assert [(r["url"], r["revision"]) for r in second.records] == [(site.url(CHANGING), 2)]
