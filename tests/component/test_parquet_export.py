"""``reviewcrawl export``: JSON lines to Parquet and CSV, bad lines named and skipped; the README's loads.

The three one-line loads are read from the README and run as written, on a file the command wrote.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from reviewcrawl.cli import main
from reviewcrawl.export.convert import convert
from reviewcrawl.items import RECORD_FIELDS
from tests.conftest import PROJECT
from tests.unit.test_arrow_schema import a_record

README_PATH = "out/reviews.parquet"


def corpus(count: int) -> list[dict[str, Any]]:
    return [
        a_record(
            url=f"https://reel.example/reviews/{number}/",
            revision=number,
            also_at=[f"https://copy.example/{n}/" for n in range(number % 3)],
            film_year=None if number % 4 == 0 else 1990 + number,
        )
        for number in range(1, count + 1)
    ]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def same_record(row: dict[str, Any], record: dict[str, Any]) -> None:
    for name in RECORD_FIELDS:
        if name == "fetched_at":
            assert row[name] == datetime.fromisoformat(record[name]), name
        else:
            assert row[name] == record[name], name


def test_jsonl_to_parquet_round_trip_in_row_groups(tmp_path: Path) -> None:
    records = corpus(7)
    source = write_jsonl(tmp_path / "reviews.jsonl", records)
    outcome = convert([source], "parquet", tmp_path / "reviews.parquet", batch_records=3)
    assert (outcome.written, outcome.bad) == (7, [])
    assert pq.ParquetFile(tmp_path / "reviews.parquet").metadata.num_row_groups == 3
    rows = pq.read_table(tmp_path / "reviews.parquet").to_pylist()
    assert len(rows) == 7
    for row, record in zip(rows, records, strict=True):
        same_record(row, record)
    assert not (tmp_path / "reviews.parquet.partial").exists()


def test_csv_cells_are_those_of_the_crawl_csv_feed(tmp_path: Path) -> None:
    records = corpus(3)
    source = write_jsonl(tmp_path / "reviews.jsonl", records)
    assert main(["export", str(source), "--to", "csv"]) == 0
    with (tmp_path / "reviews.csv").open(encoding="utf-8", newline="") as cells:
        rows = list(csv.DictReader(cells))
    assert list(rows[0]) == list(RECORD_FIELDS)
    for row, record in zip(rows, records, strict=True):
        assert json.loads(row["mentioned_films"]) == record["mentioned_films"]
        assert json.loads(row["also_at"]) == record["also_at"]
        assert row["mentioned_films"].count("Le Samouraï") == 1  # non-ASCII as is
        assert row["film_year"] == ("" if record["film_year"] is None else str(record["film_year"]))
        assert row["body"] == record["body"]


def test_bad_lines_are_named_counted_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = corpus(3)
    older = {k: v for k, v in a_record().items() if k != "also_at"}
    lines = [
        json.dumps(good[0]),
        "{not json",
        json.dumps(older),
        json.dumps(a_record(film_year="nineteen")),
        json.dumps(good[1]),
        json.dumps(a_record(content_hash=None)),
        "[1, 2]",
    ]
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(lines) + "\n", "utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps(good[2]) + "\n" + json.dumps(good[0])[:40], "utf-8")  # a killed crawl's end
    for to in ("parquet", "csv"):
        out = tmp_path / f"all.{to}"
        assert main(["export", str(first), str(second), "--to", to, "-o", str(out)]) == 1
        err = capsys.readouterr()
        skipped = re.findall(r"skipped (\S+:\d+): (.*)", err.err)
        assert [where for where, _ in skipped] == [
            f"{first}:2",
            f"{first}:3",
            f"{first}:4",
            f"{first}:6",
            f"{first}:7",
            f"{second}:2",
        ]
        reasons = dict(skipped)
        assert reasons[f"{first}:3"] == "not a record of this schema: missing also_at"
        assert "int64" in reasons[f"{first}:4"]
        assert reasons[f"{first}:6"].endswith("content_hash is null")
        assert reasons[f"{second}:2"] == "a truncated last line (no newline at the end)"
        assert f"wrote 3 records to {out}, skipped 6 bad lines" in err.out
    rows = pq.read_table(tmp_path / "all.parquet").to_pylist()
    assert [row["url"] for row in rows] == [good[0]["url"], good[1]["url"], good[2]["url"]]


def test_only_the_first_bad_lines_are_named_all_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "noisy.jsonl"
    lines = [json.dumps(a_record(film_year="x")) if n % 2 else "oops" for n in range(45)]
    source.write_text("\n".join([*lines, json.dumps(a_record())]) + "\n", "utf-8")
    assert main(["export", str(source), "--to", "parquet"]) == 1
    err = capsys.readouterr()
    named = re.findall(r"skipped \S+:(\d+):", err.err)
    assert named == [str(n) for n in range(1, 21)]  # in reading order, across both kinds of fault
    assert "… and 25 more lines skipped" in err.err
    assert "wrote 1 records" in err.out and "skipped 45 bad lines" in err.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "--to", "csv"], "cannot read missing.jsonl: no such file"),
        (["{a}", "{a}", "--to", "csv"], "-o is needed to convert 2 files into one"),
        (["{a}", "--to", "csv", "-o", "{a}"], "is one of the files to convert"),
        (["{a}", "--to", "parquet", "-o", "no/such/folder/x.parquet"], "no folder no/such/folder"),
    ],
)
def test_bad_arguments_give_one_error_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    source = write_jsonl(tmp_path / "a.jsonl", corpus(1))
    assert main(["export", *(arg.format(a=source) for arg in args)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("reviewcrawl: error: ") and message in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


def readme_loads() -> dict[str, str]:
    """The README's one-line load of the corpus for each library."""
    text = (PROJECT / "README.md").read_text("utf-8")
    lines = re.findall(r"^    (import (pandas|polars|duckdb)\b.*)$", text, flags=re.M)
    return {library: line for line, library in lines}


def test_the_readme_loads_each_give_every_row_and_the_list_columns(tmp_path: Path, monkeypatch: Any) -> None:
    records = corpus(5)
    source = write_jsonl(tmp_path / "reviews.jsonl", records)
    (tmp_path / "out").mkdir()
    assert convert([source], "parquet", tmp_path / README_PATH).written == 5
    monkeypatch.chdir(tmp_path)
    loads = readme_loads()
    assert sorted(loads) == ["duckdb", "pandas", "polars"]
    also_at = [record["also_at"] for record in records]
    films = [record["mentioned_films"] for record in records]
    for library, line in loads.items():
        assert README_PATH in line, line
        scope: dict[str, Any] = {}
        exec(line, scope)
        reviews = scope["reviews"]
        if library == "pandas":
            assert len(reviews) == 5
            assert [list(cell) for cell in reviews["also_at"]] == also_at
            assert [list(cell) for cell in reviews["mentioned_films"]] == films
        elif library == "polars":
            assert reviews.height == 5
            assert reviews.schema["also_at"] == pl.List(pl.String)
            assert reviews["mentioned_films"].to_list() == films
        else:
            assert isinstance(reviews, duckdb.DuckDBPyRelation)
            columns = dict(zip(reviews.columns, map(str, reviews.types), strict=True))
            assert columns["also_at"] == "VARCHAR[]"
            assert columns["mentioned_films"] == 'STRUCT(title VARCHAR, "year" BIGINT)[]'
            rows = reviews.fetchall()
            assert len(rows) == 5
            assert [row[reviews.columns.index("also_at")] for row in rows] == also_at
