"""A sitemap entry without ``lastmod`` for a review the state store knows: not fetched again on the next run,
only once it was last seen ``REVIEWCRAWL_RECHECK_UNDATED_DAYS`` ago (0: on every run), and then when the
revisit policy says it is due (``REVIEWCRAWL_REVISIT_BASE_DAYS``, 0: on every run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CrawlResult, run_crawl
from tests.hostile_pages import ENGLISH, review_html
from tests.hostile_server import HostileSite, page

REVIEW = "/reviews/undated/"
SITEMAP = f'<?xml version="1.0"?><urlset><url><loc>{REVIEW}</loc></url></urlset>'


@pytest.fixture(scope="module")
def site() -> Iterator[HostileSite]:
    site = HostileSite()
    site.routes.update(
        {
            "/sitemap.xml": page(SITEMAP, "application/xml"),
            REVIEW: page(review_html(ENGLISH["drive"], slug="drive")),
        }
    )
    yield site.start()
    site.stop()


def crawl(tmp: Path, site: HostileSite, name: str, **settings: str) -> CrawlResult:
    registry = tmp / "sources.toml"
    registry.write_text(
        f'[sources.undated]\nbase_url = "{site.base}"\nsitemaps = ["/sitemap.xml"]\n'
        'review_links = "^/reviews/"\n',
        "utf-8",
    )
    all_settings = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(tmp / "state.sqlite")}
    result = run_crawl(tmp / name, {"source": "undated"}, {**all_settings, **settings})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_known_undated_url_waits_for_its_recheck(site: HostileSite, tmp_path: Path) -> None:
    first = crawl(tmp_path, site, "first")
    assert [r["url"] for r in first.records] == [site.url(REVIEW)]
    second = crawl(tmp_path, site, "second")
    assert second.records == []
    assert second.stat("reviewcrawl/skipped/not_modified") == 1
    assert len(site.requested(REVIEW)) == 1
    not_due = crawl(tmp_path, site, "not-due", REVIEWCRAWL_RECHECK_UNDATED_DAYS="0")
    assert not_due.stat("reviewcrawl/skipped/not_due") == 1 and len(site.requested(REVIEW)) == 1
    every = {"REVIEWCRAWL_RECHECK_UNDATED_DAYS": "0", "REVIEWCRAWL_REVISIT_BASE_DAYS": "0"}
    every_run = crawl(tmp_path, site, "every-run", **every)
    assert len(site.requested(REVIEW)) == 2
    assert every_run.summary["unchanged"] == 1 and every_run.records == []
