"""ReviewPage: each record field asked for alone, from a fresh page, against a held-out expected record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.review import ReviewPage
from reviewcrawl.films.catalogue import load_catalogue

PROJECT = Path(__file__).resolve().parents[2]
HELDOUT = PROJECT / "fixtures" / "heldout"
BASE = "http://127.0.0.1:8000"
PAGES = ["wp-two/past-lives-review", "jsonld-two/zone-of-interest-review"]
FIELDS = [
    "headline",
    "author",
    "published",
    "language",
    "source",
    "source_domain",
    "canonical_url",
    "rating",
    "rating_scale",
    "body",
]


def expected(name: str) -> dict[str, object]:
    text = (HELDOUT / f"{name}.expected.json").read_text("utf-8")
    return json.loads(text.replace("{{base}}", BASE))


def review_page(name: str, audit: StripAudit | None = None) -> ReviewPage:
    html = (HELDOUT / f"{name}.html").read_bytes().replace(b"{{base}}", BASE.encode())
    review = ReviewPage.read(html, f"{BASE}/{name}.html", audit=audit)
    assert review is not None
    return review


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("field", FIELDS)
def test_each_field_alone(name: str, field: str) -> None:
    assert getattr(review_page(name), field)() == expected(name)[field]


@pytest.mark.parametrize("name", PAGES)
def test_film_fields(name: str) -> None:
    catalogue = load_catalogue(PROJECT / "fixtures" / "sample-web" / "films.jsonl")
    review = review_page(name)
    film = review.film(catalogue)
    assert (film.title, film.year) == (expected(name)["film_title"], expected(name)["film_year"])
    assert review.mentioned_films(catalogue) == expected(name)["mentioned_films"]


def test_a_metadata_field_does_not_strip_the_body() -> None:
    """Fields are independent: asking for the headline runs no stripping, so the audit stays empty."""
    audit = StripAudit()
    review = review_page(PAGES[0], audit)
    assert review.headline() == expected(PAGES[0])["headline"]
    assert not audit.as_dict()
    assert review.body()
    assert audit.as_dict()


def test_a_listing_page_is_one() -> None:
    listing = review_page("wp-two/index")
    assert listing.is_listing()
    assert not review_page(PAGES[0]).is_listing()


@pytest.mark.parametrize("data", [b"", "   ", b"\n\t"])
def test_nothing_to_parse_gives_no_page(data: str | bytes) -> None:
    assert ReviewPage.read(data, BASE) is None
