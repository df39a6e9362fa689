"""Main-text extraction benchmark: reviewcrawl against trafilatura and readability-lxml.

    python -m devtools.bench [--shared PATH] [--limit N] [--only reviewcrawl] [--details FILE]

Reads the annotated sets in ``../shared/bench`` (or REVIEWCRAWL_SHARED, or --shared) and prints quality and
speed per tool and set. Timing covers the extraction call only: decode, parse and extract, for every tool.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass(frozen=True)
class BenchPage:
    page_id: str
    url: str
    html: bytes
    reference: str


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
        )
        for pid in ids
    ]
    return BenchSet("scrapinghub", pages, shingle_page_score, shingle_set_score)


def load_wcxb(root: Path, limit: int | None = None) -> BenchSet:
    files = sorted((root / "ground-truth").glob("*.json"))
    pages = []
    for path in files[:limit] if limit else files:
        record = json.loads(path.read_text(encoding="utf-8"))
        pid = path.stem
        reference = (record.get("ground_truth") or {}).get("main_content") or ""
        html = _read_gz(root / "html" / f"{pid}.html.gz")
        pages.append(BenchPage(pid, record.get("url") or "", html, reference))
    return BenchSet("wcxb-dev-articles", pages, word_page_score, word_set_score)


def load_sets(shared: Path, limit: int | None = None) -> list[BenchSet]:
    bench = shared / "bench"
    sets = []
    if (bench / "scrapinghub").is_dir():
        sets.append(load_scrapinghub(bench / "scrapinghub", limit))
    if (bench / "wcxb-dev-articles").is_dir():
        sets.append(load_wcxb(bench / "wcxb-dev-articles", limit))
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


def format_table(runs: list[ToolRun]) -> str:
    header = (
        f"{'set':<18} {'tool':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'acc':>6} "
        f"{'med ms':>7} {'mean ms':>8} {'F1 vs rc':>9} {'speed vs rc':>12}"
    )
    lines = [header, "-" * len(header)]
    for run in runs:
        own = next((r for r in runs if r.set_name == run.set_name and r.tool == "reviewcrawl"), None)
        f1_delta = f"{own.score.f1 - run.score.f1:+.4f}" if own and run is not own else ""
        speed = f"{run.median_ms / own.median_ms:.1f}x" if own and run is not own and own.median_ms else ""
        lines.append(
            f"{run.set_name:<18} {run.tool:<12} {run.score.f1:6.4f} {run.score.precision:6.4f} "
            f"{run.score.recall:6.4f} {run.score.accuracy:6.3f} {run.median_ms:7.2f} {run.mean_ms:8.2f} "
            f"{f1_delta:>9} {speed:>12}"
        )
    lines.append(
        "F1 vs rc: reviewcrawl's F1 minus the tool's. Speed vs rc: the tool's median ms / reviewcrawl's."
    )
    return "\n".join(lines)


def write_details(runs: list[ToolRun], path: Path) -> None:
    """Per-page scores and outputs as JSON lines, for studying failures."""
    with path.open("w", encoding="utf-8") as handle:
        for run in runs:
            for (page_id, (scored, text)), ms in zip(run.outputs.items(), run.millis, strict=True):
                row = {
                    "set": run.set_name,
                    "tool": run.tool,
                    "id": page_id,
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
    parser.add_argument("--details", type=Path, help="write per-page scores and outputs (JSON lines)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("benchmark data not found (../shared/bench or REVIEWCRAWL_SHARED); nothing to do")
        return 0
    bench_sets = [s for s in load_sets(shared, args.limit) if not args.sets or s.name in args.sets]
    extractors = dict(available_tools(args.only or list(TOOLS)))
    runs = [run for bench_set in bench_sets for run in run_tools(extractors, bench_set)]
    runs.sort(key=lambda run: (run.set_name, list(TOOLS).index(run.tool)))
    print(format_table(runs))
    if args.details:
        write_details(runs, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
