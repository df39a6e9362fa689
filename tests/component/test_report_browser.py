"""The corpus report in a real browser (headless Chromium): it loads cleanly, draws its charts, and shows the
corpus's figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewcrawl.browser.options import chromium_path, launch_options
from reviewcrawl.cli import main
from tests.reportcorpus import HOSTILE_SOURCE, corpus_records, write_export, write_summary

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(chromium_path() is None, reason="no system Chromium")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    export = write_export(folder / "reviews.jsonl", corpus_records(), tail='{"url": "cut sho')
    write_summary(export)
    out = folder / "report.html"
    assert main(["report", str(export), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def opened(report: Path) -> Iterator[tuple[Any, list[str]]]:
    """The report's page in Chromium, with every console error and page error it gave."""
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda msg: errors.append(msg.text) if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        page.goto(report.as_uri(), wait_until="load")
        yield page, errors
        browser.close()


def test_the_page_loads_without_errors_and_runs_no_corpus_script(opened: tuple[Any, list[str]]) -> None:
    page, errors = opened
    assert page.title() == "reviewcrawl corpus report"
    assert errors == []  # no console error, no alert() from the hostile film title or source


def test_the_charts_are_drawn(opened: tuple[Any, list[str]], tmp_path: Path) -> None:
    page, _ = opened
    sizes = page.eval_on_selector_all(
        "svg.chart",
        "charts => charts.map(c => [c.getBoundingClientRect().width, c.getBoundingClientRect().height])",
    )
    assert len(sizes) == 8  # sources, films, languages, months, runs, ratings, lengths, timeline
    assert all(width > 100 and height > 20 for width, height in sizes)
    bars = page.eval_on_selector_all(
        "svg.chart rect", "rects => rects.filter(r => r.getBBox().width > 0).length"
    )
    assert bars > 20
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def cells(page: Any, table: str, column: int) -> list[str]:
    script = f"rows => rows.map(r => r.cells[{column}].textContent)"
    return list(page.eval_on_selector_all(f"#{table} tbody tr", script))


def test_the_figures_match_the_corpus(opened: tuple[Any, list[str]]) -> None:
    page, _ = opened
    assert page.inner_text('[data-figure="records"] b') == "6"
    assert page.inner_text('[data-figure="films"] b') == "3"
    assert page.inner_text('[data-figure="problems"] b') == "1"
    assert cells(page, "sources-table", 0) == ["Alpha", "Beta", HOSTILE_SOURCE]
    assert cells(page, "sources-table", 2) == ["3", "2", "1"]
    assert cells(page, "films-table", 0)[:2] == ["Heat", "<script>alert(2)</script>"]
    assert cells(page, "films-table", 1) == ["1995", "–", "1979"]
    assert cells(page, "films-table", 4)[0] == "0.767"
    assert cells(page, "timeline-table", 2) == ["5"]
    assert "reviews.jsonl:7" in page.inner_text("#problems-table")


def test_a_table_sorts_on_its_heading(opened: tuple[Any, list[str]]) -> None:
    page, _ = opened
    page.click("#sources-table th:nth-child(3)")  # reviews, most first
    assert cells(page, "sources-table", 2) == ["3", "2", "1"]
    page.click("#sources-table th:nth-child(3)")  # again: fewest first
    assert cells(page, "sources-table", 2) == ["1", "2", "3"]
