"""The corpus report's figures, from a small corpus written here, and how it takes bad input."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from reviewcrawl.cli import main
from reviewcrawl.report.corpus import read_corpus
from reviewcrawl.report.figures import report_figures
from tests.reportcorpus import HOSTILE_SOURCE, corpus_records, record, write_export, write_summary


@pytest.fixture
def figures(tmp_path: Path) -> dict[str, Any]:
    export = write_export(tmp_path / "reviews.jsonl", corpus_records())
    write_summary(export)
    return report_figures(read_corpus([export]))


def test_reviews_per_source_language_month_and_run(figures: dict[str, Any], tmp_path: Path) -> None:
    assert figures["records"] == 6
    assert [(s["source"], s["reviews"]) for s in figures["sources"]] == [
        ("Alpha", 3),
        ("Beta", 2),
        (HOSTILE_SOURCE, 1),
    ]
    assert figures["languages"] == [{"name": "en", "reviews": 5}, {"name": "fr", "reviews": 1}]
    assert figures["months"] == [
        {"name": "2024-03", "reviews": 4},
        {"name": "2024-04", "reviews": 1},
        {"name": "unknown", "reviews": 1},
    ]
    assert figures["runs"] == [
        {
            "export": str(tmp_path / "reviews.jsonl"),
            "reviews": 6,
            "first_fetched": "2026-01-01T00:00:00Z",
            "last_fetched": "2026-01-03T00:00:00Z",
        }
    ]


def test_films_most_reviewed_first_with_normalised_ratings(figures: dict[str, Any]) -> None:
    films = [(f["title"], f["year"], f["reviews"], f["ratings"], f["mean_rating"]) for f in figures["films"]]
    assert films == [
        ("Heat", 1995, 3, 3, 0.7667),  # 4/5, 2/4 and 10/10
        ("<script>alert(2)</script>", None, 1, 0, None),
        ("Alien", 1979, 1, 0, None),
    ]
    assert figures["films"][0]["rating_bins"] == [0, 0, 0, 0, 0, 1, 0, 0, 1, 1]
    assert figures["untagged"] == 1
    assert figures["ratings"]["rated"] == 3
    assert figures["ratings"]["bins"] == [0, 0, 0, 0, 0, 1, 0, 0, 1, 1]
    assert figures["ratings"]["mean"] == 0.7667


def test_body_lengths_coverage_duplicates_revisions_evidence(figures: dict[str, Any]) -> None:
    # word counts 150, 50, 1200, 150, 6000, 150
    assert figures["word_count"]["bins"] == [1, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert figures["word_count"]["mean"] == 1283.3
    alpha = figures["sources"][0]
    assert alpha["with_field"] == {"author": 2, "published": 3, "film_year": 3, "rating": 2}
    assert alpha["coverage"]["author"] == 0.6667
    beta = figures["sources"][1]
    assert beta["with_field"] == {"author": 2, "published": 1, "film_year": 1, "rating": 1}
    assert figures["duplicates"] == {
        "records_with_also_at": 1,
        "also_at_urls": 2,
        "dropped_as_duplicate_in_runs": 2,
    }
    assert figures["revisions"] == {"changed_records": 1, "by_revision": {"1": 5, "2": 1}}
    assert figures["mentioned_films"] == 1
    assert [(e["evidence"], e["reviews"], e["share"]) for e in figures["film_evidence"]] == [
        ("catalogue:title+year", 4, 0.6667),
        ("headline", 1, 0.1667),
        ("untagged", 1, 0.1667),
    ]


def test_the_run_summary_beside_the_export_is_the_timeline(figures: dict[str, Any]) -> None:
    [run] = figures["timeline"]
    assert run["run"] == "reviews.jsonl.summary.json"
    assert (run["new"], run["changed"], run["unchanged"], run["duplicates"], run["dropped"]) == (
        5,
        1,
        7,
        2,
        7,
    )
    assert run["pages_fetched"] == 30 and run["finish_reason"] == "finished"


def test_bad_lines_are_counted_and_named_never_raised(tmp_path: Path) -> None:
    older = {k: v for k, v in record(9).items() if k not in ("also_at", "film_evidence")}
    lines = [
        json.dumps(record(1)),
        "not json at all",
        json.dumps([1, 2]),
        json.dumps(older),
        json.dumps({**record(2), "extra": 1}),
        json.dumps(record(3, word_count="many")),
        json.dumps(record(4)),
    ]
    export = tmp_path / "bad.jsonl"
    export.write_text("\n".join(lines) + "\n" + json.dumps(record(5))[:40], "utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.jsonl"
    figures = report_figures(read_corpus([export, empty, missing]))
    assert figures["records"] == 2
    named = {kind: (p["count"], p["first"]) for kind, p in figures["problems"].items()}
    assert named == {
        "not_json": (1, [f"{export}:2"]),
        "not_a_record": (1, [f"{export}:3"]),
        "older_schema": (1, [f"{export}:4: missing also_at, film_evidence"]),
        "other_schema": (1, [f"{export}:5: unknown extra"]),
        "bad_field": (1, [f"{export}:6: word_count is str"]),
        "truncated_last_line": (1, [f"{export}:8"]),
        "empty_file": (1, [str(empty)]),
        "missing_file": (1, [f"{missing}: No such file or directory"]),
    }


def test_gzipped_exports_are_read_and_a_cut_one_is_named(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl.gz"
    whole.write_bytes(
        gzip.compress(mtime=0, data=b"".join(json.dumps(record(i)).encode() + b"\n" for i in range(3)))
    )
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[:-12])
    figures = report_figures(read_corpus([whole, cut]))
    reviews = {run["export"]: run["reviews"] for run in figures["runs"]}
    assert reviews == {str(whole): 3, str(cut): 2}  # the whole lines before the cut are read
    assert figures["problems"]["missing_file"]["count"] == 1
    assert figures["problems"]["missing_file"]["first"][0].startswith(f"{cut}:3: ")


def test_a_damaged_summary_is_named(tmp_path: Path) -> None:
    export = write_export(tmp_path / "r.jsonl", [record(1)])
    write_summary(export).write_text("{not json", "utf-8")
    given = tmp_path / "other.summary.json"
    given.write_text("[]", "utf-8")
    figures = report_figures(read_corpus([export, given]))
    assert figures["timeline"] == []
    assert figures["problems"]["bad_summary"]["count"] == 2


def test_command_writes_page_data_card_and_json_with_corpus_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lone_surrogate = record(7, source="Half \ud800 pair")
    export = write_export(tmp_path / "reviews.jsonl", corpus_records(), tail="{broken")
    export.write_text(json.dumps(lone_surrogate) + "\n" + export.read_text("utf-8"), "utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(export), "-o", str(out), "--json"]) == 0
    assert capsys.readouterr().out.split() == [
        str(out),
        str(tmp_path / "report.md"),
        str(tmp_path / "report.json"),
    ]
    page = out.read_text("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert f"{export}:8" in page  # the truncated line, named
    assert "Half ? pair" in page
    card = (tmp_path / "report.md").read_text("utf-8")
    assert not re.search(r"(?<!\\)<", card.split("## Fields")[0])  # every < of the corpus is escaped
    assert '\\<img src=x onerror="alert(1)"\\> \\| \\*Site\\*' in card
    assert "| headline | 1 | 14.3% |" in card
    assert "| `published` | string or null | ISO 8601" in card
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert data["records"] == 7 and data["problems"]["truncated_last_line"]["count"] == 1


@pytest.mark.parametrize(
    ("output", "words"),
    [
        ("missing-folder/r.html", "does not exist"),
        ("r.md", "must name the HTML page"),
        (".", "is a directory"),
    ],
)
def test_a_bad_output_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, words: str
) -> None:
    export = write_export(tmp_path / "reviews.jsonl", [record(1)])
    assert main(["report", str(export), "-o", str(tmp_path / output)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("reviewcrawl: error: -o ") and words in line


def test_the_month_chart_draws_empty_months_between_and_keeps_odd_ones_as_they_are() -> None:
    from reviewcrawl.report.figures import month_line

    months = [
        {"name": "2023-11", "reviews": 2},
        {"name": "2024-02", "reviews": 1},
        {"name": "unknown", "reviews": 4},
    ]
    assert month_line(months) == (["2023-11", "2023-12", "2024-01", "2024-02", "unknown"], [2, 0, 0, 1, 4])
    stray = [
        {"name": "1900-01", "reviews": 1},
        {"name": "2024-02", "reviews": 1},
    ]  # a century: not drawn month by month
    assert month_line(stray) == (["1900-01", "2024-02"], [1, 1])
    odd = [{"name": "2023-01", "reviews": 1}, {"name": "2023-13", "reviews": 1}]
    assert month_line(odd) == (["2023-01", "2023-13"], [1, 1])
