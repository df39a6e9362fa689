"""Scheduled runs over a sample web that changes between them: only new and changed reviews are exported.

Run 1 exports everything. Before run 2 a review is added, one is edited, one is syndicated to a second
site, one is removed, and one page changes only its cruft. Run 3 follows no change at all. Before run 4
the syndicated review's original is edited, and comes out with its copy in ``also_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from devtools.sampleweb import SampleWeb
from tests.conftest import CrawlResult, run_crawl, start_sample_web, write_registry
from tests.webedits import (
    add_review,
    copy_sample_web,
    edit_page,
    expected_body,
    lastmod_after_now,
    remove_review,
)

ADDED = "/reviews/aftersun-review/"
EDITED = "/reviews/the-zone-of-interest-review/"
ORIGINAL = "/reviews/oldboy-4k-rerelease-review/"
COPY = "/reviews/oldboy-at-twenty/"
REMOVED = "/reviews/decision-to-leave/"
CRUFT_ONLY = "/reviews/perfect-days-review/"
ADDED_BODY = "\n\n".join(
    [
        "Charlotte Wells builds Aftersun out of the gaps in a holiday video. A father and his eleven-year-old"
        " daughter spend a late-1990s summer at a cheap Turkish resort, and the camcorder footage they shoot"
        " keeps cutting away just before anything important is said.",
        "Paul Mescal plays Calum as a young man working very hard to look relaxed. He practises tai chi on"
        " the balcony, buys a rug he cannot afford, and disappears into the night sea while Sophie sleeps."
        " Frankie Corio is remarkable as the girl who notices more than she can name.",
        "The grown-up Sophie, glimpsed in strobing fragments of a rave, is trying to find the man behind the"
        " tape. Wells never explains what she finds, and the final shot of a corridor closing is among the"
        " saddest images of the decade. It is a small film that leaves a very large bruise.",
    ]
)


@dataclass
class Scenario:
    web: SampleWeb
    root: Path
    runs: list[CrawlResult]

    def url(self, site: str, path: str) -> str:
        return self.web.site(site).base + path


def crawl(tmp: Path, name: str, registry: Path, state: Path) -> CrawlResult:
    # An empty REVIEWCRAWL_SUMMARY_PATH leaves the summary at its default place, beside the export.
    settings = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(state)}
    result = run_crawl(tmp / name, {"source": "all"}, {**settings, "REVIEWCRAWL_SUMMARY_PATH": ""})
    assert result.returncode == 0, result.stderr[-2000:]
    summary = tmp / name / "reviews.jsonl.summary.json"
    assert summary.is_file()
    import json

    result.summary = json.loads(summary.read_text("utf-8"))
    return result


def change_the_web(root: Path) -> None:
    sites = root / "sites"
    lastmod = lastmod_after_now()  # later than any fetch of the run before
    add_review(
        sites / "filmfolio", ADDED, "Aftersun review: a holiday tape", ADDED_BODY, "FilmFolio", lastmod
    )
    edit_page(sites / "criticsledger", EDITED, "The first thing you notice", "What you notice first", lastmod)
    original = expected_body(sites / "criticsledger", ORIGINAL)
    add_review(sites / "filmfolio", COPY, "Oldboy at twenty", original, "FilmFolio", lastmod)
    remove_review(sites / "yeonghwa", REMOVED)
    edit_page(sites / "filmfolio", CRUFT_ONLY, "2 Comments</a>", "3 Comments</a>", lastmod)


def edit_the_original(root: Path) -> None:
    site = root / "sites" / "criticsledger"
    edit_page(site, ORIGINAL, "Twenty years on", "Two decades on", lastmod_after_now())


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> object:
    tmp = tmp_path_factory.mktemp("incremental")
    root = copy_sample_web(tmp / "web")
    web = start_sample_web(root)
    try:
        registry = write_registry(web, tmp / "sources.toml")
        state = tmp / "state.sqlite"
        runs = [crawl(tmp, "run1", registry, state)]
        change_the_web(root)
        runs.append(crawl(tmp, "run2", registry, state))
        runs.append(crawl(tmp, "run3", registry, state))
        edit_the_original(root)
        runs.append(crawl(tmp, "run4", registry, state))
        yield Scenario(web, root, runs)
    finally:
        web.stop()


def figures(result: CrawlResult) -> dict[str, int]:
    return {key: result.summary[key] for key in ("new", "changed", "unchanged", "duplicates")}


def test_first_run_exports_every_review(scenario: Scenario, record_schema: dict[str, object]) -> None:
    first = scenario.runs[0]
    assert len(first.records) == 13
    assert {r["revision"] for r in first.records} == {1}
    assert all(r["also_at"] == [] for r in first.records)
    assert figures(first) == {"new": 13, "changed": 0, "unchanged": 0, "duplicates": 0}
    for record in first.records:
        jsonschema.validate(record, record_schema)


def test_second_run_exports_the_added_and_the_edited_review(scenario: Scenario) -> None:
    second = scenario.runs[1]
    by_url = {r["url"]: r for r in second.records}
    assert sorted(by_url) == sorted([scenario.url("filmfolio", ADDED), scenario.url("criticsledger", EDITED)])
    assert by_url[scenario.url("filmfolio", ADDED)]["revision"] == 1
    edited = by_url[scenario.url("criticsledger", EDITED)]
    assert edited["revision"] == 2 and edited["body"].startswith("What you notice first")
    assert figures(second) == {"new": 1, "changed": 1, "unchanged": 1, "duplicates": 1}
    # Known pages whose sitemap lastmod did not move are not fetched at all.
    assert second.summary["skipped"] == {"not_modified": 10}


def test_syndicated_copy_is_counted_not_exported(scenario: Scenario) -> None:
    second = scenario.runs[1]
    assert scenario.url("filmfolio", COPY) not in {r["url"] for r in second.records}
    assert second.summary["dropped"]["duplicate"] == 1
    assert f"{scenario.url('filmfolio', COPY)} copies {scenario.url('criticsledger', ORIGINAL)}" in second.log


def test_a_run_after_no_change_exports_nothing(scenario: Scenario) -> None:
    third = scenario.runs[2]
    assert third.records == []
    assert figures(third) == {"new": 0, "changed": 0, "unchanged": 0, "duplicates": 0}
    assert third.summary["skipped"] == {"not_modified": 14}  # 13 - 1 removed + 1 added + the copy


def test_edited_original_lists_its_copy(scenario: Scenario) -> None:
    fourth = scenario.runs[3]
    assert len(fourth.records) == 1
    record = fourth.records[0]
    assert record["url"] == scenario.url("criticsledger", ORIGINAL)
    assert record["revision"] == 2
    assert record["also_at"] == [scenario.url("filmfolio", COPY)]
    assert figures(fourth) == {"new": 0, "changed": 1, "unchanged": 0, "duplicates": 0}


def test_no_review_is_ever_exported_twice_unless_changed(scenario: Scenario) -> None:
    exported = [(r["canonical_url"], r["content_hash"]) for run in scenario.runs for r in run.records]
    assert len(exported) == len(set(exported))


def test_final_log_line_carries_the_figures(scenario: Scenario) -> None:
    line = next(x for x in scenario.runs[1].log.splitlines() if "reviewcrawl summary:" in x)
    assert "records written 2 (new 1, changed 1), unchanged 1, duplicates 1" in line


def test_without_a_state_store_every_run_exports_everything(scenario: Scenario, tmp_path: Path) -> None:
    registry = write_registry(scenario.web, tmp_path / "sources.toml")
    result = run_crawl(tmp_path / "plain", {"source": "filmfolio"}, {"REVIEWCRAWL_SOURCES": str(registry)})
    assert result.returncode == 0
    # filmfolio now holds three reviews, the added one and the copy (exported: nothing else has the text).
    assert len(result.records) == 5
    assert {r["revision"] for r in result.records} == {1}


def test_since_skips_older_feed_and_sitemap_entries(scenario: Scenario, tmp_path: Path) -> None:
    registry = write_registry(scenario.web, tmp_path / "sources.toml")
    result = run_crawl(
        tmp_path / "since",
        {"source": "filmfolio", "since": "2025-01-01"},
        {"REVIEWCRAWL_SOURCES": str(registry)},
    )
    assert result.returncode == 0
    # Drive is dated 2024 everywhere; Perfect Days is too in the feed, but its sitemap lastmod moved.
    paths = sorted(r["url"].split("/reviews/")[1] for r in result.records)
    assert paths == [
        "aftersun-review/",
        "ballerina-2023-review/",
        "oldboy-at-twenty/",
        "perfect-days-review/",
    ]
    assert result.stat("reviewcrawl/skipped/before_since") == 2


def test_bad_since_is_one_line_error(scenario: Scenario, tmp_path: Path) -> None:
    from tests.conftest import run_refused_crawl

    done = run_refused_crawl(["-a", "source=all", "-a", "since=last week"], timeout=60)
    assert done.returncode == 2
    assert done.errors == ["reviewcrawl: error: since must be a date written YYYY-MM-DD: 'last week'"]
