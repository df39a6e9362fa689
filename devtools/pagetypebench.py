"""Page-type benchmark: which pages give a record, articles against listing, collection, product … pages.

    python -m devtools.pagetypebench [--shared PATH] [--jobs N] [--details FILE]

Reads ``../shared/bench`` (or REVIEWCRAWL_SHARED, or --shared): the WCXB non-article pages (``wcxb-
dev-pagetypes``, page type per file) and the three article sets (``wcxb-dev-articles``,
``scrapinghub``, ``fundus-publishers-dev``). Every page goes through ``review_or_reason`` as
``extract_review`` reads it. Pages are split by domain (publisher for fundus) into a dev half and a
held-out half, by a hash of the domain, so a rule tuned on one half can be checked on sites it
never saw. Prints, per half, the share of each non-article page type that gives a record and the
share of each article set that gives one.

The page-type model (``devtools.pagetypetrain``) is trained on both halves: for the model, the held-out
half is no longer unseen. Its unseen-site figure is the trainer's site-grouped cross-validation, which the
model file carries and this benchmark prints after the table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from devtools.bench import HALVES, domain_half, find_shared

ARTICLE_SETS = ("wcxb-dev-articles", "scrapinghub", "fundus-publishers-dev")
PAGETYPE_SET = "wcxb-dev-pagetypes"
REJECTED_TYPES = ("listing", "collection", "product")  # the target: at most 5% give a record


@dataclass(frozen=True)
class Sample:
    set_name: str
    page_id: str
    domain: str
    page_type: str  # "article" for the article sets
    url: str
    path: str

    @property
    def half(self) -> str:
        return domain_half(self.domain)


@dataclass(frozen=True)
class Outcome:
    set_name: str
    page_id: str
    domain: str
    half: str
    page_type: str
    reason: str  # "record", or the Drop reason


def _wcxb(root: Path, set_name: str) -> Iterator[Sample]:
    meta = json.loads((root / "pages.json").read_text(encoding="utf-8"))
    for truth in sorted((root / "ground-truth").glob("*.json")):
        pid = truth.stem
        url = json.loads(truth.read_text(encoding="utf-8")).get("url") or ""
        info = meta.get(pid, {})
        domain = info.get("domain") or urlsplit(url).hostname or pid
        kind = "article" if set_name != PAGETYPE_SET else info.get("page_type", "unknown")
        yield Sample(set_name, pid, domain, kind, url, str(root / "html" / f"{pid}.html.gz"))


def _scrapinghub(root: Path) -> Iterator[Sample]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for pid in sorted(truth):
        url = truth[pid].get("url") or ""
        domain = (urlsplit(url).hostname or pid).removeprefix("www.")
        yield Sample("scrapinghub", pid, domain, "article", url, str(root / "html" / f"{pid}.html.gz"))


def _fundus(root: Path) -> Iterator[Sample]:
    for path in sorted(root.glob("*/*.html.gz")):
        publisher = path.name.rsplit("_", 3)[0]
        pid = f"{path.parent.name}/{path.name.removesuffix('.html.gz')}"
        domain = f"{path.parent.name}/{publisher}"
        yield Sample("fundus-publishers-dev", pid, domain, "article", "", str(path))


def load_samples(shared: Path) -> list[Sample]:
    bench = shared / "bench"
    samples: list[Sample] = []
    for name in (PAGETYPE_SET, "wcxb-dev-articles"):
        if (bench / name).is_dir():
            samples.extend(_wcxb(bench / name, name))
    if (bench / "scrapinghub").is_dir():
        samples.extend(_scrapinghub(bench / "scrapinghub"))
    if (bench / "fundus-publishers-dev").is_dir():
        samples.extend(_fundus(bench / "fundus-publishers-dev"))
    return samples


def judge(sample: Sample) -> Outcome:
    from reviewcrawl.reading.record import review_or_reason
    from reviewcrawl.stats import Drop

    with gzip.open(sample.path, "rb") as handle:
        html = handle.read()
    outcome = review_or_reason(html, sample.url or None)
    reason = str(outcome) if isinstance(outcome, Drop) else "record"
    return Outcome(sample.set_name, sample.page_id, sample.domain, sample.half, sample.page_type, reason)


def judge_all(samples: list[Sample], jobs: int = 1) -> list[Outcome]:
    if jobs <= 1:
        return [judge(sample) for sample in samples]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(judge, samples, chunksize=8))


def rates(outcomes: list[Outcome]) -> dict[str, dict[str, tuple[int, int]]]:
    """row (article set, or non-article page type) -> half -> (pages giving a record, pages)."""
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: {h: [0, 0] for h in (*HALVES, "all")})
    for outcome in outcomes:
        row = outcome.set_name if outcome.page_type == "article" else outcome.page_type
        for half in (outcome.half, "all"):
            cell = table[row][half]
            cell[0] += outcome.reason == "record"
            cell[1] += 1
        if outcome.page_type in REJECTED_TYPES:
            for half in (outcome.half, "all"):
                cell = table["listing+collection+product"][half]
                cell[0] += outcome.reason == "record"
                cell[1] += 1
    return {row: {half: (c[0], c[1]) for half, c in cells.items()} for row, cells in table.items()}


def share(cell: tuple[int, int]) -> float:
    return cell[0] / cell[1] if cell[1] else 0.0


def format_table(outcomes: list[Outcome]) -> str:
    table = rates(outcomes)
    order = [*ARTICLE_SETS, *REJECTED_TYPES, "listing+collection+product"]
    order += ["forum", "service", "documentation"]
    lines = [f"{'pages giving a record':<28}" + "".join(f"{h:>18}" for h in (*HALVES, "all"))]
    for row in [r for r in order if r in table] + sorted(set(table) - set(order)):
        cells = "".join(
            f"{share(table[row][h]) * 100:>8.1f}% {table[row][h][0]:>4}/{table[row][h][1]:<4}"
            for h in (*HALVES, "all")
        )
        lines.append(f"{row:<28}{cells}")
    reasons = Counter((o.page_type, o.reason) for o in outcomes if o.page_type != "article")
    lines.append("non-article reasons: " + ", ".join(f"{t}/{r}={n}" for (t, r), n in sorted(reasons.items())))
    lost = Counter(o.reason for o in outcomes if o.page_type == "article" and o.reason != "record")
    lines.append("articles dropped: " + ", ".join(f"{r}={n}" for r, n in sorted(lost.items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="the shared data folder (holds bench/)")
    parser.add_argument("--jobs", type=int, default=1, help="reader processes")
    parser.add_argument("--details", type=Path, help="write each page's outcome as JSON lines")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    samples = load_samples(shared) if shared is not None else []
    if not samples:
        print("page-type benchmark data not found (../shared/bench)")
        return 0
    outcomes = judge_all(samples, args.jobs)
    if args.details:
        with args.details.open("w", encoding="utf-8") as handle:
            for outcome in outcomes:
                handle.write(json.dumps(asdict(outcome)) + "\n")
    print(format_table(outcomes))
    print(model_note())
    return 0


def model_note() -> str:
    """What the page-type model was trained on, and its cross-validated share of the rejected types."""
    from reviewcrawl.extract.body.pagemodel import MODEL_FILE

    try:
        data = json.loads(resources.files("reviewcrawl.data").joinpath(MODEL_FILE).read_text("utf-8"))
    except (FileNotFoundError, ModuleNotFoundError):
        return "page-type model: none (the rules judge alone)"
    note = f"page-type model trained on {data.get('trained_on', '?')}: the held-out half is not unseen by it."
    rows = data.get("cross_validated", {}).get("rows", {})
    cells = [
        f"{name} {half} {cell[0]}/{cell[1]}"
        for name in ("listing+collection+product", *ARTICLE_SETS)
        for half, cell in rows.get(name, {}).items()
        if half in HALVES and cell[1]
    ]
    return note + ("\nunseen sites (site-grouped cross-validation): " + ", ".join(cells) if cells else "")


if __name__ == "__main__":
    sys.exit(main())
