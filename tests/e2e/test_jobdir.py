"""Pausing and resuming a job (``-s JOBDIR``) on a generated site: a paused run goes on from its saved
queue and seen requests without sending its start requests again; a killed run or a damaged job directory
starts again from discovery; in every case each review is exported exactly once over the runs, with or
without a state store. A job directory that is not a directory is refused before any request."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devtools.sitegen import SiteServer
from reviewcrawl.export.jobdir import RUNNING_MARKER, discard_job_state
from tests.conftest import PROJECT
from tests.jobruns import ENV, job_crawl_command, start_and_stop

PAGES = 120  # three listing pages and one sitemap
LINES_BEFORE_STOP = 5
# One request at a time, each after a pause: the stop lands mid-crawl.
SLOW = {"DOWNLOAD_DELAY": "0.1", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}


@pytest.fixture()
def site() -> Iterator[SiteServer]:
    with SiteServer(PAGES) as server:
        yield server


def crawl_command(tmp: Path, site: SiteServer, run: str, extra: dict[str, str]) -> list[str]:
    return job_crawl_command(tmp, site.write_registry(tmp / "sources.toml"), run, extra)


def run_to_end(command: list[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=PROJECT, env=ENV, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    return done


def exported_once_each(export: Path, site: SiteServer) -> None:
    raw = export.read_bytes()
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines()]  # every line whole
    urls = [record["url"] for record in records]
    assert len(urls) == len(set(urls)), f"{len(urls) - len(set(urls))} reviews were exported twice"
    assert sorted(urls) == sorted(site.site.review_urls()), "a review was lost"


def discovery_fetches(site: SiteServer, store: bool) -> int:
    """Pages a whole run fetches besides the reviews: robots.txt, the sitemaps and, without a state store
    (whose runs read sitemaps only), the listings."""
    return 1 + (1 + site.site.sitemaps) + (0 if store else site.site.listings)


@pytest.mark.parametrize("store", [False, True], ids=["no_store", "state_store"])
def test_paused_job_goes_on_from_its_queue(store: bool, site: SiteServer, tmp_path: Path) -> None:
    extra = {"REVIEWCRAWL_STATE_DB": str(tmp_path / "state.sqlite")} if store else {}
    export = tmp_path / "reviews.jsonl"
    at_pause = start_and_stop(
        crawl_command(tmp_path, site, "first", {**SLOW, **extra}), export, signal.SIGINT, LINES_BEFORE_STOP
    )
    assert at_pause < PAGES, "the first run was not paused mid-crawl"
    assert not (tmp_path / "job" / RUNNING_MARKER).exists()

    run_to_end(crawl_command(tmp_path, site, "second", extra))
    exported_once_each(export, site)
    # Every page once over both runs: the resumed run fetched only robots.txt again.
    assert site.served <= PAGES + discovery_fetches(site, store) + 1
    log = (tmp_path / "second.log").read_text("utf-8")
    assert "Resuming crawl" in log
    # Finished: the job's next run (a scheduled one) is a new crawl.
    assert list((tmp_path / "job").iterdir()) == []


def test_killed_job_without_store_exports_nothing_twice(site: SiteServer, tmp_path: Path) -> None:
    export = tmp_path / "reviews.jsonl"
    start_and_stop(crawl_command(tmp_path, site, "first", SLOW), export, signal.SIGKILL, LINES_BEFORE_STOP)
    assert (tmp_path / "job" / RUNNING_MARKER).exists()

    run_to_end(crawl_command(tmp_path, site, "second", {}))
    exported_once_each(export, site)
    log = (tmp_path / "second.log").read_text("utf-8")
    assert "did not close" in log


def truncate_largest_queue_file(job: Path) -> None:
    files = [path for path in (job / "requests.queue").rglob("*") if path.is_file()]
    largest = max(files, key=lambda path: path.stat().st_size)
    largest.write_bytes(largest.read_bytes()[: largest.stat().st_size // 2])


@pytest.mark.parametrize(
    "damage",
    [
        truncate_largest_queue_file,
        lambda job: (job / "requests.queue" / "active.json").write_bytes(b"\x00garbage{"),
        lambda job: (job / "spider.state").write_bytes(b"\x80\x04garbage"),
    ],
    ids=["truncated_queue", "garbage_active_json", "garbage_spider_state"],
)
def test_damaged_job_is_refused_before_any_request(
    damage: Callable[[Path], object], site: SiteServer, tmp_path: Path
) -> None:
    export = tmp_path / "reviews.jsonl"
    start_and_stop(crawl_command(tmp_path, site, "first", SLOW), export, signal.SIGINT, LINES_BEFORE_STOP)
    damage(tmp_path / "job")
    served = site.served

    done = run_refused(crawl_command(tmp_path, site, "second", {}))
    assert done.stderr.strip().splitlines() == [
        f"reviewcrawl: error: JOBDIR {tmp_path / 'job'} is damaged: its saved queue differs from the one "
        "sealed when the run paused; delete requests.queue, requests.seen, spider.state in it to start "
        "again from discovery"
    ]
    assert site.served == served

    # As the message says: the job starts again from discovery, and exports nothing twice.
    discard_job_state(tmp_path / "job")
    run_to_end(crawl_command(tmp_path, site, "third", {}))
    exported_once_each(export, site)


def run_refused(command: list[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=PROJECT, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    return done


def test_jobdir_that_is_a_file_is_refused_before_any_request(site: SiteServer, tmp_path: Path) -> None:
    (tmp_path / "job").write_text("not a directory\n", "utf-8")
    done = run_refused(crawl_command(tmp_path, site, "first", {}))
    errors = done.stderr.strip().splitlines()
    assert errors == [f"reviewcrawl: error: JOBDIR {tmp_path / 'job'} is not a directory"]
    assert site.served == 0
    assert not (tmp_path / "reviews.jsonl").exists()
