"""Scheduled cluster runs on loopback: workers sharing one Redis frontier and one Redis state backend.

A generated site on one host and another outlet's near-copies of every tenth review on a second host
(another loopback port) are crawled by several worker processes, seeded by ``reviewcrawl enqueue``:

1. a first run: the union of the workers' exports must hold every review exactly once (of an original and
   its copy, one record; the other URL in its ``also_at``);
2. a second scheduled run over the unchanged site: it must export nothing;
3. the same two runs on a fresh state, one worker SIGKILLed mid-way through the first.

    python -m devtools.clusterrun --pages 2000 --workers 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.localredis import running_redis
from devtools.sitegen import SiteServer
from reviewcrawl.store.backend import ExportClaim
from reviewcrawl.store.neardup import SCHEME, signature, signature_bytes
from reviewcrawl.store.redisstate import RedisStateStore
from reviewcrawl.store.state import Entry, now_iso, read_records

PROJECT = Path(__file__).resolve().parent.parent
COPIES_EVERY = 10
WORKER_TIMEOUT = 4.0  # seconds: how long a killed worker's requests wait before going back in the queue
RUN_TIMEOUT = 600.0
SOURCES = "generated,syndicated"


@dataclass
class ClusterSite:
    """The originals' host and the copies' host."""

    originals: SiteServer
    copies: SiteServer

    @property
    def served(self) -> int:
        return self.originals.served + self.copies.served

    def write_registry(self, path: Path) -> Path:
        path.write_text(
            self.originals.site.registry_toml() + "\n" + self.copies.site.registry_toml(), "utf-8"
        )
        return path

    def groups(self) -> list[set[str]]:
        """Each review's URLs: its original's, and its copy's when it has one."""
        copies = dict(zip(self.copies.site.numbers, self.copies.site.review_urls(), strict=True))
        return [
            {url, copies[number]} if number in copies else {url}
            for number, url in zip(
                self.originals.site.numbers, self.originals.site.review_urls(), strict=True
            )
        ]


@contextmanager
def cluster_site(pages: int) -> Iterator[ClusterSite]:
    originals = SiteServer(pages).start()
    copies = SiteServer(pages, material=None, copies_every=COPIES_EVERY).start()
    try:
        yield ClusterSite(originals, copies)
    finally:
        originals.stop()
        copies.stop()


@dataclass
class Verdict:
    """What a run's exports hold against the site's reviews."""

    records: int
    repeated: list[str] = field(default_factory=list)  # reviews exported more than once
    missing: list[str] = field(default_factory=list)  # reviews never exported
    copies: int = 0  # reviews with a copy
    copies_in_record: int = 0  # ... whose other URL is in the exported record's also_at
    copies_in_store: int = 0  # ... whose other URL is in the state backend's also_at

    @property
    def exactly_once(self) -> bool:
        return not self.repeated and not self.missing


def judge(records: list[dict[str, Any]], site: ClusterSite, store: RedisStateStore) -> Verdict:
    by_url: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_url.setdefault(str(record["url"]), []).append(record)
    verdict = Verdict(len(records))
    for group in site.groups():
        found = [record for url in sorted(group) for record in by_url.get(url, [])]
        if not found:
            verdict.missing.append(min(group))
            continue
        if len(found) > 1:
            verdict.repeated.append(min(group))
        if len(group) > 1:
            others = group - {found[0]["url"]}
            verdict.copies += 1
            verdict.copies_in_record += others <= set(found[0].get("also_at") or [])
            verdict.copies_in_store += others <= set(store.also_at(found[0]["canonical_url"]))
    return verdict


def exported(directory: Path) -> list[dict[str, Any]]:
    """The whole lines of every worker's export (a killed worker's cut last line is no record)."""
    return [record for path in sorted(directory.glob("worker*.jsonl")) for record in read_records(path)]


def worker_settings(registry: Path, redis_url: str, state_db: str, crawl_id: str) -> dict[str, str]:
    return {
        "REVIEWCRAWL_SOURCES": str(registry),
        "REVIEWCRAWL_REDIS_URL": redis_url,
        "REVIEWCRAWL_STATE_DB": state_db,
        "REVIEWCRAWL_CRAWL_ID": crawl_id,
        "REVIEWCRAWL_WORKER_TIMEOUT": str(WORKER_TIMEOUT),
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "16",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
        "LOG_LEVEL": "INFO",
    }


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONPATH": str(PROJECT)}


def enqueue(settings: dict[str, str]) -> str:
    """Seed the crawl with ``reviewcrawl enqueue``; its report line."""
    command = [
        sys.executable,
        "-m",
        "reviewcrawl.cli",
        "enqueue",
        "--redis-url",
        settings["REVIEWCRAWL_REDIS_URL"],
    ]
    command += ["--crawl-id", settings["REVIEWCRAWL_CRAWL_ID"], "-a", f"source={SOURCES}"]
    for name in ("REVIEWCRAWL_SOURCES", "REVIEWCRAWL_STATE_DB"):
        command += ["-s", f"{name}={settings[name]}"]
    done = subprocess.run(
        command, cwd=PROJECT, capture_output=True, text=True, env=environment(), timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"reviewcrawl enqueue failed: {done.stderr[-2000:]}")
    return done.stdout.strip()


def start_worker(directory: Path, index: int, settings: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", f"source={SOURCES}"]
    command += ["-O", str(directory / f"worker{index}.jsonl")]
    for name, value in {**settings, "LOG_FILE": str(directory / f"worker{index}.log")}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.Popen(command, cwd=PROJECT, env=environment(), stderr=subprocess.DEVNULL)


@dataclass
class RunResult:
    seconds: float
    fetches: int
    statuses: list[int]
    queued: str
    records: list[dict[str, Any]]


def scheduled_run(
    directory: Path, site: ClusterSite, settings: dict[str, str], workers: int, kill_at: float | None = None
) -> RunResult:
    """One scheduled run: enqueue, then ``workers`` workers until they stop; with ``kill_at`` (a share of
    the site's pages served), the first worker is SIGKILLed once that much of the site was fetched."""
    directory.mkdir(parents=True, exist_ok=True)
    started, served_before = time.monotonic(), site.served
    queued = enqueue(settings)
    running = [start_worker(directory, index, settings) for index in range(workers)]
    if kill_at is not None:
        pages = len(site.originals.site.numbers) + len(site.copies.site.numbers)
        while site.served - served_before < pages * kill_at:
            if time.monotonic() - started > RUN_TIMEOUT:
                raise RuntimeError("the crawl made no progress")
            time.sleep(0.05)
        running[0].send_signal(signal.SIGKILL)
    deadline = started + RUN_TIMEOUT
    for worker in running:
        worker.wait(timeout=max(1.0, deadline - time.monotonic()))
    return RunResult(
        time.monotonic() - started,
        site.served - served_before,
        [worker.returncode for worker in running],
        queued,
        exported(directory),
    )


def scenario(
    directory: Path, site: ClusterSite, redis_url: str, state_db: str, workers: int, kill: bool
) -> tuple[RunResult, Verdict, RunResult]:
    """A first run (a worker killed in it when ``kill``) and a second over the unchanged site."""
    directory.mkdir(parents=True, exist_ok=True)
    settings = worker_settings(
        site.write_registry(directory / "sources.toml"), redis_url, state_db, "cluster"
    )
    first = scheduled_run(directory / "run1", site, settings, workers, 0.35 if kill else None)
    store = RedisStateStore(state_db, owner="clusterrun-judge")
    try:
        verdict = judge(first.records, site, store)
    finally:
        store.close()
    second = scheduled_run(directory / "run2", site, settings, workers)
    return first, verdict, second


def report(name: str, first: RunResult, verdict: Verdict, second: RunResult) -> dict[str, Any]:
    return {
        "scenario": name,
        "run1": {
            "seconds": round(first.seconds, 1),
            "fetches": first.fetches,
            "exit": first.statuses,
            "records": verdict.records,
            "repeated": len(verdict.repeated),
            "missing": len(verdict.missing),
            "reviews_with_copy": verdict.copies,
            "copy_in_record_also_at": verdict.copies_in_record,
            "copy_in_store_also_at": verdict.copies_in_store,
        },
        "run2": {
            "seconds": round(second.seconds, 1),
            "fetches": second.fetches,
            "exit": second.statuses,
            "records": len(second.records),
        },
    }


def state_cost(state_db: str, reviews: int = 2000) -> dict[str, float]:
    """Milliseconds of state backend work per new review, as a worker does it: look-up-or-index, also_at,
    claim, settle; and per unchanged review (look-up-or-index, claim)."""
    store = RedisStateStore(state_db, owner="clusterrun-cost")
    index = store.near_duplicate_index(0.8)
    pick = random.Random(5)
    words = [f"w{n}" for n in range(5000)]
    bodies = [signature(" ".join(pick.choice(words) for _ in range(300))) for _ in range(reviews)]
    run = store.start_run()
    timings: dict[str, float] = {}
    for name in ("new", "unchanged"):
        started = time.perf_counter()
        for number, values in enumerate(bodies):
            url = f"https://cost.example/r/{number}/"
            index.original_or_add(url, values)
            entry = Entry(url, url, "cost", f"h{number}", 0, now_iso(), signature_bytes(values), SCHEME)
            if store.claim_export(entry, run)[0] is ExportClaim.CLAIMED:
                store.also_at(url)
                store.commit_written(url, entry.content_hash)
        timings[f"ms_per_{name}_review"] = round((time.perf_counter() - started) * 1000 / reviews, 3)
    store.close()
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.clusterrun", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="original reviews (default 2000)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reviewcrawl-clusterrun"))
    args = parser.parse_args(argv)
    ok = True
    with running_redis() as redis_url, cluster_site(args.pages) as site:
        frontier = redis_url
        for number, (name, kill) in enumerate((("clean", False), ("one worker killed", True)), start=1):
            state_db = redis_url.rsplit("/", 1)[0] + f"/{number}"
            first, verdict, second = scenario(
                args.dir / f"s{number}", site, frontier, state_db, args.workers, kill
            )
            print(json.dumps(report(name, first, verdict, second)), flush=True)
            ok &= verdict.exactly_once and not second.records
        print(json.dumps(state_cost(redis_url.rsplit("/", 1)[0] + "/3")), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
