"""What a large film catalogue costs: index build, per-page tagging and mention finding, reader memory,
and the bundled sample crawl against it.

    python -m devtools.imdbgen --films 700000 /tmp/imdb
    python -m devtools.filmscale --films /tmp/imdb/films.jsonl [--crawl]

Pages are the bench pages (../shared/bench, skipped when absent) and the sample web's review pages,
each read once; then only ``tag_film`` and ``mentioned_films`` are timed (CPU time), first in a fresh
process (nothing remembered yet) and again (common names answered from the process's own memory).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools.bench import PROJECT_ROOT, find_shared, load_sets
from devtools.crawlbench import _status_fields, descendants
from devtools.sampleweb import fixtures_root
from reviewcrawl.extract.review import ReviewPage
from reviewcrawl.films.catalogue import load_catalogue
from reviewcrawl.films.indexfile import cache_dir, index_name
from reviewcrawl.films.mentions import mentioned_films
from reviewcrawl.films.tagger import tag_film

SMALL = fixtures_root() / "films.jsonl"


@dataclass(frozen=True)
class PageText:
    """What tagging reads of a page, as the crawl hands it over: structured data, headline, body, address
    and publication date."""

    group: str
    jsonld: list[dict[str, Any]]
    headline: str | None
    body: str
    url: str | None
    published: str | None


def _page_text(group: str, html: bytes | str, url: str) -> PageText | None:
    review = ReviewPage.read(html, url)
    if review is None or not review.body():
        return None
    return PageText(
        group, review.page.jsonld, review.headline(), review.body(), url or None, review.published()
    )


def sample_web_pages() -> Iterator[tuple[str, bytes, str]]:
    for path in sorted((fixtures_root() / "sites").glob("*/reviews/**/*.html")):
        yield "sample-web", path.read_bytes(), f"http://{path.parts[-3]}.example/{path.name}"


def bench_pages() -> Iterator[tuple[str, bytes, str]]:
    shared = find_shared()
    if shared is None:
        return
    for bench_set in load_sets(shared):
        for page in bench_set.pages:
            yield bench_set.name, page.html, page.url


def page_texts() -> list[PageText]:
    found = (_page_text(group, html, url) for group, html, url in [*sample_web_pages(), *bench_pages()])
    return [page for page in found if page is not None]


def tag_pages(catalogue_path: str, pages: list[PageText]) -> list[float]:
    """CPU milliseconds of tagging and mention finding per page (CPU time: the machine may be shared)."""
    catalogue = load_catalogue(catalogue_path)
    times = []
    for page in pages:
        started = time.process_time()
        tag = tag_film(page.jsonld, page.headline, page.body, catalogue, page.url, page.published)
        mentioned_films(page.body, tag, catalogue)
        times.append((time.process_time() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    mean, median = statistics.fmean(times), statistics.median(times)
    return f"mean {mean:.2f}  median {median:.2f}  p95 {p95:.2f}  max {max(times):.1f}"


def timing_table(catalogue_path: str, pages: list[PageText]) -> list[str]:
    lines = ["| pages | n | first pass, CPU ms/page | second pass, CPU ms/page |", "|---|---|---|---|"]
    first = _in_fresh_process(tag_pages, catalogue_path, pages)
    second = tag_pages(catalogue_path, pages + pages)[len(pages) :]
    for group in [*sorted({page.group for page in pages}), "all"]:
        chosen = [i for i, page in enumerate(pages) if group in ("all", page.group)]
        cold, warm = summary([first[i] for i in chosen]), summary([second[i] for i in chosen])
        lines.append(f"| {group} | {len(chosen)} | {cold} | {warm} |")
    return lines


def _in_fresh_process(function: Any, *args: Any) -> Any:
    with multiprocessing.get_context("forkserver").Pool(1) as pool:
        return pool.apply(function, args)


def build_seconds(catalogue_path: str) -> tuple[float, float]:
    """(seconds to build the index from scratch, its size in MB)."""
    own, _ = index_name(Path(catalogue_path))
    for old in cache_dir().glob(f"{own}-*.sqlite"):
        old.unlink()
    started = time.perf_counter()
    load_catalogue(catalogue_path)
    seconds = time.perf_counter() - started
    _, name = index_name(Path(catalogue_path))
    return seconds, (cache_dir() / name).stat().st_size / 2**20


def reader_memory(catalogue_path: str, pages: list[PageText], ready: Any, done: Any) -> None:
    """A reader's life: load the catalogue, tag every page, then wait to be measured."""
    tag_pages(catalogue_path, pages)
    ready.set()
    done.wait()


def index_mapping_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB of the index file's memory mapping in process ``pid``."""
    rss = pss = 0.0
    inside = False
    with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            fields = line.split()
            if fields and "-" in fields[0] and len(fields) >= 5:
                inside = fields[-1].endswith(".sqlite")
            elif inside and fields[0] in ("Rss:", "Pss:"):
                value = int(fields[1]) / 1024
                rss, pss = (rss + value, pss) if fields[0] == "Rss:" else (rss, pss + value)
    return rss, pss


def memory_lines(catalogue_path: str, pages: list[PageText], readers: int = 2) -> list[str]:
    context = multiprocessing.get_context("forkserver")
    done = context.Event()
    started = [context.Event() for _ in range(readers)]
    processes = [
        context.Process(target=reader_memory, args=(catalogue_path, pages, r, done)) for r in started
    ]
    for process in processes:
        process.start()
    for event in started:
        event.wait()
    lines = []
    for number, process in enumerate(processes, 1):
        assert process.pid is not None
        rollup = _status_fields(process.pid, ("Rss", "Pss", "Shared_Clean", "Private_Dirty"), "smaps_rollup")
        mapped_rss, mapped_pss = index_mapping_mb(process.pid)
        lines.append(
            f"| reader {number} | {rollup['Rss']:.0f} | {rollup['Pss']:.0f} | {rollup['Private_Dirty']:.0f} "
            f"| {mapped_rss:.0f} | {mapped_pss:.0f} |"
        )
    done.set()
    for process in processes:
        process.join()
    return lines


def crawl(catalogue_path: str) -> str:
    """The sample crawl (every source of the sample web) with ``catalogue_path``: wall time, peak memory."""
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from reviewcrawl.cli import main; sys.exit(main(['serve']))"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)
        with tempfile.TemporaryDirectory() as work:
            out = Path(work) / "reviews.jsonl"
            command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-a", "source=all", "-O", str(out)]
            command += ["-s", f"REVIEWCRAWL_FILMS={catalogue_path}", "-s", f"LOG_FILE={work}/crawl.log"]
            started = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env={**os.environ, "PYTHONWARNINGS": "ignore"}
            )
            peak_pss = peak_rss = 0.0
            while process.poll() is None:
                pss, rss = _tree_memory(process.pid)
                peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
                time.sleep(0.1)
            seconds = time.perf_counter() - started
            records = out.read_text("utf-8").splitlines() if out.is_file() else []
            tags = [_film_of(line) for line in records]
            drive = sorted({t for t in tags if t.startswith("Drive")})
            ballerina = sorted({t for t in tags if t.startswith("Ballerina")})
            return (
                f"| {catalogue_path} | {seconds:.1f} | {peak_pss:.0f} | {peak_rss:.0f} | {len(records)} "
                f"| {', '.join(drive)} | {', '.join(ballerina)} |"
            )
    finally:
        server.terminate()
        server.wait()


def _film_of(line: str) -> str:
    import json

    record = json.loads(line)
    return f"{record.get('film_title')} {record.get('film_year')}"


def _tree_memory(pid: int) -> tuple[float, float]:
    pss = rss = 0.0
    for member in [pid, *descendants(pid)]:
        found = _status_fields(member, ("Pss", "Rss"), "smaps_rollup")
        pss, rss = pss + found["Pss"], rss + found["Rss"]
    return pss, rss


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.filmscale", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--films", required=True, help="the large catalogue (JSON lines)")
    parser.add_argument(
        "--small", default=str(SMALL), help="the catalogue to compare with ('': time only --films)"
    )
    parser.add_argument("--crawl", action="store_true", help="also run the sample crawl with each catalogue")
    args = parser.parse_args(argv)
    seconds, size = build_seconds(args.films)
    films = len(load_catalogue(args.films))
    print(f"index of {films} films: built in {seconds:.1f} s, {size:.0f} MB")
    pages = page_texts()
    for path in [path for path in (args.small, args.films) if path]:
        print(f"\ntagging + mentions with {path}")
        print("\n".join(timing_table(path, pages)))
        print(
            "\n| process | RSS MB | PSS MB | private dirty MB | index mapped RSS MB | index mapped PSS MB |"
        )
        print("|---|---|---|---|---|---|")
        print("\n".join(memory_lines(path, pages)))
    if args.crawl:
        print("\n| catalogue | wall s | peak PSS MB | peak RSS MB | records | Drive tags | Ballerina tags |")
        print("|---|---|---|---|---|---|---|")
        for path in (args.small or str(SMALL), args.films):
            print(crawl(path), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
