"""Building a review record from a ReviewPage's fields.

``extract_review`` and the crawl's page readers share ``read_review``, so a page
saved to disk and the same page crawled give the same record.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reviewcrawl import settings as defaults
from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.extract.page.cleantext import clean_fields
from reviewcrawl.extract.review import ReviewPage
from reviewcrawl.films.catalogue import Catalogue
from reviewcrawl.films.tagger import FilmTag
from reviewcrawl.items import ReviewItem
from reviewcrawl.reading.catalogue import catalogue_for
from reviewcrawl.stats import Drop

logger = logging.getLogger(__name__)


class NotAReview(Exception):
    """The page gives no review record; ``reason`` names why (a stats key)."""

    def __init__(self, reason: Drop, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# ReviewPage.page_type() -> the reason such a page gives no record
NOT_ARTICLE = {
    "listing": Drop.LISTING,
    "collection": Drop.COLLECTION,
    "product": Drop.PRODUCT,
    "forum": Drop.FORUM,
    "not_article": Drop.NOT_ARTICLE,
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Han ideographs and kana: scripts written without spaces between words.
_UNSPACED_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def text_units(body: str) -> int:
    """Words, where each character of a script written without spaces counts as one."""
    return len(body.split()) + len(_UNSPACED_CHAR.findall(body))


def body_fields(body: str) -> dict[str, Any]:
    """``body`` as ReviewPage gives it: already cleaned, so the hash is of the body as exported."""
    return {
        "body": body,
        "word_count": len(body.split()),
        "content_hash": hashlib.sha256(body.encode("utf-8")).hexdigest(),
    }


@dataclass(frozen=True)
class Reading:
    """A page's record and the film it was tagged with."""

    record: ReviewItem
    film: FilmTag


def read_review(
    data: str | bytes,
    url: str | None,
    catalogue: Catalogue,
    encoding: str | None = None,
    profile: ContentProfile | None = None,
    audit: StripAudit | None = None,
) -> Reading:
    """The record of one page, field by field from its ReviewPage; raise NotAReview when it gives none."""
    review = ReviewPage.read(data, url, encoding, profile, audit)
    if review is None:
        raise NotAReview(Drop.UNREADABLE)
    page_type = review.page_type()
    if page_type is not None:
        raise NotAReview(NOT_ARTICLE[page_type])
    if not review.body():
        raise NotAReview(Drop.NO_BODY)
    record = ReviewItem(url=url, **body_fields(review.body()), **metadata_fields(review))
    film = review.film(catalogue)
    record.update(
        film_title=film.title,
        film_year=film.year,
        film_evidence=film.evidence,
        mentioned_films=review.mentioned_films(catalogue, film),
    )
    # Every string of the record, nested ones too, cleaned of what no export can carry.
    clean_fields(record)
    return Reading(record, film)


def metadata_fields(review: ReviewPage) -> dict[str, Any]:
    return {
        "canonical_url": review.canonical_url(),
        "source": review.source(),
        "source_domain": review.source_domain(),
        "headline": review.headline(),
        "author": review.author(),
        "published": review.published(),
        "language": review.language(),
        "rating": review.rating(),
        "rating_scale": review.rating_scale(),
    }


def extract_review(
    html: str | bytes,
    url: str | None = None,
    min_words: int = defaults.REVIEWCRAWL_MIN_WORDS,
    *,
    films: str | Path | Catalogue | None = None,
) -> ReviewItem | None:
    """The review record of one page, or None when it holds no review or article body.

    A body shorter than ``min_words`` (REVIEWCRAWL_MIN_WORDS, as the crawl's validation applies it) gives
    None. The film is tagged with the catalogue ``films`` (a path or a loaded Catalogue), by default the
    crawl's (``REVIEWCRAWL_FILMS``), loaded once per process.
    Never raises for a page: one that breaks an extraction step is logged and gives None. A bad catalogue
    path raises CatalogueError (a ValueError) naming it.
    """
    return extract_with_audit(html, url, StripAudit(), catalogue_for(films), min_words=min_words)


def extract_with_audit(
    html: str | bytes,
    url: str | None,
    audit: StripAudit,
    catalogue: Catalogue | None = None,
    min_words: int = defaults.REVIEWCRAWL_MIN_WORDS,
) -> ReviewItem | None:
    """``extract_review``, telling ``audit`` what each rule group removed."""
    outcome = review_or_reason(html, url, audit, catalogue, min_words)
    return outcome if isinstance(outcome, ReviewItem) else None


def review_or_reason(
    html: str | bytes,
    url: str | None,
    audit: StripAudit | None = None,
    catalogue: Catalogue | None = None,
    min_words: int = defaults.REVIEWCRAWL_MIN_WORDS,
) -> ReviewItem | Drop:
    """The record of one page, or the reason it gives none (the crawl's reasons, the minimum length included).

    Never raises: a page that breaks an extraction step is logged and gives ``Drop.READ_FAILED``.
    """
    try:
        record = read_review(html, url, catalogue or Catalogue(), audit=audit).record
    except NotAReview as exc:
        return exc.reason
    except Exception:  # a bad page must never take the caller down
        logger.exception("Extraction failed for %s", url or "a page")
        return Drop.READ_FAILED
    if text_units(record["body"]) < min_words:
        return Drop.SHORT_BODY
    # A page on its own has no history: first revision, no copies known.
    record.update(fetched_at=now_iso(), revision=1, also_at=[])
    return record
