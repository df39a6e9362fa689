"""Every bench page's outcome, to check that a change meant to be behaviour-neutral (speed work) is.

    python -m devtools.outcomes OUT.jsonl [--shared PATH] [--jobs N]
    python -m devtools.outcomes --compare BEFORE.jsonl AFTER.jsonl

Writes one JSON line per page of the page-type set and the three article sets: the page's set and id and
either its whole record (sorted keys, the fetch time left out) or the reason it gives none, as
``extract_review`` reads it with the crawl's default film catalogue. ``--compare`` prints the pages whose
outcome differs and exits non-zero when any does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from devtools.bench import find_shared
from devtools.pagetypebench import Sample, load_samples

UNSTABLE_FIELDS = ("fetched_at",)  # differs between runs by design


def outcome_line(sample: Sample) -> str:
    from reviewcrawl.extract.body.audit import StripAudit
    from reviewcrawl.reading.catalogue import catalogue_for
    from reviewcrawl.reading.record import review_or_reason
    from reviewcrawl.stats import Drop

    with gzip.open(sample.path, "rb") as handle:
        html = handle.read()
    outcome = review_or_reason(html, sample.url or None, StripAudit(), catalogue_for(None))
    entry: dict[str, object] = {"set": sample.set_name, "page": sample.page_id}
    if isinstance(outcome, Drop):
        entry["reason"] = str(outcome)
    else:
        entry["record"] = {key: value for key, value in dict(outcome).items() if key not in UNSTABLE_FIELDS}
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)


def write_outcomes(samples: list[Sample], path: Path, jobs: int) -> None:
    if jobs <= 1:
        lines = [outcome_line(sample) for sample in samples]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            lines = list(pool.map(outcome_line, samples, chunksize=8))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _by_page(path: Path) -> dict[tuple[str, str], str]:
    outcomes = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        outcomes[(entry["set"], entry["page"])] = line
    return outcomes


def differences(before: Path, after: Path) -> list[str]:
    """The pages (set/id) whose outcome differs between two dumps, or that only one of them holds."""
    old, new = _by_page(before), _by_page(after)
    return [
        f"{set_name}/{page}"
        for set_name, page in sorted(old.keys() | new.keys())
        if old.get((set_name, page)) != new.get((set_name, page))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="the JSON-lines file to write")
    parser.add_argument("--shared", help="the shared data directory (default ../shared)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        changed = differences(*args.compare)
        print("\n".join(changed) if changed else "no differences")
        return 1 if changed else 0
    shared = find_shared(args.shared)
    if shared is None or args.out is None:
        print("needs OUT and the shared bench data (../shared or --shared)", file=sys.stderr)
        return 2
    write_outcomes(load_samples(shared), args.out, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
