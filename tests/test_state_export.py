"""The crash-safe JSON-lines exporter: whole lines only, each in the file before it is reported written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy.utils.test import get_crawler

from reviewcrawl.export import CrashSafeJsonLinesExporter, export_opened, file_path_of_uri, review_written


def test_half_line_left_by_a_killed_run_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(b'{"url": "a"}\n{"url": "b", "bo')
    with path.open("ab") as file:
        exporter = CrashSafeJsonLinesExporter(file)
        exporter.export_item({"url": "c"})
    assert path.read_text("utf-8").splitlines() == ['{"url": "a"}', '{"url": "c"}']


def test_file_with_no_whole_line_is_emptied(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(b'{"url": "a", "bo')
    with path.open("ab") as file:
        CrashSafeJsonLinesExporter(file)
    assert path.read_bytes() == b""


def test_each_line_is_in_the_file_when_review_written_is_sent(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    crawler = get_crawler()
    seen: list[tuple[str, Any]] = []

    def written(item: Any) -> None:
        seen.append(("written", path.read_text("utf-8").splitlines()[-1]))

    def opened(path: Path) -> None:
        seen.append(("opened", path))

    crawler.signals.connect(written, signal=review_written)
    crawler.signals.connect(opened, signal=export_opened)
    with path.open("wb") as file:
        exporter = CrashSafeJsonLinesExporter.from_crawler(crawler, file, fsync=False)
        exporter.export_item({"url": "x", "title": "Ballerina"})
    assert seen == [("opened", path.resolve()), ("written", json.dumps({"url": "x", "title": "Ballerina"}))]


def test_feed_uris_that_name_local_files() -> None:
    assert file_path_of_uri("out/reviews.jsonl") == Path("out/reviews.jsonl")
    assert file_path_of_uri("file:///tmp/reviews.jsonl") == Path("/tmp/reviews.jsonl")
    assert file_path_of_uri("s3://bucket/reviews.jsonl") is None
