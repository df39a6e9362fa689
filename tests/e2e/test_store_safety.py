"""Safe and lossless on the real web, where the output and the state store live: real crawls of a local
hostile site (a second "elsewhere" server must get no request).

- an export that cannot be written fails the run (one line, exit 1) and leaves nothing marked exported;
- a lone surrogate or a control character in a page's JSON-LD is cleaned, not a lost record;
- a state file that is damaged, not SQLite, another program's or a directory stops the run before any
  request, as does a state file another run is using;
- CSV cells hold JSON for list and object fields;
- a run without a state store says so at INFO, not as a warning.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import Any

import pytest

from reviewcrawl.extract.page.cleantext import clean_value
from reviewcrawl.store.state import Entry, StateStore
from tests.conftest import PROJECT
from tests.hostile_pages import ENGLISH, expected_body, review_html
from tests.hostile_server import HostileSite, page, slow

MENTIONS = (
    "Its violence owes more to Bong Joon-ho's Parasite (2019) and to Park Chan-wook's Oldboy (2003) than to"
    " any American chase film."
)
MENTIONING = replace(ENGLISH["drive"], paragraphs=(*ENGLISH["drive"].paragraphs, MENTIONS))
SLOW_SECONDS = 12.0  # keeps the first of two runs on one state file alive while the second starts


def lone_surrogate_page() -> str:
    """A review whose JSON-LD names it with a lone surrogate and its author with NUL and BEL escapes."""
    html = review_html(ENGLISH["zone-of-interest"], slug="lone")
    html = html.replace('"@type": "Review", "name": "', '"@type": "Review", "name": "Lone \\ud800 head ', 1)
    return html.replace(
        '"@type": "Person", "name": "', '"@type": "Person", "name": "Nul\\u0000Bell\\u0007 ', 1
    )


def home(links: list[str]) -> str:
    anchors = "".join(f'<li><a href="{escape(link)}">{escape(link)}</a></li>' for link in links)
    return f"<!DOCTYPE html><html><head><title>Reviews</title></head><body><ul>{anchors}</ul></body></html>"


@pytest.fixture(scope="module")
def site(elsewhere: HostileSite) -> Iterator[HostileSite]:
    site = HostileSite()
    links = ["/reviews/one/", "/reviews/two/", "/reviews/lone/", elsewhere.url("/reviews/elsewhere/")]
    site.routes.update(
        {
            "/": page(home(links)),
            "/reviews/one/": page(review_html(MENTIONING, slug="one")),
            "/reviews/two/": page(review_html(ENGLISH["past-lives"], slug="two")),
            "/reviews/lone/": page(lone_surrogate_page()),
        }
    )
    yield site.start()
    site.stop()


@pytest.fixture(scope="module")
def slow_site() -> Iterator[HostileSite]:
    site = HostileSite()
    site.routes.update(
        {
            "/": page(home(["/reviews/slow/"])),
            "/reviews/slow/": slow(SLOW_SECONDS, page(review_html(ENGLISH["toni-erdmann"], slug="slow"))),
        }
    )
    yield site.start()
    site.stop()


@pytest.fixture(scope="module")
def registry(site: HostileSite, slow_site: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store-registry") / "sources.toml"
    sources = {"store": site, "slow": slow_site}
    path.write_text(
        "".join(
            f'[sources.{key}]\nname = "{key}"\nbase_url = "{s.base}"\nstart_urls = ["/"]\n'
            "review_links = '^/reviews/'\n\n"
            for key, s in sources.items()
        ),
        "utf-8",
    )
    return path


@dataclass
class Run:
    returncode: int
    stderr: str
    log: str
    summary: dict[str, Any]

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("reviewcrawl: error:")]


def crawl_command(tmp: Path, source: str, outputs: list[str], settings: dict[str, str]) -> list[str]:
    tmp.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", f"source={source}"]
    for output in outputs:
        command += ["-O", output]
    all_settings = {
        "LOG_FILE": str(tmp / "crawl.log"),
        "LOG_LEVEL": "INFO",
        "REVIEWCRAWL_SUMMARY_PATH": str(tmp / "summary.json"),
        "REVIEWCRAWL_READER_PROCESSES": "0",
        **settings,
    }
    for name, value in all_settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def finished(tmp: Path, returncode: int, stderr: str) -> Run:
    log, summary = tmp / "crawl.log", tmp / "summary.json"
    return Run(
        returncode,
        stderr,
        log.read_text("utf-8") if log.exists() else "",
        json.loads(summary.read_text("utf-8")) if summary.exists() else {},
    )


def crawl(tmp: Path, source: str, outputs: list[str], settings: dict[str, str]) -> Run:
    command = crawl_command(tmp, source, outputs, settings)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=180, env=env)
    return finished(tmp, done.returncode, done.stderr)


def exported_reviews(state: Path) -> set[str]:
    with sqlite3.connect(state) as db:
        rows = db.execute("SELECT url FROM reviews").fetchall()
    db.close()
    return {url for (url,) in rows}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# --- an export that cannot be written ---------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/full", "directory"])
def test_an_export_that_cannot_be_written_fails_and_marks_nothing_exported(
    target: str, registry: Path, site: HostileSite, elsewhere: HostileSite, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    settings = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(state)}
    output = str(tmp_path / "a-directory") if target == "directory" else target
    (tmp_path / "a-directory").mkdir()
    failed = crawl(tmp_path / "failed", "store", [f"{output}:jsonl"], settings)
    assert failed.returncode == 1, failed.stderr[-2000:]
    assert len(failed.errors) == 1 and "cannot write the export" in failed.errors[0], failed.stderr[-2000:]
    assert "Traceback" not in failed.stderr
    assert failed.summary["finish_reason"] == "export_failed"
    assert failed.summary["records_written"] == 0
    assert "records written 0 " in failed.log
    assert exported_reviews(state) == set()

    good = tmp_path / "good.jsonl"
    again = crawl(tmp_path / "again", "store", [str(good)], settings)
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(read_jsonl(good)) == 3
    assert again.summary["records_written"] == 3
    assert exported_reviews(state) == {
        site.url(p) for p in ("/reviews/one/", "/reviews/two/", "/reviews/lone/")
    }
    assert elsewhere.paths() == []


# --- one good crawl to JSON lines and CSV at once, without a state store ------------------------------------


@dataclass
class GoodCrawl:
    run: Run
    records: list[dict[str, Any]]
    raw: str
    rows: list[dict[str, str]]


@pytest.fixture(scope="module")
def good_crawl(registry: Path, tmp_path_factory: pytest.TempPathFactory) -> GoodCrawl:
    tmp = tmp_path_factory.mktemp("good-crawl")
    jsonl, table = tmp / "reviews.jsonl", tmp / "reviews.csv"
    run = crawl(tmp, "store", [str(jsonl), str(table)], {"REVIEWCRAWL_SOURCES": str(registry)})
    assert run.returncode == 0, run.stderr[-2000:]
    with table.open(encoding="utf-8", newline="") as cells:
        rows = list(csv.DictReader(cells))
    return GoodCrawl(run, read_jsonl(jsonl), jsonl.read_text("utf-8"), rows)


def test_lone_surrogate_and_controls_are_cleaned_not_lost(good_crawl: GoodCrawl, site: HostileSite) -> None:
    by_url = {record["url"]: record for record in good_crawl.records}
    assert sorted(by_url) == sorted(site.url(p) for p in ("/reviews/one/", "/reviews/two/", "/reviews/lone/"))
    lone = by_url[site.url("/reviews/lone/")]
    assert lone["headline"].startswith("Lone  head ")
    assert lone["author"] == "NulBell " + ENGLISH["zone-of-interest"].author
    assert lone["body"] == expected_body(ENGLISH["zone-of-interest"])
    for character in ["\x00", "\x07", "\\u0000", "\\ud800"]:
        assert character not in good_crawl.raw
    assert good_crawl.run.summary["records_written"] == 3
    assert "Error caught on signal handler" not in good_crawl.run.log


def test_extract_command_cleans_a_lone_surrogate(tmp_path: Path) -> None:
    saved = tmp_path / "lone.html"
    saved.write_text(lone_surrogate_page(), "utf-8")
    command = [sys.executable, "-m", "reviewcrawl.cli", "extract", str(saved), "--url", "http://x.example/r/"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    record = json.loads(done.stdout)
    assert record["headline"].startswith("Lone  head ")
    assert "\x00" not in record["author"] and "\x07" not in record["author"]


def test_nested_strings_are_cleaned() -> None:
    films = [{"title": "Old\x00boy\ud800", "year": 2003, "aka": ("A\x1bB", "tab\tand\nnewline")}]
    assert clean_value(films) == [{"title": "Oldboy", "year": 2003, "aka": ("AB", "tab\tand\nnewline")}]


def test_csv_cells_hold_json(good_crawl: GoodCrawl, site: HostileSite) -> None:
    rows = {row["url"]: row for row in good_crawl.rows}
    one = rows[site.url("/reviews/one/")]
    assert json.loads(one["mentioned_films"]) == [
        {"title": "Parasite", "year": 2019},
        {"title": "Oldboy", "year": 2003},
    ]
    assert json.loads(one["also_at"]) == []


def test_a_run_without_a_state_store_does_not_warn_about_it(good_crawl: GoodCrawl) -> None:
    mentions = [line for line in good_crawl.run.log.splitlines() if "StatePipeline" in line]
    assert mentions and all(" INFO: " in line for line in mentions), mentions


# --- the state file ---------------------------------------------------------------------------------------


def real_state_file(path: Path, reviews: int = 400) -> bytes:
    """A state file of a few hundred exported reviews, as bytes."""
    store = StateStore(path)
    run = store.start_run()
    for number in range(reviews):
        url = f"https://a.example/reviews/{number}/"
        store.mark_pending(
            Entry(url, url, "Site", f"{number:064x}", 1, "2025-01-02T03:04:05+00:00", b"s"), run
        )
        store.commit_written(url)
    store.finish_run(run)
    store.close()
    data = path.read_bytes()
    path.unlink()
    return data


def corrupt(data: bytes) -> bytes:
    damaged = bytearray(data)
    middle = len(data) // 2
    damaged[middle : middle + 8192] = random.Random(11).randbytes(8192)
    return bytes(damaged)


def other_schema(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        db.execute("INSERT INTO moz_places (url) VALUES ('https://a.example/')")
    db.close()


def make_state(kind: str, path: Path) -> None:
    if kind == "directory":
        path.mkdir()
        return
    if kind == "other-schema":
        other_schema(path)
        return
    data = real_state_file(path.with_name("real.sqlite"))
    shapes = {
        "corrupt": corrupt(data),
        "truncated": data[: len(data) // 2],
        "plain-text": b"state: none yet\nthis is a note, not a database\n",
    }
    path.write_bytes(shapes[kind])


@pytest.mark.parametrize("kind", ["corrupt", "truncated", "plain-text", "other-schema", "directory"])
def test_an_unusable_state_file_stops_before_any_request(
    kind: str, registry: Path, site: HostileSite, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    make_state(kind, state)
    before = len(site.paths())
    settings = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(state)}
    run = crawl(tmp_path / "run", "store", [str(tmp_path / "out.jsonl")], settings)
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert len(run.errors) == 1 and "state file" in run.errors[0], run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    assert len(site.paths()) == before


def test_a_second_run_on_a_state_file_in_use_is_refused(
    registry: Path, site: HostileSite, slow_site: HostileSite, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    settings = {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_STATE_DB": str(state)}
    first_out = tmp_path / "first.jsonl"
    command = crawl_command(tmp_path / "first", "slow", [str(first_out)], settings)
    first = subprocess.Popen(command, cwd=PROJECT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while not slow_site.requested("/reviews/slow/") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert slow_site.requested("/reviews/slow/"), "the first run never reached the slow review"
        before = len(site.paths())
        second = crawl(tmp_path / "second", "store", [str(tmp_path / "second.jsonl")], settings)
        assert second.returncode == 2, second.stderr[-2000:]
        assert len(second.errors) == 1 and "in use by another run" in second.errors[0], second.stderr
        assert len(site.paths()) == before
        _, first_stderr = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, first_stderr[-2000:]
    assert len(read_jsonl(first_out)) == 1
    assert exported_reviews(state) == {slow_site.url("/reviews/slow/")}  # its pending review was kept
