"""The sample web's expected records are themselves checked, so a test never compares against a bad truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewcrawl.films.catalogue import load_catalogue
from reviewcrawl.items import RECORD_FIELDS
from tests.conftest import PROJECT, SAMPLE_WEB

DERIVED = {"word_count", "content_hash", "fetched_at", "film_evidence", "revision", "also_at"}
NEVER_EMPTY = (
    "url",
    "canonical_url",
    "source",
    "source_domain",
    "headline",
    "language",
    "body",
    "film_title",
)
EXPECTED = sorted(SAMPLE_WEB.glob("sites/*/**/expected.json")) + sorted(
    (PROJECT / "fixtures" / "heldout").glob("*/*.expected.json")
)


def ids() -> list[str]:
    return [str(p.relative_to(PROJECT / "fixtures")) for p in EXPECTED]


@pytest.mark.parametrize("path", EXPECTED, ids=ids())
def test_expected_record_is_complete(path: Path) -> None:
    record = json.loads(path.read_text("utf-8"))
    assert set(record) == set(RECORD_FIELDS) - DERIVED
    for field in NEVER_EMPTY:
        assert record[field], f"{field} is empty"
    assert "\n\n\n" not in record["body"] and record["body"] == record["body"].strip()
    assert all(p == " ".join(p.split()) for p in record["body"].split("\n\n"))


@pytest.mark.parametrize("path", EXPECTED, ids=ids())
def test_expected_film_is_catalogued(path: Path) -> None:
    record = json.loads(path.read_text("utf-8"))
    catalogue = load_catalogue(SAMPLE_WEB / "films.jsonl")
    assert any(f.year == record["film_year"] for f in catalogue.by_name(record["film_title"]))


def test_every_site_has_several_reviews_and_listings() -> None:
    for site in sorted((SAMPLE_WEB / "sites").iterdir()):
        reviews = list(site.glob("**/expected.json"))
        assert len(reviews) >= 2, site.name
        for path in ("robots.txt", "sitemap.xml", "feed.xml", "index.html", "page/2/index.html"):
            assert (site / path).is_file(), f"{site.name}/{path}"
        sitemap = (site / "sitemap.xml").read_text("utf-8")
        feed = (site / "feed.xml").read_text("utf-8")
        for review in reviews:
            path = "/" + str(review.parent.relative_to(site)) + "/"
            assert path in sitemap and path in feed, f"{site.name}{path}"


def test_two_different_films_share_a_title() -> None:
    catalogue = load_catalogue(SAMPLE_WEB / "films.jsonl")
    reviewed = {
        (r["film_title"], r["film_year"])
        for r in (json.loads(p.read_text("utf-8")) for p in SAMPLE_WEB.glob("sites/*/**/expected.json"))
    }
    titles = [t for t, _ in reviewed]
    assert any(titles.count(t) > 1 for t in titles)
    assert len(catalogue) >= len(reviewed)
