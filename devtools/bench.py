"""Main-text extraction benchmark: reviewcrawl against trafilatura and readability-lxml.

    python -m devtools.bench [--shared PATH] [--limit N] [--only reviewcrawl] [--details FILE] [--meta]
    python -m devtools.bench --records    (whole records: extract_review vs trafilatura.bare_extraction)

Reads the annotated sets in ``../shared/bench`` (or REVIEWCRAWL_SHARED, or --shared) and prints quality and
speed per tool and set. Timing covers the extraction call only: decode, parse and extract, for every tool.
``--meta`` adds the headline / author / date tables of ``devtools.metabench``.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from devtools.benchmetrics import (
    PageScore,
    SetScore,
    shingle_page_score,
    shingle_set_score,
    word_page_score,
    word_set_score,
)

Extractor = Callable[[bytes, str], str]
PROJECT_ROOT = Path(__file__).resolve().parents[1]
HALVES = ("dev", "held-out")


def site_key(domain: str) -> str:
    """The site a page belongs to (publisher for fundus): its domain, lower-cased, without "www."."""
    return domain.lower().removeprefix("www.")


def domain_half(domain: str) -> str:
    """The half a site falls in, by a hash of its domain (publisher for fundus): stable across runs and
    machines, so a signal tuned on the dev half can be checked on sites it never saw."""
    digest = hashlib.sha256(site_key(domain).encode("utf-8")).digest()
    return HALVES[digest[0] & 1]


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


@dataclass(frozen=True)
class BenchPage:
    page_id: str
    url: str
    html: bytes
    reference: str
    domain: str = ""  # the site (publisher for fundus): the unit of the dev / held-out split


@dataclass(frozen=True)
class BenchSet:
    name: str
    pages: list[BenchPage]
    page_score: Callable[[str, str], PageScore]
    set_score: Callable[[list[PageScore]], SetScore]


@dataclass
class ToolRun:
    tool: str
    set_name: str
    score: SetScore
    millis: list[float] = field(default_factory=list)
    outputs: dict[str, tuple[PageScore, str]] = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.millis) if self.millis else 0.0

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.millis) if self.millis else 0.0


def find_shared(explicit: str | None = None) -> Path | None:
    """The shared material: --shared if given, else REVIEWCRAWL_SHARED, else ../shared beside the project."""
    default = [os.environ.get("REVIEWCRAWL_SHARED"), str(PROJECT_ROOT.parent / "shared")]
    candidates = [explicit] if explicit else default
    for candidate in candidates:
        if candidate and (Path(candidate) / "bench").is_dir():
            return Path(candidate)
    return None


def _read_gz(path: Path) -> bytes:
    with gzip.open(path, "rb") as handle:
        return handle.read()


def load_scrapinghub(root: Path, limit: int | None = None) -> BenchSet:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = [
        BenchPage(
            pid,
            truth[pid].get("url") or "",
            _read_gz(root / "html" / f"{pid}.html.gz"),
            truth[pid].get("articleBody") or "",
            _host(truth[pid].get("url") or "") or pid,
        )
        for pid in ids
    ]
    return BenchSet("scrapinghub", pages, shingle_page_score, shingle_set_score)


def load_wcxb(root: Path, limit: int | None = None) -> BenchSet:
    files = sorted((root / "ground-truth").glob("*.json"))
    meta_path = root / "pages.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    pages = []
    for path in files[:limit] if limit else files:
        record = json.loads(path.read_text(encoding="utf-8"))
        pid = path.stem
        reference = (record.get("ground_truth") or {}).get("main_content") or ""
        html = _read_gz(root / "html" / f"{pid}.html.gz")
        url = record.get("url") or ""
        domain = (meta.get(pid) or {}).get("domain") or _host(url) or pid
        pages.append(BenchPage(pid, url, html, reference, domain))
    return BenchSet("wcxb-dev-articles", pages, word_page_score, word_set_score)


def fundus_reference(body: dict[str, object]) -> str:
    """The fundus reference text: the summary, then each section's headline and paragraphs, in order."""
    parts: list[str] = [str(line) for line in body.get("summary") or []]  # type: ignore[attr-defined]
    for section in body.get("sections") or []:  # type: ignore[attr-defined]
        parts.extend(str(line) for line in section.get("headline") or [])
        parts.extend(str(line) for line in section.get("paragraphs") or [])
    return "\n".join(parts)


@dataclass(frozen=True)
class FundusPage:
    """One Fundus test page with its expected extraction."""

    page_id: str  # <country>/<Publisher>_<date>
    domain: str  # <country>/<Publisher>: pages are split by publisher
    publisher: str
    path: Path
    expected: dict[str, Any]


def fundus_pages(root: Path) -> Iterator[FundusPage]:
    """Fundus's parser test pages: ``<country>/<Publisher>_<date>.html.gz``; ``<country>/<Publisher>.json``
    holds one expected extraction per page, ``V1``, ``V2`` … in the order of the page dates."""
    for expected in sorted(root.glob("*/*.json")):
        versions = json.loads(expected.read_text(encoding="utf-8"))
        htmls = sorted(expected.parent.glob(f"{expected.stem}_????_??_??.html.gz"))
        keys = sorted(versions, key=lambda key: int(key.lstrip("V")))
        for key, path in zip(keys, htmls, strict=False):
            yield FundusPage(
                page_id=f"{expected.parent.name}/{path.name.removesuffix('.html.gz')}",
                domain=f"{expected.parent.name}/{expected.stem}",
                publisher=expected.stem,
                path=path,
                expected=versions[key],
            )


def load_fundus(root: Path, limit: int | None = None) -> BenchSet:
    pages = [
        BenchPage(
            page.page_id,
            "",
            _read_gz(page.path),
            fundus_reference(page.expected.get("body") or {}),
            page.domain,
        )
        for page in fundus_pages(root)
    ]
    return BenchSet(
        "fundus-publishers-dev", pages[:limit] if limit else pages, word_page_score, word_set_score
    )


def load_sets(shared: Path, limit: int | None = None) -> list[BenchSet]:
    bench = shared / "bench"
    sets = []
    if (bench / "scrapinghub").is_dir():
        sets.append(load_scrapinghub(bench / "scrapinghub", limit))
    if (bench / "wcxb-dev-articles").is_dir():
        sets.append(load_wcxb(bench / "wcxb-dev-articles", limit))
    if (bench / "fundus-publishers-dev").is_dir():
        sets.append(load_fundus(bench / "fundus-publishers-dev", limit))
    return sets


def reviewcrawl_extractor() -> Extractor:
    from reviewcrawl.extract.body.strip import extract_body
    from reviewcrawl.extract.page.page import load_page

    def run(html: bytes, url: str) -> str:
        page = load_page(html, url)
        return (extract_body(page) if page is not None else None) or ""

    return run


def trafilatura_extractor() -> Extractor:
    import trafilatura

    def run(html: bytes, url: str) -> str:
        return trafilatura.extract(html, url=url) or ""

    return run


def readability_extractor() -> Extractor:
    from lxml import html as lxml_html
    from readability import Document

    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "br", "td"}

    def run(html: bytes, url: str) -> str:
        summary = Document(html, url=url).summary()
        tree = lxml_html.fromstring(summary)
        for element in tree.iter():
            if isinstance(element.tag, str) and element.tag in blocks:
                element.tail = "\n" + (element.tail or "")
        return tree.text_content()

    return run


TOOLS: dict[str, Callable[[], Extractor]] = {
    "reviewcrawl": reviewcrawl_extractor,
    "trafilatura": trafilatura_extractor,
    "readability": readability_extractor,
}


def available_tools(names: list[str]) -> Iterator[tuple[str, Extractor]]:
    for name in names:
        try:
            yield name, TOOLS[name]()
        except ImportError as error:
            print(f"skipping {name}: not importable ({error.name}); pip install .[bench]", file=sys.stderr)


def run_tool(tool: str, extractor: Extractor, bench_set: BenchSet) -> ToolRun:
    """One tool over one set."""
    return run_tools({tool: extractor}, bench_set)[0]


def run_tools(extractors: dict[str, Extractor], bench_set: BenchSet) -> list[ToolRun]:
    """Every tool over one set, page by page: each page is timed for all tools back to back, so a change in
    machine load during the run weighs on every tool alike."""
    runs = {tool: ToolRun(tool, bench_set.name, SetScore(0.0, 0.0, 0.0, 0.0, 0)) for tool in extractors}
    gc.disable()
    try:
        for page in bench_set.pages:
            for tool, extractor in extractors.items():
                text, millis = _timed(extractor, page)
                runs[tool].millis.append(millis)
                runs[tool].outputs[page.page_id] = (bench_set.page_score(page.reference, text), text)
                gc.collect(0)
    finally:
        gc.enable()
    for run in runs.values():
        run.score = bench_set.set_score([scored for scored, _ in run.outputs.values()])
    return list(runs.values())


def _timed(extractor: Extractor, page: BenchPage) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        text = extractor(page.html, page.url)
    except Exception:  # an anchor tool failing on a page scores as empty output
        text = ""
    return text, (time.perf_counter() - start) * 1000


SPEED_TARGET = 0.25  # reviewcrawl's mean time per page, as a share of trafilatura's at most


def format_table(runs: list[ToolRun]) -> str:
    header = (
        f"{'set':<22} {'tool':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'acc':>6} "
        f"{'med ms':>7} {'mean ms':>8} {'F1 vs rc':>9} {'speed vs rc':>12} {'mean x':>7}"
    )
    lines = [header, "-" * len(header)]
    for run in runs:
        own = _own_run(runs, run)
        f1_delta = f"{own.score.f1 - run.score.f1:+.4f}" if own and run is not own else ""
        speed = f"{run.median_ms / own.median_ms:.1f}x" if own and run is not own and own.median_ms else ""
        mean_share = mean_ratio(own, run) if own and run is not own else None
        share = f"{mean_share:.3f}" if mean_share is not None else ""
        lines.append(
            f"{run.set_name:<22} {run.tool:<12} {run.score.f1:6.4f} {run.score.precision:6.4f} "
            f"{run.score.recall:6.4f} {run.score.accuracy:6.3f} {run.median_ms:7.2f} {run.mean_ms:8.2f} "
            f"{f1_delta:>9} {speed:>12} {share:>7}"
        )
    lines.append(
        "F1 vs rc: reviewcrawl's F1 minus the tool's. Speed vs rc: the tool's median ms / reviewcrawl's. "
        "Mean x: reviewcrawl's mean ms / the tool's."
    )
    lines.extend(speed_verdicts(runs))
    return "\n".join(lines)


def _own_run(runs: list[ToolRun], run: ToolRun) -> ToolRun | None:
    return next((r for r in runs if r.set_name == run.set_name and r.tool == "reviewcrawl"), None)


def mean_ratio(own: ToolRun, other: ToolRun) -> float | None:
    """reviewcrawl's mean time per page over the other tool's, from the same run; None without timings."""
    return own.mean_ms / other.mean_ms if own.millis and other.mean_ms else None


def speed_verdicts(runs: list[ToolRun]) -> list[str]:
    """One line per set against the target: reviewcrawl's mean time at most SPEED_TARGET x trafilatura's."""
    verdicts = []
    for run in runs:
        own = _own_run(runs, run)
        if own is None or run.tool != "trafilatura":
            continue
        ratio = mean_ratio(own, run)
        if ratio is not None:
            verdict = "meets" if ratio <= SPEED_TARGET else "MISSES"
            verdicts.append(
                f"speed {run.set_name}: mean {own.mean_ms:.2f} ms vs trafilatura {run.mean_ms:.2f} ms = "
                f"{ratio:.3f}x, {verdict} the {SPEED_TARGET}x target"
            )
    return verdicts


def format_halves(runs: list[ToolRun], bench_sets: list[BenchSet]) -> str:
    """Leave-sites-out view: each set split by site into the dev and held-out halves, tools side by side
    (F1 / precision / recall per tool)."""
    tools = list(dict.fromkeys(run.tool for run in runs))
    header = f"{'set':<22} {'half':<9} {'pages':>5} " + " ".join(f"{tool + ' F1/P/R':>22}" for tool in tools)
    lines = [header, "-" * len(header)]
    for bench_set in bench_sets:
        for half in HALVES:
            ids = [page.page_id for page in bench_set.pages if domain_half(page.domain) == half]
            cells = []
            for tool in tools:
                run = next((r for r in runs if r.set_name == bench_set.name and r.tool == tool), None)
                if run is None:
                    cells.append(f"{'':>22}")
                    continue
                score = bench_set.set_score([run.outputs[pid][0] for pid in ids if pid in run.outputs])
                cells.append(f"{score.f1:6.4f}/{score.precision:6.4f}/{score.recall:6.4f}".rjust(22))
            lines.append(f"{bench_set.name:<22} {half:<9} {len(ids):>5} " + " ".join(cells))
    lines.append(
        "Halves: sites (fundus: publishers) split by a hash of the domain; tune on dev, accept on held-out."
    )
    return "\n".join(lines)


def write_details(runs: list[ToolRun], path: Path, bench_sets: Sequence[BenchSet] = ()) -> None:
    """Per-page scores and outputs as JSON lines, for studying failures."""
    domains = {(s.name, page.page_id): page.domain for s in bench_sets for page in s.pages}
    with path.open("w", encoding="utf-8") as handle:
        for run in runs:
            for (page_id, (scored, text)), ms in zip(run.outputs.items(), run.millis, strict=True):
                row = {
                    "set": run.set_name,
                    "tool": run.tool,
                    "id": page_id,
                    "domain": domains.get((run.set_name, page_id), ""),
                    "f1": scored.f1,
                    "precision": scored.precision,
                    "recall": scored.recall,
                    "ms": ms,
                    "text": text,
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m devtools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="path of the shared material (holds bench/)")
    parser.add_argument("--limit", type=int, help="first N pages of each set")
    parser.add_argument(
        "--only", action="append", choices=sorted(TOOLS), help="run only this tool (repeatable)"
    )
    parser.add_argument("--set", dest="sets", action="append", help="run only this set (repeatable)")
    parser.add_argument(
        "--halves", action="store_true", help="also print each set split by site into dev and held-out halves"
    )
    parser.add_argument("--details", type=Path, help="write per-page scores and outputs (JSON lines)")
    parser.add_argument(
        "--meta", action="store_true", help="also score headline, author and date against trafilatura"
    )
    parser.add_argument(
        "--records",
        action="store_true",
        help="time whole records instead: extract_review vs trafilatura.bare_extraction with metadata",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("benchmark data not found (../shared/bench or REVIEWCRAWL_SHARED); nothing to do")
        return 0
    bench_sets = [s for s in load_sets(shared, args.limit) if not args.sets or s.name in args.sets]
    if args.records:
        return record_bench(bench_sets)
    extractors = dict(available_tools(args.only or list(TOOLS)))
    runs = [run for bench_set in bench_sets for run in run_tools(extractors, bench_set)]
    runs.sort(key=lambda run: (run.set_name, list(TOOLS).index(run.tool)))
    print(format_table(runs))
    if args.halves:
        print()
        print(format_halves(runs, bench_sets))
    if args.details:
        write_details(runs, args.details, bench_sets)
    if args.meta:
        from devtools.metabench import format_meta, run_meta_bench

        print()
        print(format_meta(*run_meta_bench(shared, args.sets, None)))
    return 0


def record_bench(bench_sets: list[BenchSet]) -> int:
    from devtools.recordbench import RECORD_TOOLS, format_record_speed

    extractors = {tool: make() for tool, make in RECORD_TOOLS.items()}
    runs = [run for bench_set in bench_sets for run in run_tools(extractors, bench_set)]
    print(format_record_speed(runs, bench_sets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
