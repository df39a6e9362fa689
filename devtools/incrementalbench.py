"""The crawl benchmark's scheduled-run part: two runs over the same unchanged site with a state store.

    python -m devtools.crawlbench --only incremental [--pages 10000]

The generated site's sitemap has no ``lastmod`` and the fixed recheck of undated entries is set to every run
(``REVIEWCRAWL_RECHECK_UNDATED_DAYS=0``), so run 2 has to ask about every review itself. Run 1 fills a state
store once; each mode's run 2 starts from a copy of it: without conditional requests (every body read again),
with conditional requests and the revisit policy off (every review asked, unchanged ones answered 304), and
with the revisit policy at its defaults (a review fetched a moment ago is not due). Fetches are the server's
answers; review bodies in full are its 200 answers to review pages (robots.txt and sitemaps left out).
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.crawlbench import BenchSetup, bench_setup, collect, crawl_command, launch

BODIES_TARGET = 0.05  # run 2 reads at most this share of review bodies in full
TIME_TARGET = 0.25  # and takes at most this share of run 1's time
EVERY_RUN = {"REVIEWCRAWL_RECHECK_UNDATED_DAYS": "0"}
MODES: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "no conditional requests",
        {"REVIEWCRAWL_CONDITIONAL_REQUESTS": "False", "REVIEWCRAWL_REVISIT_BASE_DAYS": "0"},
    ),
    ("conditional, revisit off", {"REVIEWCRAWL_REVISIT_BASE_DAYS": "0"}),
    ("conditional, revisit on", {}),
)


@dataclass
class Run:
    seconds: float  # spider opened to spider closed (a 304 stopped before the spider is no response to it)
    wall_seconds: float  # the whole process, start-up and close included
    fetches: int
    not_modified: int
    review_bodies: int


def crawl(setup: BenchSetup, name: str, state: Path, settings: dict[str, str]) -> Run:
    server = setup.site
    requests, not_modified = server.requests, server.not_modified
    started = time.monotonic()
    every = {"REVIEWCRAWL_STATE_DB": str(state), **EVERY_RUN, **settings}
    exit_code = launch(crawl_command(setup, name, every, export=True)).wait()
    wall = time.monotonic() - started
    collect(setup, name, [name], [exit_code])  # raises when the crawl failed
    probe = json.loads((setup.workdir / f"{name}.probe.json").read_text("utf-8"))
    fetches = server.requests - requests
    answered_304 = server.not_modified - not_modified
    navigation = 2 + server.site.sitemaps  # robots.txt, the sitemap index, its sitemaps
    return Run(
        probe["closed"] - probe["opened"],
        wall,
        fetches,
        answered_304,
        max(fetches - answered_304 - navigation, 0),
    )


def copy_state(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal"):
        if Path(str(source) + suffix).exists():
            shutil.copyfile(str(source) + suffix, str(target) + suffix)
    return target


def incremental_lines(pages: int, workdir: Path, concurrency: int) -> list[str]:
    with bench_setup(pages, workdir, concurrency) as setup:
        first_state = workdir / "incremental-run1.sqlite"
        first = crawl(setup, "incremental-run1", first_state, {})
        lines = [
            f"scheduled runs over an unchanged {pages}-review site (sitemap without lastmod), state store:",
            f"  run 1: {first.seconds:.1f} s ({first.wall_seconds:.1f} s with start-up), "
            f"{first.fetches} fetches",
        ]
        for number, (label, settings) in enumerate(MODES, 1):
            state = copy_state(first_state, workdir / f"incremental-mode{number}.sqlite")
            second = crawl(setup, f"incremental-run2-mode{number}", state, settings)
            lines.append(verdict_line(label, pages, first, second))
    return lines


def verdict_line(label: str, pages: int, first: Run, second: Run) -> str:
    time_share = second.seconds / first.seconds if first.seconds else 0.0
    body_share = second.review_bodies / pages
    met = "met" if time_share <= TIME_TARGET and body_share <= BODIES_TARGET else "missed"
    return (
        f"  run 2, {label}: {second.seconds:.1f} s ({second.wall_seconds:.1f} s with start-up; "
        f"{time_share:.0%} of run 1), {second.fetches} fetches, {second.not_modified} answered 304, "
        f"{second.review_bodies} review bodies in full ({body_share:.1%}) "
        f"(target ≤{BODIES_TARGET:.0%} bodies, ≤{TIME_TARGET:.0%} time: {met})"
    )
