from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewcrawl.films.catalogue import Catalogue, CatalogueError, Film, load_catalogue
from reviewcrawl.films.tagger import FilmTag, is_wanted, tag_film
from reviewcrawl.films.words import word_positions

CATALOGUE = Catalogue(
    [
        Film("Ballerina", 2023, ("발레리나",), ("Lee Chung-hyun",), ("Jeon Jong-seo", "Kim Ji-hoon")),
        Film(
            "Ballerina",
            2025,
            ("From the World of John Wick: Ballerina",),
            ("Len Wiseman",),
            ("Ana de Armas", "Keanu Reeves"),
        ),
        Film("Drive", 2011, (), ("Nicolas Winding Refn",), ("Ryan Gosling",)),
    ]
)


def movie_review(name: str, created: str | None = None) -> list[dict[str, object]]:
    film: dict[str, object] = {"@type": "Movie", "name": name}
    if created:
        film["dateCreated"] = created
    return [{"@type": "Review", "itemReviewed": film}]


def test_structured_data_decides_with_the_catalogue() -> None:
    tag = tag_film(movie_review("Ballerina", "2025-06-06"), "'Ballerina' review", "", CATALOGUE)
    assert tag == FilmTag("Ballerina", 2025, "structured_data+catalogue")


def test_structured_data_for_an_unknown_film() -> None:
    tag = tag_film(movie_review("Some Film", "1999"), "x", "", CATALOGUE)
    assert tag == FilmTag("Some Film", 1999, "structured_data")


def test_people_choose_between_same_title_films() -> None:
    body = "Jeon Jong-seo is superb; Lee Chung-hyun directs with flair. Ana de Armas stars in the other one."
    tag = tag_film([], "Ballerina is a neon-soaked revenge tale", body, CATALOGUE)
    assert (tag.title, tag.year) == ("Ballerina", 2023)


def test_korean_alias_matches() -> None:
    tag = tag_film([], "[리뷰] 발레리나, 복수의 춤", "전종서 주연", CATALOGUE)
    assert tag.title == "Ballerina"


def test_ambiguous_same_title_leaves_the_year_unknown() -> None:
    tag = tag_film([], "Ballerina: a review", "Dancing, revenge.", CATALOGUE)
    assert tag.title == "Ballerina" and tag.year is None


def test_headline_pattern_for_films_outside_the_catalogue() -> None:
    assert (
        tag_film([], "Unknown Pleasures review: a quiet triumph", "", CATALOGUE).title == "Unknown Pleasures"
    )
    assert tag_film([], "Review: “Quiet Days” (2021)", "", CATALOGUE) == FilmTag(
        "Quiet Days", 2021, "headline"
    )


def test_is_wanted_checks_title_alias_and_year() -> None:
    tag = FilmTag("Ballerina", 2023, "x")
    assert is_wanted(tag, "ballerina", None, CATALOGUE)
    assert is_wanted(tag, "발레리나", 2023, CATALOGUE)
    assert not is_wanted(tag, "Ballerina", 2025, CATALOGUE)
    assert not is_wanted(FilmTag(), "Ballerina", None, CATALOGUE)


def test_catalogue_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "films.jsonl"
    path.write_text('{"title": "A", "year": 2000}\n{"year": 1}\n', "utf-8")
    with pytest.raises(CatalogueError, match="line 2"):
        load_catalogue(path)
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(tmp_path / "missing.jsonl")


@given(
    st.text(alphabet="ab -_1é\u0301ß\u00b2\u0663x", max_size=40),
    st.text(alphabet="ab -1é", min_size=1, max_size=4),
    st.sampled_from(["", "-"]),
)
def test_word_positions_agree_with_the_regex(text: str, name: str, joiners: str) -> None:
    pattern = rf"(?<![\w{re.escape(joiners)}]){re.escape(name)}(?![\w{re.escape(joiners)}])"
    assert word_positions(text, name, joiners) == [m.start() for m in re.finditer(pattern, text)]
