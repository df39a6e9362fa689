"""An entry written by `reviewcrawl sources probe --write` drives a real crawl to the site's reviews."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from devtools.siteshapes import ShapeServer
from reviewcrawl.planning.sources import load_registry
from tests.conftest import PROJECT, run_crawl


def test_probe_entry_crawls_every_review(tmp_path: Path) -> None:
    with ShapeServer("wp-yoast") as server:
        registry_file = tmp_path / "sources.toml"
        probe = [sys.executable, "-m", "reviewcrawl.cli", "sources", "probe", server.base + "/"]
        done = subprocess.run(
            [*probe, "--write", str(registry_file), "--delay", "0"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "review URL shape: ^/\\d{4}/\\d{2}/[^/]+/$" in done.stdout
        (key,) = load_registry(registry_file).sources
        assert f"appended [sources.{key}]" in done.stdout
        crawl = run_crawl(tmp_path / "crawl", {"source": key}, {"REVIEWCRAWL_SOURCES": str(registry_file)})
    assert crawl.returncode == 0, crawl.stderr
    found = {record["url"] for record in crawl.records}
    assert server.review_urls() <= found
