"""A real crawl of the sample web to Parquet and JSON lines at once: the same records, typed columns; a
crawl stopped with SIGTERM still leaves a readable file; -o on a Parquet file is refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from reviewcrawl.export.arrowschema import record_schema
from reviewcrawl.items import RECORD_FIELDS
from tests.conftest import PROJECT


@dataclass
class Crawl:
    returncode: int
    stderr: str


def crawl(outputs: list[str], spider_args: dict[str, str], settings: dict[str, str]) -> Crawl:
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", *outputs]
    for name, value in spider_args.items():
        command += ["-a", f"{name}={value}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=240, env=env)
    return Crawl(done.returncode, done.stderr)


@dataclass
class BothFeeds:
    records: list[dict[str, Any]]
    parquet: Path
    settings: dict[str, str]


@pytest.fixture(scope="module")
def both_feeds(sample_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> BothFeeds:
    tmp = tmp_path_factory.mktemp("parquet-crawl")
    jsonl, parquet = tmp / "reviews.jsonl", tmp / "reviews.parquet"
    settings = {"REVIEWCRAWL_SOURCES": str(sample_registry), "LOG_FILE": str(tmp / "crawl.log")}
    run = crawl(["-O", str(jsonl), "-O", str(parquet)], {"source": "all"}, settings)
    assert run.returncode == 0, run.stderr[-2000:]
    records = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    return BothFeeds(records, parquet, settings)


def test_the_parquet_feed_holds_the_jsonl_records_field_by_field(both_feeds: BothFeeds) -> None:
    rows = pq.read_table(both_feeds.parquet).to_pylist()
    assert len(both_feeds.records) > 5
    assert len(rows) == len(both_feeds.records)
    for row, record in zip(rows, both_feeds.records, strict=True):
        assert list(row) == list(record) == list(RECORD_FIELDS)
        for name in RECORD_FIELDS:
            expected = datetime.fromisoformat(record[name]) if name == "fetched_at" else record[name]
            assert row[name] == expected, (record["url"], name)
    assert any(row["mentioned_films"] for row in rows)  # the list of structs is exercised


def test_the_parquet_columns_are_the_record_schema(both_feeds: BothFeeds) -> None:
    assert pq.read_schema(both_feeds.parquet).remove_metadata() == record_schema(RECORD_FIELDS)


def test_appending_to_a_parquet_feed_stops_the_crawl_and_keeps_the_file(both_feeds: BothFeeds) -> None:
    before = both_feeds.parquet.read_bytes()
    one_page = {"urls": both_feeds.records[0]["url"]}
    run = crawl(["-o", str(both_feeds.parquet)], one_page, both_feeds.settings)
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("reviewcrawl: error:")]
    assert len(errors) == 1 and "a Parquet file cannot be appended to" in errors[0], run.stderr[-2000:]
    assert both_feeds.parquet.read_bytes() == before


def test_a_crawl_stopped_with_sigterm_leaves_a_readable_parquet_file(
    both_feeds: BothFeeds, tmp_path: Path
) -> None:
    jsonl, parquet = tmp_path / "reviews.jsonl", tmp_path / "reviews.parquet"
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-O", str(jsonl), "-O", str(parquet)]
    command += ["-a", "source=all", "-s", "DOWNLOAD_DELAY=1", "-s", f"LOG_FILE={tmp_path / 'crawl.log'}"]
    command += ["-s", f"REVIEWCRAWL_SOURCES={both_feeds.settings['REVIEWCRAWL_SOURCES']}"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (jsonl.exists() and jsonl.read_bytes().count(b"\n")) and time.monotonic() < deadline:
            time.sleep(0.2)  # until the first record is written
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    finally:
        process.kill()
    written = jsonl.read_text("utf-8").splitlines()
    assert 1 <= len(written) < len(both_feeds.records)  # stopped part-way
    rows = pq.read_table(parquet).to_pylist()
    assert [row["url"] for row in rows] == [json.loads(line)["url"] for line in written]
