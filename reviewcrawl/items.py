"""The raw page the spider hands to the pipelines, and what reading it gives: a review record, or why none.

The first pipeline reads each ``PageItem``; a ``NoReview`` is dropped under its reason there, so every later
pipeline sees only ``ReviewItem``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import scrapy
from scrapy import Field

from reviewcrawl.stats import Drop


class ReviewItem(scrapy.Item):
    """One clean review record; see reviewcrawl/schema/review.schema.json.

    Fields are declared in the order the export writes them (``RECORD_FIELDS`` follows the declaration,
    since Scrapy's own ``fields`` are in alphabetical order).
    """

    url: Field = Field()
    canonical_url: Field = Field()
    source: Field = Field()
    source_domain: Field = Field()
    headline: Field = Field()
    author: Field = Field()
    published: Field = Field()
    language: Field = Field()
    film_title: Field = Field()
    film_year: Field = Field()
    film_evidence: Field = Field()
    mentioned_films: Field = Field()
    rating: Field = Field()
    rating_scale: Field = Field()
    body: Field = Field()
    word_count: Field = Field()
    content_hash: Field = Field()
    fetched_at: Field = Field()
    revision: Field = Field()  # 1 for a first export, +1 for each export of a changed body
    also_at: Field = Field()  # canonical URLs of other pages carrying the same review
    # Read with the page, for the pipelines only; never exported, each removed by the last pipeline that
    # wants it so that it stays out of the "Scraped" log lines:
    minhash: Field = Field(exported=False)  # the body's near-duplicate signature (neardup.signature_bytes)
    text_units: Field = Field(exported=False)  # the body's length in words (reading.record.text_units)


# Fields written to the export, in this order (FEED_EXPORT_FIELDS).
RECORD_FIELDS: tuple[str, ...] = tuple(
    name for name in ReviewItem.__annotations__ if ReviewItem.fields[name].get("exported", True)
)
_KNOWN_FIELDS = frozenset(RECORD_FIELDS)
RECORD_SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "review.schema.json"


@cache
def record_json_schema() -> dict[str, Any]:
    """The record's JSON Schema, read once: its properties are ``RECORD_FIELDS``, all required."""
    schema: dict[str, Any] = json.loads(RECORD_SCHEMA_PATH.read_text("utf-8"))
    return schema


def field_gaps(value: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """How an object read back from an export falls short of a record: the record fields it lacks (in
    record order) and the keys that are no record field (in its own order)."""
    missing = [name for name in RECORD_FIELDS if name not in value]
    unknown = [name for name in value if name not in _KNOWN_FIELDS]
    return missing, unknown


@dataclass(frozen=True)
class NoReview:
    """A page that gives no review record: ``reason`` says why (the page is dropped and counted under it)."""

    reason: Drop


class PageItem(scrapy.Item):
    """A fetched page on its way through the pipelines; never exported as is."""

    url = scrapy.Field()
    body_bytes = scrapy.Field()
    encoding = scrapy.Field()  # what the HTTP layer decided, a hint only
    source_key = scrapy.Field()  # registry key of the site, or None
    rendered = scrapy.Field()  # fetched through the browser
    fetched_at = scrapy.Field()
