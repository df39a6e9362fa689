"""Building a review record from the extraction steps' results.

``extract_review`` and the crawl's pipelines share these steps, so a page
saved to disk and the same page crawled give the same record.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.content import extract_body
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.extract.meta.metadata import read_metadata
from reviewcrawl.extract.meta.rating import read_rating
from reviewcrawl.extract.page.page import Page, load_page
from reviewcrawl.extract.page.pagetype import is_listing_page
from reviewcrawl.films.catalogue import Catalogue
from reviewcrawl.films.mentions import mentioned_films
from reviewcrawl.films.tagger import FilmTag, tag_film
from reviewcrawl.items import ReviewItem
from reviewcrawl.reading.cleantext import clean_fields, clean_text
from reviewcrawl.stats import Drop

logger = logging.getLogger(__name__)


class NotAReview(Exception):
    """The page gives no review record; ``reason`` names why (a stats key)."""

    def __init__(self, reason: Drop, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class Draft:
    """A record in the making, with the parsed page the later steps read."""

    record: ReviewItem
    page: Page
    audit: StripAudit = field(default_factory=StripAudit)
    film: FilmTag = field(default_factory=FilmTag)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Han ideographs and kana: scripts written without spaces between words.
_UNSPACED_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def text_units(body: str) -> int:
    """Words, where each character of a script written without spaces counts as one."""
    return len(body.split()) + len(_UNSPACED_CHAR.findall(body))


def body_fields(body: str) -> dict[str, Any]:
    body = clean_text(body)  # before hashing: the hash is of the body as exported
    return {
        "body": body,
        "word_count": len(body.split()),
        "content_hash": hashlib.sha256(body.encode("utf-8")).hexdigest(),
    }


def strip_step(
    data: str | bytes,
    url: str | None,
    encoding: str | None = None,
    profile: ContentProfile | None = None,
    audit: StripAudit | None = None,
) -> Draft:
    """Parse a page and keep only its review text; raise NotAReview otherwise."""
    page = load_page(data, url, encoding)
    if page is None:
        raise NotAReview(Drop.UNREADABLE)
    if is_listing_page(page):
        raise NotAReview(Drop.LISTING)
    audit = audit if audit is not None else StripAudit()
    body = extract_body(page, profile, audit)
    if not body:
        raise NotAReview(Drop.NO_BODY)
    record = ReviewItem(url=url, **body_fields(body))
    return Draft(record=record, page=page, audit=audit)


def metadata_step(draft: Draft) -> Draft:
    meta = read_metadata(draft.page)
    rating, scale = read_rating(draft.page, draft.record.get("body"))
    draft.record.update(
        canonical_url=meta.canonical_url,
        source=meta.source,
        source_domain=meta.source_domain,
        headline=meta.headline,
        author=meta.author,
        published=meta.published,
        language=meta.language,
        rating=rating,
        rating_scale=scale,
    )
    return draft


def film_step(draft: Draft, catalogue: Catalogue) -> Draft:
    draft.film = tag_film(draft.page.jsonld, draft.record.get("headline"), draft.record["body"], catalogue)
    draft.record.update(
        film_title=draft.film.title,
        film_year=draft.film.year,
        film_evidence=draft.film.evidence,
        mentioned_films=mentioned_films(draft.record["body"], draft.film, catalogue),
    )
    return draft


def clean_step(draft: Draft) -> Draft:
    """Every string of the record, nested ones too, cleaned of what no export can carry."""
    clean_fields(draft.record)
    return draft


def reading_steps(draft: Draft, catalogue: Catalogue) -> Draft:
    """The steps after stripping, shared by the crawl's page readers and ``extract_review``."""
    return clean_step(film_step(metadata_step(draft), catalogue))


def extract_review(html: str | bytes, url: str | None = None) -> ReviewItem | None:
    """The review record of one page, or None when it holds no review or article body.

    Never raises: a page that breaks an extraction step is logged and gives None.
    """
    return extract_with_audit(html, url, StripAudit())


def extract_with_audit(
    html: str | bytes, url: str | None, audit: StripAudit, catalogue: Catalogue | None = None
) -> ReviewItem | None:
    """``extract_review``, telling ``audit`` what each rule group removed."""
    try:
        draft = strip_step(html, url, audit=audit)
        draft = reading_steps(draft, catalogue or Catalogue())
    except NotAReview:
        return None
    except Exception:  # a bad page must never take the caller down
        logger.exception("Extraction failed for %s", url or "a page")
        return None
    # A page on its own has no history: first revision, no copies known.
    draft.record.update(fetched_at=now_iso(), revision=1, also_at=[])
    return draft.record
