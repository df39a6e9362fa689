"""Crawl speed and memory: bare Scrapy against reviewcrawl's full pipeline, then 1-3 workers on Redis.

    python -m devtools.crawlbench [--pages 10000] [--worker-pages 2000] [--json results.json]
    python -m devtools.crawlbench --only incremental [--pages 10000]   # scheduled runs, see incrementalbench

A generated site (``devtools.sitegen``) is served on 127.0.0.1. The same spider crawls it twice:
with no item pipelines (bare Scrapy: fetching and navigation only) and with the full pipeline and a
JSON-lines export. Both runs turn AutoThrottle off and allow ``--concurrency`` requests at once.
Pages/s counts every response from the spider opening to the last response; CPU is the crawl
process's own (user + system) over the same span plus what its page readers (worker processes, see
reviewcrawl.reading.pool) report, which the machine's other load disturbs less than wall time. Memory is
read from /proc at each eighth of the crawl: the crawl process's peak RSS, and the proportional memory
(PSS) of the crawl process with all its descendants, so readers sharing pages are not counted twice.
With redis-server installed, the full pipeline then runs as 1, 2 and 3 workers of one shared crawl.
``--only-cluster`` runs only the cluster part over many hosts instead (``devtools.clusterpace``): pages/s of
1, 2 and 3 workers, the pace each host sees, and what the shared politeness costs in Redis.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from devtools.sitegen import SOURCE_KEY, SiteServer
from reviewcrawl import settings as project_settings
from reviewcrawl.stats import Count

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROBE_SETTING = "REVIEWCRAWL_BENCH_PROBE"
CHECKPOINTS = 8  # memory is read at each eighth of the expected responses
RSS_TARGET_MB = 300
RATIO_TARGET = 0.8
WORKER_COUNTS = (1, 2, 3)
COLUMNS = (
    ("pages", 7),
    ("records", 9),
    ("seconds", 9),
    ("pages/s", 9),
    ("CPU ms/page", 13),
    ("readers' share", 16),
    ("crawl RSS MB", 14),
    ("all PSS MB", 12),
)


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process in MB, from /proc (0 where unavailable)."""
    found = _status_fields(os.getpid(), ("VmRSS", "VmHWM"))
    return found["VmRSS"], found["VmHWM"]


def _status_fields(pid: int | str, names: tuple[str, ...], file: str = "status") -> dict[str, float]:
    """Fields of /proc/<pid>/<file> given in kB, in MB (0 where unreadable)."""
    found = dict.fromkeys(names, 0.0)
    with contextlib.suppress(OSError), open(f"/proc/{pid}/{file}", encoding="ascii") as lines:
        for line in lines:
            name, _, value = line.partition(":")
            if name in found:
                found[name] = int(value.split()[0]) / 1024
    return found


def descendants(pid: int) -> list[int]:
    """Processes started by ``pid``, their children and so on (page readers, browser drivers)."""
    found, waiting = [], [pid]
    while waiting:
        parent = waiting.pop()
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as children:
                    waiting += [int(child) for child in children.read().split()]
        if parent != pid:
            found.append(parent)
    return found


def tree_memory_mb() -> float:
    """Proportional memory (PSS: shared pages split between their users) of this process and its
    descendants: forked readers share much of their memory, which plain RSS would count twice."""
    total = 0.0
    for pid in [os.getpid(), *descendants(os.getpid())]:
        pss = _status_fields(pid, ("Pss",), "smaps_rollup")["Pss"]
        total += pss or _status_fields(pid, ("VmRSS",))["VmRSS"]
    return total


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CrawlProbe:
    """Inside the crawl: times, CPU, responses and memory, written as JSON when the spider closes."""

    def __init__(self, path: Path, expected: int, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats
        self.every = max(1, expected // CHECKPOINTS)
        self.responses = 0
        self.opened = self.last_response = time.time()
        self.cpu_opened = self.cpu_last = 0.0
        self.memory: list[dict[str, float]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProbe:
        path = crawler.settings.get(PROBE_SETTING)
        if not path:
            raise NotConfigured
        assert crawler.stats is not None
        probe = cls(Path(path), crawler.settings.getint("REVIEWCRAWL_BENCH_EXPECTED"), crawler.stats)
        crawler.signals.connect(probe.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(probe.response_received, signal=signals.response_received)
        crawler.signals.connect(probe.spider_closed, signal=signals.spider_closed)
        return probe

    def spider_opened(self) -> None:
        self.opened, self.cpu_opened = time.time(), cpu_seconds()

    def response_received(self) -> None:
        self.responses += 1
        self.last_response, self.cpu_last = time.time(), cpu_seconds()
        if self.responses % self.every == 0:
            self.memory.append(self.memory_point())

    def memory_point(self) -> dict[str, float]:
        rss, peak = memory_mb()
        return {"responses": self.responses, "rss_mb": rss, "peak_mb": peak, "tree_mb": tree_memory_mb()}

    def spider_closed(self) -> None:
        report = {
            "opened": self.opened,
            "last_response": self.last_response,
            "closed": time.time(),
            "responses": self.responses,
            "cpu_seconds": self.cpu_last - self.cpu_opened,
            "reader_cpu_seconds": self.stats.get_value(Count.READERS_CPU_SECONDS.key, 0.0),
            "reader_peak_rss_mb": self.stats.get_value(Count.READERS_PEAK_RSS_MB.key, 0.0),
            "gate_redis_seconds": self.stats.get_value(Count.HOST_GATE_REDIS_SECONDS.key, 0.0),
            "gate_redis_calls": self.stats.get_value(Count.HOST_GATE_REDIS_CALLS.key, 0),
            "memory": [*self.memory, self.memory_point()],
        }
        self.path.write_text(json.dumps(report), "utf-8")


@dataclass
class RunResult:
    label: str
    workers: int
    responses: int
    records: int
    seconds: float
    cpu_seconds: float  # the crawl process's own and its page readers'
    reader_cpu_seconds: float
    peak_rss_mb: float  # the crawl process alone
    peak_tree_mb: float  # the crawl process and its descendants, PSS, at the checkpoints
    memory: list[dict[str, float]] = field(default_factory=list)
    gate_redis_seconds: float = 0.0  # the shared crawl's host gate, in Redis round trips
    gate_redis_calls: int = 0

    @property
    def pages_per_second(self) -> float:
        return self.responses / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.responses if self.responses else 0.0


@dataclass
class BenchSetup:
    site: SiteServer
    registry: Path
    workdir: Path
    concurrency: int
    source: str = SOURCE_KEY
    expected: int = 0  # responses the probe expects; 0: the site's review pages

    @property
    def expected_responses(self) -> int:
        return self.expected or self.site.site.pages


def crawl_command(setup: BenchSetup, name: str, settings: dict[str, str], export: bool) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", f"source={setup.source}"]
    if export:
        command += ["-O", str(setup.workdir / f"{name}.jsonl")]
    extensions = {**project_settings.EXTENSIONS, "devtools.crawlbench.CrawlProbe": 0}
    every = {
        "REVIEWCRAWL_SOURCES": str(setup.registry),
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS": str(setup.concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(setup.concurrency),
        "LOG_LEVEL": "INFO",
        "LOG_FILE": str(setup.workdir / f"{name}.log"),
        "REVIEWCRAWL_SUMMARY_PATH": str(setup.workdir / f"{name}.summary.json"),
        "EXTENSIONS": json.dumps(extensions),
        PROBE_SETTING: str(setup.workdir / f"{name}.probe.json"),
        "REVIEWCRAWL_BENCH_EXPECTED": str(setup.expected_responses),
        **settings,
    }
    for setting, value in every.items():
        command += ["-s", f"{setting}={value}"]
    return command


def launch(command: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL)


def records_in(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as lines:
        return sum(1 for _ in lines)


def collect(setup: BenchSetup, label: str, names: list[str], exit_codes: list[int]) -> RunResult:
    if any(exit_codes):
        logs = ", ".join(str(setup.workdir / f"{name}.log") for name in names)
        raise RuntimeError(f"{label}: a crawl failed (exit codes {exit_codes}); see {logs}")
    probes = [json.loads((setup.workdir / f"{name}.probe.json").read_text("utf-8")) for name in names]
    return RunResult(
        label=label,
        workers=len(names),
        responses=sum(p["responses"] for p in probes),
        records=sum(records_in(setup.workdir / f"{name}.jsonl") for name in names),
        seconds=max(p["last_response"] for p in probes) - min(p["opened"] for p in probes),
        cpu_seconds=sum(p["cpu_seconds"] + p["reader_cpu_seconds"] for p in probes),
        reader_cpu_seconds=sum(p["reader_cpu_seconds"] for p in probes),
        peak_rss_mb=max(p["memory"][-1]["peak_mb"] for p in probes),
        peak_tree_mb=max(point["tree_mb"] for p in probes for point in p["memory"]),
        memory=probes[0]["memory"] if len(probes) == 1 else [],
        gate_redis_seconds=sum(p.get("gate_redis_seconds", 0.0) for p in probes),
        gate_redis_calls=sum(p.get("gate_redis_calls", 0) for p in probes),
    )


def run_single(setup: BenchSetup, label: str, name: str, settings: dict[str, str], export: bool) -> RunResult:
    process = launch(crawl_command(setup, name, settings, export))
    return collect(setup, label, [name], [process.wait()])


def run_workers(
    setup: BenchSetup, redis_url: str, count: int, extra: dict[str, str] | None = None, tag: str = "redis"
) -> RunResult:
    crawl_id = f"bench-{tag}-{count}-{os.getpid()}"
    shared = {"REVIEWCRAWL_REDIS_URL": redis_url, "REVIEWCRAWL_CRAWL_ID": crawl_id, **(extra or {})}
    names = [f"{tag}{count}-worker{index}" for index in range(count)]
    processes = [launch(crawl_command(setup, name, shared, export=True)) for name in names]
    label = f"Redis, {count} worker" + ("s" if count > 1 else "")
    return collect(setup, label, names, [process.wait() for process in processes])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not listen on port {port}")
        time.sleep(0.05)


@contextlib.contextmanager
def bench_setup(pages: int, workdir: Path, concurrency: int) -> Iterator[BenchSetup]:
    with SiteServer(pages) as site:
        registry = site.write_registry(workdir / f"sources-{pages}.toml")
        yield BenchSetup(site, registry, workdir, concurrency)


def single_runs(
    pages: int, workdir: Path, concurrency: int, rounds: int = 1, extra: dict[str, str] | None = None
) -> list[RunResult]:
    """Bare and full crawls in turn, ``rounds`` times: the machine's other load then falls on both alike."""
    results = []
    with bench_setup(pages, workdir, concurrency) as setup:
        for number in range(1, rounds + 1):
            bare = {"ITEM_PIPELINES": "{}", **(extra or {})}
            results.append(run_single(setup, f"bare Scrapy #{number}", f"bare{number}", bare, export=False))
            results.append(run_single(setup, f"full pipeline #{number}", f"full{number}", extra or {}, True))
    return results


def worker_runs(pages: int, workdir: Path, concurrency: int) -> list[RunResult]:
    with bench_setup(pages, workdir, concurrency) as setup, redis_server() as url:
        return [run_workers(setup, url, count) for count in WORKER_COUNTS]


def memory_line(result: RunResult, key: str) -> str:
    return ", ".join(f"{point['responses']:.0f}: {point[key]:.0f}" for point in result.memory)


def format_table(single: list[RunResult], shared: list[RunResult] | None) -> str:
    columns = COLUMNS
    header = f"{'run':<18}" + "".join(f"{name:>{width}}" for name, width in columns)
    lines = [
        f"crawl benchmark on 127.0.0.1, {os.cpu_count()} CPUs (pages: responses, reviews + navigation)",
        header,
    ]
    for result in [*single, *(shared or [])]:
        share = result.reader_cpu_seconds / result.cpu_seconds if result.cpu_seconds else 0.0
        lines.append(
            f"{result.label:<18}{result.responses:>7}{result.records:>9}{result.seconds:>9.1f}"
            f"{result.pages_per_second:>9.1f}{result.cpu_ms_per_page:>13.2f}{share:>16.0%}"
            f"{result.peak_rss_mb:>14.0f}{result.peak_tree_mb:>12.0f}"
        )
    bares, fulls = single[0::2], single[1::2]
    bare_speed = statistics.median(r.pages_per_second for r in bares)
    full_speed = statistics.median(r.pages_per_second for r in fulls)
    speed = full_speed / bare_speed if bare_speed else 0.0
    cpu = statistics.median(r.cpu_ms_per_page for r in bares) / statistics.median(
        r.cpu_ms_per_page for r in fulls
    )
    rounds = ", ".join(
        f"{f.pages_per_second / b.pages_per_second:.2f}x" for b, f in zip(bares, fulls, strict=True)
    )
    verdict = "met" if speed >= RATIO_TARGET else "missed"
    lines.append(
        f"median pages/s: bare {bare_speed:.1f}, full {full_speed:.1f}; full / bare: {speed:.2f}x "
        f"(rounds: {rounds}), {cpu:.2f}x by CPU per page (target {RATIO_TARGET}x: {verdict})"
    )
    for result in single[-2:]:
        flat = "under" if max(result.peak_rss_mb, result.peak_tree_mb) < RSS_TARGET_MB else "over"
        lines.append(
            f"{result.label}, MB after N responses: crawl process peak RSS {memory_line(result, 'peak_mb')}; "
            f"with its descendants (PSS) {memory_line(result, 'tree_mb')} ({flat} {RSS_TARGET_MB})"
        )
    if shared is None:
        lines.append("Redis workers: skipped (--worker-pages 0, or redis-server is not installed)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.crawlbench", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="review pages of the single runs")
    parser.add_argument("--worker-pages", type=int, default=2_000, help="review pages of the Redis runs")
    parser.add_argument("--concurrency", type=int, default=32, help="requests at once, per process")
    parser.add_argument(
        "--rounds", type=int, default=3, help="bare and full crawls, in turn, this many times"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for both the bare and the full crawls (repeatable)",
    )
    parser.add_argument(
        "--only-cluster", action="store_true", help="run only the cluster part (many hosts, 1-3 workers)"
    )
    parser.add_argument("--cluster-pages", type=int, default=2_000, help="review pages of the cluster part")
    parser.add_argument("--hosts", type=int, default=8, help="hosts of the cluster part")
    parser.add_argument(
        "--host-delay", type=float, default=0.1, help="DOWNLOAD_DELAY of the cluster part, seconds"
    )
    parser.add_argument(
        "--only", choices=["incremental"], help="run only this part: two scheduled runs with a state store"
    )
    parser.add_argument("--keep", type=Path, help="keep logs and exports in this folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        workdir = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="crawlbench-")))
        workdir.mkdir(parents=True, exist_ok=True)
        if args.only_cluster:
            return cluster_part(args, workdir)
        if args.only == "incremental":
            from devtools.incrementalbench import incremental_lines  # it builds on this module

            print("\n".join(incremental_lines(args.pages, workdir, args.concurrency)), flush=True)
            return 0
        extra = dict(setting.split("=", 1) for setting in args.set)
        single = single_runs(args.pages, workdir, args.concurrency, args.rounds, extra)
        shared = (
            worker_runs(args.worker_pages, workdir, args.concurrency)
            if args.worker_pages > 0 and shutil.which("redis-server")
            else None
        )
    print(format_table(single, shared), flush=True)
    if args.json:
        document = {"pages": args.pages, "runs": [asdict(r) for r in [*single, *(shared or [])]]}
        args.json.write_text(json.dumps(document, indent=2), "utf-8")
    return 0


def cluster_part(args: argparse.Namespace, workdir: Path) -> int:
    from devtools.clusterpace import cluster_runs, format_cluster

    if not shutil.which("redis-server"):
        print("cluster part: skipped (redis-server is not installed)")
        return 0
    runs, title = cluster_runs(args.cluster_pages, args.hosts, args.host_delay, workdir, args.concurrency)
    print(format_cluster(runs, title), flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(run) for run in runs], indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
