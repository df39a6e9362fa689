"""A title crawl's film: the catalogue entries a title (and year) means, and which film tags are theirs;
and the catalogue extraction tags with."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reviewcrawl import extract_review
from reviewcrawl.films import tagger
from reviewcrawl.films.cache import cached_catalogue
from reviewcrawl.films.catalogue import Catalogue, CatalogueError, Film
from reviewcrawl.films.tagger import FilmTag
from reviewcrawl.films.wanted import WantedFilm, is_wanted, resolve_wanted
from tests.conftest import SAMPLE_WEB

KOREAN = Film("Ballerina", 2023, ("발레리나",), ("Lee Chung-hyun",), ("Jeon Jong-seo",))
JOHN_WICK = Film("Ballerina", 2025, ("From the World of John Wick: Ballerina",), ("Len Wiseman",))
UNDATED = Film("Nowhere Road", None, ("NOWHERE ROAD",))
CATALOGUE = Catalogue([KOREAN, JOHN_WICK, UNDATED])
YEONGHWA_PAGE = SAMPLE_WEB / "sites" / "yeonghwa" / "reviews" / "ballerina" / "index.html"


@pytest.mark.parametrize(
    ("title", "year", "entries"),
    [
        ("발레리나", None, (KOREAN,)),
        ("from the world of john wick  ballerina", None, (JOHN_WICK,)),
        ("Ballerina", None, (KOREAN, JOHN_WICK)),
        ("Ballerina", 2025, (JOHN_WICK,)),
        ("발레리나", 2025, ()),  # no such film: the title is matched as written
        ("Unknown Film", None, ()),
    ],
)
def test_a_title_resolves_to_the_entries_it_names(
    title: str, year: int | None, entries: tuple[Film, ...]
) -> None:
    assert resolve_wanted(title, year, CATALOGUE).entries == entries


TAGS = {
    "2023": FilmTag("Ballerina", 2023),
    "2025": FilmTag("Ballerina", 2025),
    "shared name, no year": FilmTag("Ballerina", None),
    "korean alias, no year": FilmTag("발레리나", None),
    "john wick alias, no year": FilmTag("From the World of John Wick: Ballerina", None),
    "shared name, other year": FilmTag("Ballerina", 2019),
    "untagged": FilmTag(),
}


@pytest.mark.parametrize(
    ("title", "year", "kept"),
    [
        ("발레리나", None, {"2023", "korean alias, no year"}),
        ("From the World of John Wick: Ballerina", None, {"2025", "john wick alias, no year"}),
        ("Ballerina", 2023, {"2023", "korean alias, no year"}),
        # A shared name without a year means every film of that name; no other film bears it.
        (
            "Ballerina",
            None,
            {"2023", "2025", "shared name, no year", "korean alias, no year", "john wick alias, no year"},
        ),
        ("Ballerina", 2019, {"shared name, other year"}),  # not catalogued for 2019: the title as written
    ],
)
def test_only_tags_of_the_wanted_entries_are_kept(title: str, year: int | None, kept: set[str]) -> None:
    wanted = resolve_wanted(title, year, CATALOGUE)
    assert {name for name, tag in TAGS.items() if wanted.keeps(tag)} == kept
    assert {name for name, tag in TAGS.items() if is_wanted(tag, title, year, CATALOGUE)} == kept


def test_an_entry_without_a_year_takes_any_year() -> None:
    wanted = resolve_wanted("nowhere road", None, CATALOGUE)
    assert wanted.keeps(FilmTag("Nowhere Road", 1999)) and wanted.keeps(FilmTag("Nowhere Road", None))
    assert not wanted.keeps(FilmTag("Nowhere", 1999))


def test_search_asks_for_every_name_once() -> None:
    assert resolve_wanted("발레리나", None, CATALOGUE).search_names == ("Ballerina", "발레리나")
    assert resolve_wanted("Nowhere Road", None, CATALOGUE).search_names == ("Nowhere Road",)
    assert WantedFilm("Unknown Film").search_names == ("Unknown Film",)


def test_the_log_says_when_a_shared_name_means_several_films() -> None:
    assert "names 2 films" in resolve_wanted("Ballerina", None, CATALOGUE).describe()
    assert "means Ballerina (2023)" in resolve_wanted("발레리나", None, CATALOGUE).describe()
    assert "not in the film catalogue" in resolve_wanted("Unknown Film", None, CATALOGUE).describe()


def test_the_tagger_still_gives_is_wanted() -> None:
    assert tagger.is_wanted is is_wanted


def write_catalogue(path: Path, *films: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in films), "utf-8")
    return path


def test_a_catalogue_is_loaded_once_until_its_file_changes(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "films.jsonl", {"title": "Drive", "year": 2011})
    first = cached_catalogue(path)
    assert cached_catalogue(str(path)) is first
    write_catalogue(path, {"title": "Drive", "year": 2011}, {"title": "Drive", "year": 1997})
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert len(cached_catalogue(path)) == 2


def test_extract_review_tags_with_the_catalogue_it_is_given(tmp_path: Path) -> None:
    html = YEONGHWA_PAGE.read_bytes()
    path = write_catalogue(
        tmp_path / "films.jsonl", {"title": "Ballerina of Seoul", "year": 2023, "aliases": ["발레리나"]}
    )
    by_path = extract_review(html, "https://yeonghwa.example/reviews/ballerina/", films=path)
    by_catalogue = extract_review(html, None, films=Catalogue([KOREAN]))
    without = extract_review(html, None, films=Catalogue())
    assert by_path is not None and by_catalogue is not None and without is not None
    assert (by_path["film_title"], by_path["film_year"]) == ("Ballerina of Seoul", 2023)
    assert (by_catalogue["film_title"], by_catalogue["film_year"]) == ("Ballerina", 2023)
    assert without["film_year"] is None


def test_extract_review_refuses_a_bad_catalogue_path(tmp_path: Path) -> None:
    with pytest.raises(
        CatalogueError, match=r"^films must be a film catalogue file that exists, got '.*none'$"
    ):
        extract_review(YEONGHWA_PAGE.read_bytes(), films=tmp_path / "none")
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", "utf-8")
    with pytest.raises(CatalogueError, match=r"^films must be a valid film catalogue"):
        extract_review(YEONGHWA_PAGE.read_bytes(), films=broken)
