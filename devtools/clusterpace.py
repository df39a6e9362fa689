"""The crawl benchmark's cluster part: 1, 2 and 3 Redis workers over many hosts, each host's pace, and what
the shared politeness costs in Redis.

    python -m devtools.crawlbench --only-cluster [--cluster-pages 2000] [--hosts 8] [--host-delay 0.1]

``--hosts`` generated sites (each with text of its own) are served on 127.0.0.2, 127.0.0.3, ...: to a
crawler, hosts of their own. The crawls keep ``DOWNLOAD_DELAY`` = ``--host-delay`` between requests to a
host, so one worker fetches a host at most 1 / delay times a second. The shared crawl runs with 1, 2 and 3
workers, then with 3 workers and the shared politeness off (``REVIEWCRAWL_SHARED_POLITENESS=False``: each
worker keeps the delay on its own). Per run: pages/s; the busiest host's mean request rate, the most
requests any host got within one second, the shortest gap between two requests to one host and the share
of gaps under 90% of the delay (all from the servers' own arrival times); Redis commands and Redis's own
CPU per page (``INFO commandstats`` before and after); the host gate's round trips per page and their
time in ms per page, as the workers counted them.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools.crawlbench import BenchSetup, RunResult, redis_server, run_workers
from devtools.sitegen import SiteServer, load_material

WORKER_COUNTS = (1, 2, 3)
GATE_OFF = {"REVIEWCRAWL_SHARED_POLITENESS": "False"}


@dataclass
class ClusterRun:
    result: RunResult
    busiest_rate: float  # requests/s of the busiest host, from its first request to its last
    peak_second: int  # the most requests one host got within one second
    shortest_gap_ms: float  # the shortest time between two requests to one host
    short_gaps: float  # the share of gaps between requests to one host under 90% of the delay
    redis_calls: int
    redis_server_usec: int

    @property
    def per_page(self) -> int:
        return max(1, self.result.responses)


@contextlib.contextmanager
def many_hosts(pages: int, hosts: int, workdir: Path, concurrency: int) -> Iterator[list[SiteServer]]:
    material = load_material()
    per_host = max(1, pages // hosts)
    with contextlib.ExitStack() as stack:
        yield [
            stack.enter_context(
                SiteServer(per_host, material=material, host=f"127.0.0.{index + 2}", variant=index + 1)
            )
            for index in range(hosts)
        ]


def cluster_setup(servers: list[SiteServer], workdir: Path, concurrency: int) -> BenchSetup:
    registry = workdir / "sources-cluster.toml"
    registry.write_text("\n".join(s.site.registry_toml(f"host{i}") for i, s in enumerate(servers)), "utf-8")
    pages = sum(server.site.pages for server in servers)
    return BenchSetup(servers[0], registry, workdir, concurrency, source="all", expected=pages)


@dataclass(frozen=True)
class HostPace:
    rate: float  # requests/s from the host's first request to its last
    peak_second: int  # the most requests within one second
    gaps: list[float]  # seconds between consecutive requests


def host_pace(arrivals: list[float]) -> HostPace:
    ordered = sorted(arrivals)
    if len(ordered) < 2:
        return HostPace(0.0, len(ordered), [])
    span = ordered[-1] - ordered[0]
    peak = max(bisect.bisect_left(ordered, at + 1.0) - index for index, at in enumerate(ordered))
    gaps = [later - earlier for earlier, later in itertools.pairwise(ordered)]
    return HostPace((len(ordered) - 1) / span if span else 0.0, peak, gaps)


def command_totals(client: Any) -> tuple[int, int]:
    """(calls, usec) over every command Redis has run."""
    stats = client.info("commandstats")
    return sum(int(v["calls"]) for v in stats.values()), sum(int(v["usec"]) for v in stats.values())


def cluster_run(
    setup: BenchSetup, servers: list[SiteServer], url: str, count: int, extra: dict[str, str], tag: str
) -> ClusterRun:
    delay = float(extra.get("DOWNLOAD_DELAY", 0.0))
    from redis import Redis

    client = Redis.from_url(url)
    marks = [len(server.arrivals) for server in servers]
    calls_before, usec_before = command_totals(client)
    result = run_workers(setup, url, count, extra, tag)
    calls_after, usec_after = command_totals(client)
    paces = [host_pace(server.arrivals[mark:]) for server, mark in zip(servers, marks, strict=True)]
    gaps = [gap for pace in paces for gap in pace.gaps] or [0.0]
    return ClusterRun(
        result=result,
        busiest_rate=max(pace.rate for pace in paces),
        peak_second=max(pace.peak_second for pace in paces),
        shortest_gap_ms=1000 * min(gaps),
        short_gaps=sum(gap < 0.9 * delay for gap in gaps) / len(gaps),
        redis_calls=calls_after - calls_before,
        redis_server_usec=usec_after - usec_before,
    )


def cluster_runs(
    pages: int, hosts: int, delay: float, workdir: Path, concurrency: int
) -> tuple[list[ClusterRun], str]:
    paced = {"DOWNLOAD_DELAY": str(delay), "RANDOMIZE_DOWNLOAD_DELAY": "False"}
    with many_hosts(pages, hosts, workdir, concurrency) as servers, redis_server() as url:
        setup = cluster_setup(servers, workdir, concurrency)
        runs = [cluster_run(setup, servers, url, count, paced, "paced") for count in WORKER_COUNTS]
        off = cluster_run(setup, servers, url, WORKER_COUNTS[-1], {**paced, **GATE_OFF}, "unshared")
        off.result.label += ", off"
        runs.append(off)
    title = f"cluster pace: {hosts} hosts, {pages // hosts} review pages each, {concurrency} requests at once"
    if delay:
        cap = f"at most {1 / delay:.0f} requests/s per host, {hosts / delay:.0f} in all"
        title += f", DOWNLOAD_DELAY {delay} s ({cap})"
    return runs, title


CLUSTER_COLUMNS = (
    ("pages", 7),
    ("pages/s", 9),
    ("busiest host/s", 16),
    ("most in 1 s", 13),
    ("shortest gap ms", 17),
    ("gaps < 0.9 delay", 18),
    ("Redis cmds/page", 17),
    ("Redis us/page", 15),
    ("gate trips/page", 17),
    ("gate ms/page", 14),
)


def format_cluster(runs: list[ClusterRun], title: str) -> str:
    header = f"{'run':<24}" + "".join(f"{name:>{width}}" for name, width in CLUSTER_COLUMNS)
    lines = [title, header]
    for run in runs:
        result = run.result
        lines.append(
            f"{result.label:<24}{result.responses:>7}{result.pages_per_second:>9.1f}{run.busiest_rate:>16.1f}"
            f"{run.peak_second:>13}{run.shortest_gap_ms:>17.0f}{run.short_gaps:>18.1%}"
            f"{run.redis_calls / run.per_page:>17.1f}{run.redis_server_usec / run.per_page:>15.0f}"
            f"{result.gate_redis_calls / run.per_page:>17.2f}"
            f"{1000 * result.gate_redis_seconds / run.per_page:>14.2f}"
        )
    lines.append(
        "Redis cmds/page and us/page: every command Redis ran for the crawl (frontier, records, politeness; "
        "commands inside Lua scripts count one each) and Redis's own time on them;\n"
        "gate trips/page and ms/page: the host gate's round trips (one script call or one ZREM each) as the "
        "workers counted and timed them, summed over workers"
    )
    return "\n".join(lines)
