"""The raw page the spider hands to the pipelines, and what reading it gives: a review record, or why none.

The first pipeline reads each ``PageItem``; a ``NoReview`` is dropped under its reason there, so every later
pipeline sees only ``ReviewItem``.
"""

from __future__ import annotations

from dataclasses import dataclass

import scrapy

from reviewcrawl.stats import Drop

# Fields written to the JSON-lines export, in this order.
RECORD_FIELDS: tuple[str, ...] = (
    "url",
    "canonical_url",
    "source",
    "source_domain",
    "headline",
    "author",
    "published",
    "language",
    "film_title",
    "film_year",
    "film_evidence",
    "mentioned_films",
    "rating",
    "rating_scale",
    "body",
    "word_count",
    "content_hash",
    "fetched_at",
    "revision",
    "also_at",
)


class ReviewItem(scrapy.Item):
    """One clean review record; see reviewcrawl/schema/review.schema.json."""

    url = scrapy.Field()
    canonical_url = scrapy.Field()
    source = scrapy.Field()
    source_domain = scrapy.Field()
    headline = scrapy.Field()
    author = scrapy.Field()
    published = scrapy.Field()
    language = scrapy.Field()
    film_title = scrapy.Field()
    film_year = scrapy.Field()
    film_evidence = scrapy.Field()
    mentioned_films = scrapy.Field()
    rating = scrapy.Field()
    rating_scale = scrapy.Field()
    body = scrapy.Field()
    word_count = scrapy.Field()
    content_hash = scrapy.Field()
    fetched_at = scrapy.Field()
    revision = scrapy.Field()  # 1 for a first export, +1 for each export of a changed body
    also_at = scrapy.Field()  # canonical URLs of other pages carrying the same review
    # Read with the page, for the pipelines only; never exported (FEED_EXPORT_FIELDS), each removed by the
    # last pipeline that wants it so that it stays out of the "Scraped" log lines:
    minhash = scrapy.Field()  # the body's near-duplicate signature (neardup.signature_bytes)
    text_units = scrapy.Field()  # the body's length in words (reading.record.text_units), for validation


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
