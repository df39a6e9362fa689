"""A real crawl of the whole sample web gives exactly the expected records."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from devtools.sampleweb import SampleWeb
from reviewcrawl.cli import main
from tests.conftest import CrawlResult, expected_records, run_crawl

CHECKED_FIELDS = (
    "url",
    "canonical_url",
    "source",
    "source_domain",
    "headline",
    "author",
    "published",
    "language",
    "film_title",
    "film_year",
    "mentioned_films",
    "rating",
    "rating_scale",
    "body",
)


@pytest.fixture(scope="module")
def full_crawl(sample_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("full-crawl")
    return run_crawl(tmp, {"source": "all"}, {"REVIEWCRAWL_SOURCES": str(sample_registry)})


@pytest.fixture(scope="module")
def crawled_by_url(full_crawl: CrawlResult) -> dict[str, dict[str, Any]]:
    return {record["url"]: record for record in full_crawl.records}


def review_cases() -> list[tuple[str, str]]:
    from tests.conftest import SAMPLE_WEB

    return [
        (str(path.relative_to(SAMPLE_WEB / "sites").parent), field)
        for path in sorted((SAMPLE_WEB / "sites").glob("*/**/expected.json"))
        for field in CHECKED_FIELDS
    ]


def test_crawl_finishes_cleanly(full_crawl: CrawlResult) -> None:
    assert full_crawl.returncode == 0, full_crawl.stderr[-2000:]
    assert "Traceback" not in full_crawl.log
    assert "reviewcrawl summary: pages fetched" in full_crawl.log


def test_exactly_the_expected_reviews(full_crawl: CrawlResult, sample_web: SampleWeb) -> None:
    crawled = [r["url"] for r in full_crawl.records]
    assert len(crawled) == len(set(crawled)), "a review was exported twice"
    assert sorted(crawled) == sorted(expected_records(sample_web))


@pytest.mark.parametrize(("page", "field"), review_cases())
def test_record_field(
    page: str, field: str, crawled_by_url: dict[str, dict[str, Any]], sample_web: SampleWeb
) -> None:
    site = sample_web.site(page.split("/", 1)[0])
    url = f"{site.base}/{page.split('/', 1)[1]}/"
    expected = expected_records(sample_web)[url]
    assert url in crawled_by_url, f"no record for {url}"
    assert crawled_by_url[url][field] == expected[field]


def test_every_record_matches_the_schema(full_crawl: CrawlResult, record_schema: dict[str, Any]) -> None:
    assert full_crawl.records
    for record in full_crawl.records:
        jsonschema.validate(record, record_schema)


def test_derived_fields(full_crawl: CrawlResult) -> None:
    import hashlib

    for record in full_crawl.records:
        assert record["word_count"] == len(record["body"].split())
        assert record["content_hash"] == hashlib.sha256(record["body"].encode()).hexdigest()


def test_listings_give_no_records_and_are_counted(full_crawl: CrawlResult) -> None:
    # listings are navigated, not handed on
    assert full_crawl.stat("reviewcrawl/dropped/listing", default=0) == 0
    assert full_crawl.summary["records_written"] == len(full_crawl.records)


def test_script_built_site_is_rendered(full_crawl: CrawlResult) -> None:
    assert full_crawl.summary["pages_rendered"] > 0
    assert any(r["source"] == "ScreenScript" for r in full_crawl.records)


def test_export_keeps_non_ascii_as_is(full_crawl: CrawlResult) -> None:
    assert any(r["language"] == "ko" for r in full_crawl.records), "the Korean site gave no records"
    assert "영화마당" in full_crawl.raw
    assert "\\u" not in full_crawl.raw


def test_what_stripping_removed_and_the_readers_work_reach_the_stats(full_crawl: CrawlResult) -> None:
    stats = full_crawl.summary["stats"]
    for group in ("cookie_banners", "comment_widgets", "share_bars", "newsletter_boxes"):
        assert full_crawl.stat(f"reviewcrawl/removed/{group}/elements") > 0, group
        assert full_crawl.stat(f"reviewcrawl/removed/{group}/chars") > 0, group
    if stats.get("reviewcrawl/readers/processes"):
        assert stats["reviewcrawl/readers/cpu_seconds"] > 0
        assert stats["reviewcrawl/readers/restarts"] == 0


def test_the_corpus_report_of_the_crawl(full_crawl: CrawlResult, tmp_path: Path) -> None:
    """`reviewcrawl report` reads the crawl's export and summary whole; its figures match the records."""
    export = tmp_path / "reviews.jsonl"
    export.write_text(full_crawl.raw, "utf-8")
    export.with_name(export.name + ".summary.json").write_text(json.dumps(full_crawl.summary), "utf-8")
    assert main(["report", str(export), "-o", str(tmp_path / "report.html"), "--json"]) == 0
    figures = json.loads((tmp_path / "report.json").read_text("utf-8"))
    records = full_crawl.records
    assert figures["problems"] == {}
    assert figures["records"] == len(records) > 0
    assert {s["source"]: s["reviews"] for s in figures["sources"]} == Counter(r["source"] for r in records)
    tagged = Counter((r["film_title"], r["film_year"]) for r in records if r["film_title"])
    assert {(f["title"], f["year"]): f["reviews"] for f in figures["films"]} == tagged
    [run] = figures["timeline"]
    assert run["new"] == full_crawl.summary["new"] == len(records)
    card = (tmp_path / "report.md").read_text("utf-8")
    assert f"- reviews: {len(records)}" in card
