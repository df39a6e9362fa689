"""Streaming the JSON-lines exports: one line at a time, each either a record or a named problem."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from reviewcrawl.report.problems import Problems
from reviewcrawl.report.recordcheck import record_problem


def open_export(path: Path) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, "rb")) if path.suffix == ".gz" else path.open("rb")


def read_records(path: Path, problems: Problems) -> Iterator[dict[str, Any]]:
    """The records of one export; every line that is not one is counted in ``problems`` under its kind."""
    try:
        stream = open_export(path)
    except OSError as exc:
        problems.add("missing_file", str(path), exc.strerror or type(exc).__name__)
        return
    lines = 0
    with stream:
        try:
            for lines, line in enumerate(stream, start=1):
                record = parsed_record(line, f"{path}:{lines}", problems)
                if record is not None:
                    yield record
        except (OSError, EOFError) as exc:  # a cut or damaged .gz, a directory given as a file
            problems.add("missing_file", f"{path}:{lines + 1}", str(exc) or type(exc).__name__)
    if lines == 0:
        problems.add("empty_file", str(path))


def parsed_record(line: bytes, where: str, problems: Problems) -> dict[str, Any] | None:
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except ValueError:
        kind = "not_json" if line.endswith(b"\n") else "truncated_last_line"
        problems.add(kind, where)
        return None
    if not isinstance(value, dict):
        problems.add("not_a_record", where)
        return None
    found = record_problem(value)
    if found is not None:
        problems.add(found[0], where, found[1])
        return None
    return value
