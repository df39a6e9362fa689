"""The record's fields are one list, ``RECORD_FIELDS``: the item, the schema and README's table follow it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reviewcrawl.items import RECORD_FIELDS, ReviewItem

ROOT = Path(__file__).resolve().parents[2]
NEVER_EXPORTED = {"minhash", "text_units"}  # read with the page, for the pipelines only


def readme_record_fields() -> list[str]:
    """The field names of README.md's record table, in order (a row may name two)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("| field | meaning |", 1)[1].split("\n\n", 1)[0]
    return [name for row in table.splitlines()[2:] for name in re.findall(r"`([a-z_]+)`", row.split("|")[1])]


def test_item_has_the_record_fields_and_its_own() -> None:
    assert set(ReviewItem.fields) == set(RECORD_FIELDS) | NEVER_EXPORTED


def test_schema_has_the_record_fields_in_order() -> None:
    schema = json.loads((ROOT / "reviewcrawl/schema/review.schema.json").read_text("utf-8"))
    assert list(schema["properties"]) == list(RECORD_FIELDS)
    assert schema["required"] == list(RECORD_FIELDS)
    assert schema["additionalProperties"] is False


def test_readme_table_has_the_record_fields_in_order() -> None:
    assert readme_record_fields() == list(RECORD_FIELDS)
