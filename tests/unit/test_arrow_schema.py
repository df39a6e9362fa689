"""The Parquet columns follow the record's JSON Schema; the feed writes row groups and a readable file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reviewcrawl.export.arrowschema import TIMESTAMP, record_batch, record_schema
from reviewcrawl.export.parquet import ParquetAppendError, ParquetItemExporter
from reviewcrawl.items import RECORD_FIELDS
from tests.conftest import SCHEMA_PATH


def a_record(**changes: Any) -> dict[str, Any]:
    record = {
        "url": "https://reel.example/reviews/drive/",
        "canonical_url": "https://reel.example/reviews/drive/",
        "source": "Reel",
        "source_domain": "reel.example",
        "headline": "Drive, slowly",
        "author": None,
        "published": "2011-09-16T08:00:00+02:00",
        "language": "en",
        "film_title": "Drive",
        "film_year": 2011,
        "film_evidence": "catalogue:title+year",
        "mentioned_films": [{"title": "Thief", "year": 1981}, {"title": "Le Samouraï", "year": None}],
        "rating": 4,
        "rating_scale": 5.0,
        "body": "A driver, a job, a scorpion jacket.",
        "word_count": 7,
        "content_hash": "a" * 64,
        "fetched_at": "2026-12-05T05:00:00+00:00",
        "revision": 1,
        "also_at": ["https://copy.example/drive/"],
    }
    return {**record, **changes}


def test_every_field_of_the_json_schema_is_a_column_in_the_record_order() -> None:
    schema = record_schema(RECORD_FIELDS)
    properties = json.loads(SCHEMA_PATH.read_text("utf-8"))["properties"]
    assert schema.names == list(RECORD_FIELDS)
    assert set(schema.names) == set(properties)


def test_columns_are_typed_from_the_json_schema() -> None:
    schema = record_schema(RECORD_FIELDS)
    assert schema.field("film_year").type == pa.int64()
    assert schema.field("rating").type == pa.float64()
    assert schema.field("published").type == pa.string()
    assert schema.field("fetched_at").type == TIMESTAMP
    assert schema.field("also_at").type == pa.list_(pa.string())
    films = schema.field("mentioned_films").type
    assert films.value_type == pa.struct(
        [pa.field("title", pa.string(), nullable=False), pa.field("year", pa.int64())]
    )


def test_nullable_exactly_where_the_json_schema_allows_null() -> None:
    properties = json.loads(SCHEMA_PATH.read_text("utf-8"))["properties"]
    for field in record_schema(RECORD_FIELDS):
        types = properties[field.name]["type"]
        assert field.nullable == ("null" in types if isinstance(types, list) else False), field.name


def test_a_null_where_the_schema_allows_none_is_refused() -> None:
    schema = record_schema(RECORD_FIELDS)
    assert record_batch([a_record()], schema).num_rows == 1
    with pytest.raises(ValueError, match="body is null"):
        record_batch([a_record(body=None)], schema)


def write_feed(path: Path, records: list[dict[str, Any]], **kwargs: Any) -> None:
    with path.open("wb") as file:
        exporter = ParquetItemExporter(file, **kwargs)
        exporter.start_exporting()
        for record in records:
            exporter.export_item(record)
        exporter.finish_exporting()


def test_the_feed_writes_a_row_group_per_batch_and_reads_back_typed(tmp_path: Path) -> None:
    path = tmp_path / "reviews.parquet"
    records = [a_record(revision=number) for number in range(1, 6)]
    write_feed(path, records, row_group_records=2)
    metadata = pq.ParquetFile(path).metadata
    assert (metadata.num_row_groups, metadata.num_rows) == (3, 5)
    rows = pq.read_table(path).to_pylist()
    assert [row["revision"] for row in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["mentioned_films"] == records[0]["mentioned_films"]
    assert rows[0]["fetched_at"].isoformat() == "2026-12-05T05:00:00+00:00"
    assert rows[0]["published"] == "2011-09-16T08:00:00+02:00"
    assert rows[0]["rating"] == 4.0


def test_an_empty_feed_is_a_readable_file_with_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    write_feed(path, [])
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.names == list(RECORD_FIELDS)


def test_appending_to_a_parquet_file_is_refused_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "reviews.parquet"
    write_feed(path, [a_record()])
    before = path.read_bytes()
    with path.open("ab") as file, pytest.raises(ParquetAppendError, match="cannot be appended"):
        ParquetItemExporter(file)
    assert path.read_bytes() == before
