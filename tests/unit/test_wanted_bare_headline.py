"""A title crawl names the film of a review headlined with the bare film title, and nothing else."""

from __future__ import annotations

from reviewcrawl.films.catalogue import Catalogue, Film
from reviewcrawl.films.wanted import resolve_wanted

CATALOGUE = Catalogue(
    [
        Film("Ballerina", 2023, aliases=("발레리나",)),
        Film("Ballerina", 2025, aliases=("From the World of John Wick: Ballerina",)),
        Film("Drive", 2011),
    ]
)


def test_a_title_outside_the_catalogue_is_matched_as_asked() -> None:
    wanted = resolve_wanted("The Quiet Orchard", 2024, CATALOGUE)
    tag = wanted.bare_headline_tag("  the quiet ORCHARD ")
    assert tag is not None and (tag.title, tag.year, tag.evidence) == (
        "The Quiet Orchard",
        2024,
        "headline:wanted_title",
    )
    assert wanted.keeps(tag)


def test_a_headline_with_more_than_the_title_is_not_taken() -> None:
    wanted = resolve_wanted("The Quiet Orchard", None, CATALOGUE)
    assert wanted.bare_headline_tag("The Quiet Orchard is a small miracle") is None
    assert wanted.bare_headline_tag("") is None
    assert wanted.bare_headline_tag(None) is None


def test_a_name_shared_with_a_film_not_wanted_is_not_taken() -> None:
    wanted = resolve_wanted("Ballerina", 2023, CATALOGUE)
    assert wanted.bare_headline_tag("Ballerina") is None  # could be the 2025 film
    tag = wanted.bare_headline_tag("발레리나")  # the 2023 film's alone
    assert tag is not None and (tag.title, tag.year) == ("Ballerina", 2023)


def test_every_film_of_a_shared_name_wanted_gives_no_year() -> None:
    wanted = resolve_wanted("Ballerina", None, CATALOGUE)
    tag = wanted.bare_headline_tag("Ballerina")
    assert tag is not None and (tag.title, tag.year) == ("Ballerina", None)
    assert wanted.keeps(tag)
    one = wanted.bare_headline_tag("From the World of John Wick: Ballerina")
    assert one is not None and (one.title, one.year) == ("Ballerina", 2025)
