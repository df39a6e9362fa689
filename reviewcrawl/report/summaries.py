"""The runs' closing summaries (``<export>.summary.json``, reviewcrawl/export/summary.py) as a timeline."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reviewcrawl.export.summary import SUMMARY_SUFFIX
from reviewcrawl.report.problems import Problems


@dataclass(frozen=True)
class RunSummary:
    run: str  # the summary's file name
    finished: str  # when the summary was written (its file's time), ISO 8601 UTC
    new: int
    changed: int
    unchanged: int
    duplicates: int
    dropped: int  # dropped for any other reason than unchanged or duplicate
    pages_fetched: int
    errors: int
    finish_reason: str

    def figures(self) -> dict[str, Any]:
        return asdict(self)


def is_summary(path: Path) -> bool:
    return path.name.endswith(SUMMARY_SUFFIX)


def summary_beside(export: Path) -> Path | None:
    path = export.with_name(export.name + SUMMARY_SUFFIX)
    return path if path.is_file() else None


def summary_paths(given: list[Path], exports: list[Path]) -> list[Path]:
    """The summaries given on the command line, then those beside the exports, each once."""
    found = [*given, *(p for p in map(summary_beside, exports) if p is not None)]
    return list(dict.fromkeys(path.resolve() for path in found))


def count(document: dict[str, Any], name: str) -> int:
    value = document.get(name, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def run_summary(path: Path, document: dict[str, Any]) -> RunSummary:
    dropped = document.get("dropped")
    other_drops = (
        {k: v for k, v in dropped.items() if k not in ("unchanged", "duplicate")}
        if isinstance(dropped, dict)
        else {}
    )
    finished = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return RunSummary(
        run=path.name,
        finished=finished,
        new=count(document, "new"),
        changed=count(document, "changed"),
        unchanged=count(document, "unchanged"),
        duplicates=count(document, "duplicates"),
        dropped=sum(v for v in other_drops.values() if isinstance(v, int)),
        pages_fetched=count(document, "pages_fetched"),
        errors=count(document, "errors"),
        finish_reason=str(document.get("finish_reason") or ""),
    )


def read_summaries(paths: list[Path], problems: Problems) -> list[RunSummary]:
    """The readable summaries, oldest first; the others counted as problems."""
    runs = []
    for path in paths:
        try:
            document = json.loads(path.read_bytes())
        except OSError as exc:
            problems.add("missing_file", str(path), exc.strerror or type(exc).__name__)
            continue
        except ValueError:
            problems.add("bad_summary", str(path), "not JSON")
            continue
        if not isinstance(document, dict):
            problems.add("bad_summary", str(path), "not an object")
            continue
        runs.append(run_summary(path, document))
    return sorted(runs, key=lambda run: (run.finished, run.run))
