"""Crawls that are stopped part-way and run again: the command, and a stop that lands mid-crawl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import PROJECT

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


def job_crawl_command(tmp: Path, registry: Path, run: str, settings: dict[str, str]) -> list[str]:
    """``scrapy crawl reviews -a source=all`` with a JOBDIR and an export in ``tmp``, and a log per run."""
    every = {
        "REVIEWCRAWL_SOURCES": str(registry),
        "JOBDIR": str(tmp / "job"),
        "LOG_FILE": str(tmp / f"{run}.log"),
        "LOG_LEVEL": "INFO",
        **settings,
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", "source=all"]
    command += ["-o", str(tmp / "reviews.jsonl")]
    for name, value in every.items():
        command += ["-s", f"{name}={value}"]
    return command


def line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def start_and_stop(command: list[str], export: Path, how: signal.Signals, lines: int) -> int:
    """Start a crawl, stop it with ``how`` once the export holds ``lines`` lines; the lines it then held."""
    process = subprocess.Popen(
        command, cwd=PROJECT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while line_count(export) < lines:
            assert process.poll() is None, "the crawl ended before it could be stopped"
            assert time.monotonic() < deadline, "the crawl wrote nothing in time"
            time.sleep(0.02)
        written = line_count(export)
        process.send_signal(how)
        _, stderr = process.communicate(timeout=120)
        assert b"Traceback" not in stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return written
