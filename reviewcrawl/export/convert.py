"""``reviewcrawl export``: JSON-lines corpora already written, converted to Parquet or CSV as a stream.

Lines are read one at a time and written in batches of ``BATCH_RECORDS`` (a Parquet row group each), so
memory stays flat however large the corpus. A line that is no record of this schema — the half line a
killed crawl left, text that is not JSON, a record with missing or unknown fields (an older schema), a
value of the wrong type — is skipped, counted and named by file and line; the rest is converted. Parquet
columns are those of the crawl's Parquet feed, CSV cells those of its CSV feed. The output is written
beside its final name and moved there once complete.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from reviewcrawl.export.arrowschema import record_batch, record_schema
from reviewcrawl.export.csvcells import JsonCellCsvItemExporter
from reviewcrawl.export.parquet import COMPRESSION
from reviewcrawl.items import RECORD_FIELDS, field_gaps

BATCH_RECORDS = 1000
SHOWN_BAD_LINES = 20  # named one by one; the rest only counted


@dataclass(frozen=True, order=True)
class Line:
    file_index: int  # the file's place among those converted: lines sort in reading order
    number: int
    path: Path = field(compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.number}"


@dataclass
class Located:
    where: Line
    record: dict[str, Any]


@dataclass
class Outcome:
    """Records written; bad lines counted, and the first ``shown`` of them (in reading order) kept with
    their reasons, so a corpus of bad lines takes no more memory than a good one."""

    written: int = 0
    bad_count: int = 0
    shown: int = SHOWN_BAD_LINES
    bad: list[tuple[Line, str]] = field(default_factory=list)

    def skip(self, where: Line, reason: str) -> None:
        self.bad_count += 1
        self.bad.append((where, reason))
        if len(self.bad) > 2 * self.shown:
            self.first_bad()

    def first_bad(self) -> list[tuple[Line, str]]:
        self.bad = sorted(self.bad)[: self.shown]
        return self.bad


def record_problem(value: Any) -> str | None:
    """Why a parsed line is not a record of this schema, or None."""
    if not isinstance(value, dict):
        return f"not a record: a JSON {type(value).__name__}"
    missing, unknown = field_gaps(value)
    if not missing and not unknown:
        return None
    kinds = (("missing", missing), ("unknown", unknown))
    return "not a record of this schema: " + "; ".join(
        f"{label} {', '.join(names)}" for label, names in kinds if names
    )


def parsed_line(raw: bytes) -> tuple[Any, str | None]:
    """A line's JSON value, or why it has none."""
    try:
        return json.loads(raw.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, "not UTF-8"
    except json.JSONDecodeError as exc:
        if not raw.endswith(b"\n"):
            return None, "a truncated last line (no newline at the end)"
        return None, f"not JSON ({exc.msg})"


def read_records(paths: list[Path], outcome: Outcome) -> Iterator[Located]:
    for file_index, path in enumerate(paths):
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, 1):
                if not raw.strip():
                    continue
                value, problem = parsed_line(raw)
                problem = problem or record_problem(value)
                if problem:
                    outcome.skip(Line(file_index, number, path), problem)
                else:
                    yield Located(Line(file_index, number, path), value)


def batches(records: Iterator[Located], size: int) -> Iterator[list[Located]]:
    batch: list[Located] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def typed(batch: list[Located], schema: pa.Schema, outcome: Outcome) -> tuple[list[Located], pa.RecordBatch]:
    """The batch's records whose values fit their columns, and their Arrow batch; the others counted bad.
    Both formats skip the same lines, so a CSV holds no record its Parquet twin would lack."""
    try:
        return batch, record_batch([located.record for located in batch], schema)
    except (pa.ArrowException, ValueError, TypeError):  # find the records at fault, keep the others
        pass
    good = []
    for located in batch:
        try:
            record_batch([located.record], schema)
        except (pa.ArrowException, ValueError, TypeError) as exc:
            outcome.skip(located.where, f"a value of the wrong type: {exc}")
        else:
            good.append(located)
    return good, record_batch([located.record for located in good], schema)


class Sink(Protocol):
    def write(self, batch: list[Located], outcome: Outcome) -> None: ...
    def close(self) -> None: ...


class ParquetSink:
    def __init__(self, file: IO[bytes]) -> None:
        self.schema = record_schema(RECORD_FIELDS)
        self.writer = pq.ParquetWriter(file, self.schema, compression=COMPRESSION)

    def write(self, batch: list[Located], outcome: Outcome) -> None:
        _, rows = typed(batch, self.schema, outcome)
        if rows.num_rows:
            self.writer.write_batch(rows, row_group_size=rows.num_rows)
        outcome.written += rows.num_rows

    def close(self) -> None:
        self.writer.close()


class CsvSink:
    def __init__(self, file: IO[bytes]) -> None:
        self.schema = record_schema(RECORD_FIELDS)
        fields = list(RECORD_FIELDS)
        self.exporter = JsonCellCsvItemExporter(file, fields_to_export=fields, encoding="utf-8")  # type: ignore[arg-type]
        self.exporter.start_exporting()

    def write(self, batch: list[Located], outcome: Outcome) -> None:
        good, _ = typed(batch, self.schema, outcome)
        for located in good:
            self.exporter.export_item(located.record)
        outcome.written += len(good)

    def close(self) -> None:
        self.exporter.finish_exporting()


def convert(paths: list[Path], to: str, out: Path, batch_records: int = BATCH_RECORDS) -> Outcome:
    """Write the records of ``paths`` to ``out``; an ``OSError`` leaves no output behind."""
    outcome = Outcome()
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("wb") as file:
            sink: Sink = ParquetSink(file) if to == "parquet" else CsvSink(file)
            for batch in batches(read_records(paths, outcome), batch_records):
                sink.write(batch, outcome)
            sink.close()
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return outcome
