"""Shared fixtures: the sample web on free loopback ports and a real ``scrapy crawl`` runner."""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from devtools.sampleweb import SampleWeb, Site, fixtures_root
from reviewcrawl import settings as project_settings
from tests.hostile_server import HostileSite

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE_WEB = fixtures_root()
SCHEMA_PATH = PROJECT / "reviewcrawl" / "schema" / "review.schema.json"
E2E_TESTS = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is marked ``e2e``, so ``-m "not e2e"`` is the quick tiers."""
    for item in items:
        if item.path.is_relative_to(E2E_TESTS):
            item.add_marker(pytest.mark.e2e)


def project_crawler(**settings: Any) -> Crawler:
    """A crawler with settings.py's ``REVIEWCRAWL_…`` settings, as a crawl has them, and ``settings``."""
    own = {name: value for name, value in vars(project_settings).items() if name.startswith("REVIEWCRAWL_")}
    return get_crawler(settings_dict={**own, **settings})


def ports_free(first: int, count: int) -> bool:
    for port in range(first, first + count):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_port_block(count: int) -> int:
    for _ in range(200):
        first = random.randrange(20000, 60000)
        if ports_free(first, count):
            return first
    raise RuntimeError("no block of free loopback ports")


def start_sample_web(root: Path = SAMPLE_WEB) -> SampleWeb:
    count = len([p for p in (root / "sites").iterdir() if p.is_dir()])
    return SampleWeb(root, free_port_block(count)).start()


def write_registry(web: SampleWeb, path: Path, template: Path = PROJECT / "sources.toml") -> Path:
    """The project's registry with each sample site's base_url moved to where it is served."""
    text = template.read_text("utf-8")
    for site in web.sites:
        text = re.sub(
            rf'(\[sources\.{site.key}\][^\[]*?base_url = )"[^"]*"', rf'\1"{site.base}"', text, flags=re.S
        )
    path.write_text(text, "utf-8")
    return path


@pytest.fixture(scope="session")
def sample_web() -> Any:
    web = start_sample_web()
    yield web
    web.stop()


@pytest.fixture(scope="session")
def sample_registry(sample_web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_registry(sample_web, tmp_path_factory.mktemp("registry") / "sources.toml")


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    summary: dict[str, Any]
    log: str
    stderr: str
    raw: str = ""

    def stat(self, key: str, default: int | None = None) -> int:
        """A stat of the crawl; one it never recorded is an error unless a default says it may be absent."""
        stats = self.summary.get("stats", {})
        if key in stats:
            return int(stats[key])
        if default is None:
            raise KeyError(f"no stat {key!r}; the crawl recorded {sorted(stats)}")
        return default


def run_crawl(
    tmp: Path,
    spider_args: dict[str, str],
    settings: dict[str, str] | None = None,
    timeout: float = 240,
) -> CrawlResult:
    """Run ``scrapy crawl reviews`` in a subprocess, as a user would."""
    tmp.mkdir(parents=True, exist_ok=True)
    out, log, summary = tmp / "reviews.jsonl", tmp / "crawl.log", tmp / "summary.json"
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-O", str(out)]
    for name, value in spider_args.items():
        command += ["-a", f"{name}={value}"]
    all_settings = {"LOG_FILE": str(log), "LOG_LEVEL": "DEBUG", "REVIEWCRAWL_SUMMARY_PATH": str(summary)}
    all_settings.update(settings or {})
    for name, value in all_settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=timeout, env=env)
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    return CrawlResult(
        returncode=done.returncode,
        records=records,
        summary=json.loads(summary.read_text("utf-8")) if summary.exists() else {},
        log=log.read_text("utf-8") if log.exists() else "",
        stderr=done.stderr,
        raw=out.read_text("utf-8") if out.exists() else "",
    )


@dataclass
class RefusedCrawl:
    returncode: int
    stderr: str

    @property
    def errors(self) -> list[str]:
        """The one-line errors the crawl command printed."""
        return [line for line in self.stderr.splitlines() if line.startswith("reviewcrawl: error:")]


def run_refused_crawl(
    args: list[str], settings: dict[str, str] | None = None, timeout: float = 120
) -> RefusedCrawl:
    """Run ``scrapy crawl reviews`` with arguments it should refuse before any request."""
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", *args]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=timeout)
    return RefusedCrawl(done.returncode, done.stderr)


def expected_records(web: SampleWeb) -> dict[str, dict[str, Any]]:
    """url -> expected record, for every review page of the sample web."""
    result = {}
    for site in web.sites:
        for path in sorted(site.root.glob("**/expected.json")):
            record = expected_record(path, site)
            result[record["url"]] = record
    return result


def expected_record(path: Path, site: Site) -> dict[str, Any]:
    text = path.read_text("utf-8").replace("{{base}}", site.base)
    return dict(json.loads(text))


@pytest.fixture(scope="session")
def record_schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_PATH.read_text("utf-8")))


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[HostileSite]:
    """A second local server that a hostile site points at: a crawl must send it no request."""
    site = HostileSite().start()
    yield site
    site.stop()
