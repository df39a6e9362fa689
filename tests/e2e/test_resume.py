"""A crawl stopped mid-way (killed with SIGKILL, or paused with Ctrl-C) and run again with the same state
store, JOBDIR and export file exports every review exactly once over the two runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from devtools.sampleweb import SampleWeb
from reviewcrawl.export.jobdir import RUNNING_MARKER
from tests.conftest import PROJECT, expected_records
from tests.jobruns import job_crawl_command, start_and_stop

LINES_BEFORE_STOP = 3
# Slow enough that the stop lands mid-crawl: one request at a time per site, each after a pause.
SLOW = {"DOWNLOAD_DELAY": "0.25", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}


def crawl_command(tmp: Path, registry: Path, run: str, extra: dict[str, str]) -> list[str]:
    return job_crawl_command(tmp, registry, run, {"REVIEWCRAWL_STATE_DB": str(tmp / "state.sqlite"), **extra})


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["killed", "paused"])
def test_stopped_crawl_resumes_without_loss_or_double(
    how: signal.Signals, sample_web: SampleWeb, sample_registry: Path, tmp_path: Path
) -> None:
    export = tmp_path / "reviews.jsonl"
    at_stop = start_and_stop(
        crawl_command(tmp_path, sample_registry, "first", SLOW), export, how, LINES_BEFORE_STOP
    )
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
