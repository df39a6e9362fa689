"""A crawl stopped mid-way (killed with SIGKILL, or paused with Ctrl-C) and run again with the same state
store, JOBDIR and export file exports every review exactly once over the two runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewcrawl.resume import RUNNING_MARKER
from reviewcrawl.sampleweb import SampleWeb
from tests.conftest import PROJECT, expected_records

LINES_BEFORE_STOP = 3
# Slow enough that the stop lands mid-crawl: one request at a time per site, each after a pause.
SLOW = {"DOWNLOAD_DELAY": "0.25", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}


def crawl_command(tmp: Path, registry: Path, run: str, extra: dict[str, str]) -> list[str]:
    settings = {
        "REVIEWCRAWL_SOURCES": str(registry),
        "REVIEWCRAWL_STATE_DB": str(tmp / "state.sqlite"),
        "JOBDIR": str(tmp / "job"),
        "LOG_FILE": str(tmp / f"{run}.log"),
        "LOG_LEVEL": "INFO",
        **extra,
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", "source=all"]
    command += ["-o", str(tmp / "reviews.jsonl")]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def start_and_stop(command: list[str], export: Path, how: signal.Signals) -> int:
    """Start a crawl, stop it with ``how`` once the export holds a few lines; the lines it then held."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while line_count(export) < LINES_BEFORE_STOP:
            assert process.poll() is None, "the crawl ended before it could be stopped"
            assert time.monotonic() < deadline, "the crawl wrote nothing in time"
            time.sleep(0.02)
        written = line_count(export)
        process.send_signal(how)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return written


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["killed", "paused"])
def test_stopped_crawl_resumes_without_loss_or_double(
    how: signal.Signals, sample_web: SampleWeb, sample_registry: Path, tmp_path: Path
) -> None:
    export = tmp_path / "reviews.jsonl"
    at_stop = start_and_stop(crawl_command(tmp_path, sample_registry, "first", SLOW), export, how)
    expected = sorted(expected_records(sample_web))
    assert at_stop < len(expected), "the first run was not stopped mid-crawl"
    first_run = [json.loads(line) for line in export.read_text("utf-8").splitlines()]
    assert (tmp_path / "job" / RUNNING_MARKER).exists() == (how == signal.SIGKILL)

    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        crawl_command(tmp_path, sample_registry, "second", {}),
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    raw = export.read_bytes()
    assert raw.endswith(b"\n")
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines()]  # every line whole
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "a review was exported twice"
    assert sorted(urls) == expected, "a review was lost"
    assert records[: len(first_run)] == first_run
    assert not (tmp_path / "job" / RUNNING_MARKER).exists()
