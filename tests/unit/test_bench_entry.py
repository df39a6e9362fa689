"""``python -m reviewcrawl.bench`` runs the checkout's benchmark; without devtools/ it says so in one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reviewcrawl import bench
from reviewcrawl.cli import checkout_tool
from reviewcrawl.config import PROJECT_ROOT


def test_the_entry_runs_the_checkout_benchmark() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reviewcrawl.bench", "--help"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0
    assert "--halves" in done.stdout


def test_a_missing_checkout_tool_is_none() -> None:
    assert checkout_tool("no_such_tool") is None


def test_without_the_benchmark_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "checkout_tool", lambda name: None)
    assert bench.main([]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "source checkout" in lines[0]
