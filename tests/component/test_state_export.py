"""The crash-safe JSON-lines exporter: whole lines only, each in the file before it is reported written."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from reviewcrawl.export.jsonlines import (
    SYNC_LINES,
    SYNC_SECONDS,
    CrashSafeJsonLinesExporter,
    export_opened,
    file_path_of_uri,
    flush_exports,
    review_written,
)
from tests.conftest import project_crawler


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
    crawler = project_crawler()
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


def test_lines_are_confirmed_in_groups_once_synced(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    crawler = project_crawler()
    confirmed: list[str] = []

    def written(item: Any) -> None:
        assert json.dumps(dict(item)) in path.read_text("utf-8").splitlines()
        confirmed.append(item["url"])

    async def export() -> None:  # in an event loop, as in a crawl: the sync timer needs one
        with path.open("wb") as file:
            exporter = CrashSafeJsonLinesExporter.from_crawler(crawler, file)
            for number in range(3):
                exporter.export_item({"url": f"u{number}"})
            assert confirmed == []  # written, not yet synced
            crawler.signals.send_catch_log(flush_exports)
            assert confirmed == ["u0", "u1", "u2"]
            for number in range(3, 3 + SYNC_LINES):
                exporter.export_item({"url": f"u{number}"})
            assert len(confirmed) == 3 + SYNC_LINES  # a full group is synced without being asked
            exporter.export_item({"url": "late"})
            assert confirmed[-1] != "late"  # a lone line waits for the sync timer
            await until_confirmed("late", timeout=SYNC_SECONDS + 10)
            exporter.export_item({"url": "last"})
            exporter.finish_exporting()
        assert confirmed[-1] == "last"

    async def until_confirmed(url: str, timeout: float) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while confirmed[-1] != url:
            assert asyncio.get_running_loop().time() < deadline, f"{url} was never synced"
            await asyncio.sleep(0.02)

    crawler.signals.connect(written, signal=review_written)
    asyncio.run(export())
