"""The record's Arrow schema, read from reviewcrawl/schema/review.schema.json, and records made into rows.

The JSON Schema is the one description of the record; the Parquet columns follow it:

- ``string`` → string, ``integer`` → int64, ``number`` → float64, a ``null`` in the type (or a field that is
  not required) → a nullable column;
- ``format: date-time`` (``fetched_at``) → a UTC timestamp: it is always a whole instant in UTC, so a
  timestamp sorts and filters as one in every reader. ``published`` stays an ISO string: it is kept at the
  page's precision (a date alone, or a time with the page's own offset), which a timestamp would fill in
  with an invented midnight and a lost offset;
- ``array`` → a list column of its items (``also_at``: list<string>);
- an ``object`` whose properties are closed (``additionalProperties: false``) → a struct
  (``mentioned_films``: list<struct<title, year>>), typed and queryable without parsing; an open object
  would be a JSON string, since its keys are not known beforehand.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from reviewcrawl.items import record_json_schema

TIMESTAMP = pa.timestamp("us", tz="UTC")
SCALARS = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}


def type_names(spec: dict[str, Any]) -> list[str]:
    kind = spec.get("type", "string")
    return [kind] if isinstance(kind, str) else list(kind)


def arrow_type(spec: dict[str, Any]) -> pa.DataType:
    kind = next((name for name in type_names(spec) if name != "null"), "string")
    if kind == "array":
        return pa.list_(arrow_type(spec.get("items", {})))
    if kind == "object":
        if spec.get("additionalProperties") is False and spec.get("properties"):
            return pa.struct(arrow_fields(spec))
        return pa.string()  # an open object: its JSON text
    if kind == "string" and spec.get("format") == "date-time":
        return TIMESTAMP
    return SCALARS[kind]


def arrow_fields(spec: dict[str, Any], names: tuple[str, ...] | None = None) -> list[pa.Field]:
    properties, required = spec["properties"], set(spec.get("required", ()))
    chosen = names if names is not None else tuple(properties)
    return [
        pa.field(
            name,
            arrow_type(properties[name]),
            nullable="null" in type_names(properties[name]) or name not in required,
        )
        for name in chosen
    ]


def record_schema(fields: tuple[str, ...]) -> pa.Schema:
    """The Arrow schema of a record written with these fields, in this order."""
    properties = record_json_schema()["properties"]
    unknown = [name for name in fields if name not in properties]
    if unknown:
        raise ValueError(f"not fields of the record: {', '.join(unknown)}")
    return pa.schema(arrow_fields(record_json_schema(), fields))


def utc_instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def arrow_row(record: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """The record's values as Arrow takes them for ``schema``: timestamps parsed, open objects as JSON."""
    row = {}
    for field in schema:
        value = record.get(field.name)
        if value is not None and field.type == TIMESTAMP and isinstance(value, str):
            value = utc_instant(value)
        elif value is not None and field.type == pa.string() and isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        row[field.name] = value
    return row


def record_batch(records: list[dict[str, Any]], schema: pa.Schema) -> pa.RecordBatch:
    """Records as one batch; a null in a column the schema says is never null is refused, since Arrow
    would write it without complaint."""
    batch = pa.RecordBatch.from_pylist([arrow_row(record, schema) for record in records], schema=schema)
    for field, column in zip(schema, batch.columns, strict=True):
        if not field.nullable and column.null_count:
            raise ValueError(f"{field.name} is null")
    return batch
