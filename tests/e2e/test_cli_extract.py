"""``reviewcrawl extract`` on saved pages, plain and gzipped."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from tests.conftest import PROJECT, SAMPLE_WEB


def run_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewcrawl.cli", "extract", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def saved_review() -> Path:
    return sorted((SAMPLE_WEB / "sites" / "criticsledger").glob("reviews/*/index.html"))[0]


def test_extract_prints_one_record_per_page(tmp_path: Path) -> None:
    page = saved_review()
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(page.read_bytes()))
    done = run_extract(str(page), str(gz), "--url", "https://critics.example/reviews/x/")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == 2
    assert records[0]["body"] == records[1]["body"]
    expected = json.loads((page.parent / "expected.json").read_text("utf-8"))
    assert records[0]["body"] == expected["body"]
    assert records[0]["url"] == "https://critics.example/reviews/x/"
    schema = json.loads((PROJECT / "reviewcrawl" / "schema" / "review.schema.json").read_text("utf-8"))
    for record in records:
        jsonschema.validate(record, schema)


def test_show_removed_names_the_rule_groups() -> None:
    done = run_extract(str(saved_review()), "--show-removed")
    assert done.returncode == 0
    assert "cookie" in done.stderr.lower() and "removed from" in done.stderr


def test_extract_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"not gzip")
    listing = SAMPLE_WEB / "sites" / "criticsledger" / "index.html"
    done = run_extract(str(tmp_path / "missing.html"), str(broken), str(listing), str(saved_review()))
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr.count("reviewcrawl extract:") == 3
