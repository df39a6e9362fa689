"""Catalogued titles that are everyday words count as mentions only when written as titles."""

from __future__ import annotations

from reviewcrawl.films.catalogue import Catalogue, Film
from reviewcrawl.films.mentions import mentioned_films
from reviewcrawl.films.tagger import FilmTag

CATALOGUE = Catalogue(
    [
        Film(
            "Ballerina",
            2025,
            ("From the World of John Wick: Ballerina",),
            ("Len Wiseman",),
            ("Ana de Armas",),
        ),
        Film("John Wick", 2014, (), ("Chad Stahelski",), ("Keanu Reeves",)),
        Film("Drive", 2011, (), ("Nicolas Winding Refn",), ("Ryan Gosling",)),
        Film("Her", 2013, (), ("Spike Jonze",), ("Joaquin Phoenix",)),
        # Films named by everyday words whose people are on the page: named beside a word, not a title.
        Film("But", 1990, (), ("Len Wiseman",), ()),
        Film("John", 1991, (), (), ("Keanu Reeves",)),
        Film("Len", 1992, (), ("Chris Wiseman",), ()),
        Film("Armas", 1993, (), (), ("Tom de Armas",)),
        Film("Up", 1994, (), (), ("Ana de Armas",)),
    ]
)
SUBJECT = FilmTag("Ballerina", 2025, "structured_data+catalogue")


def titles(body: str) -> list[str]:
    return [str(found["title"]) for found in mentioned_films(body, SUBJECT, CATALOGUE)]


def test_everyday_words_and_parts_of_names_are_not_mentions() -> None:
    body = (
        "But the spin-off never finds its feet. Yet Len Wiseman keeps it moving; Ana de Armas is terrific. "
        "John Wick fans will drive up to see Keanu Reeves. Her fight scenes lift it up."
    )
    assert titles(body) == ["John Wick"]


def test_one_word_titles_written_as_titles_are_mentions() -> None:
    body = (
        "It recalls 'Drive' more than anything, and the neon of Drive (2011) with Ryan Gosling; "
        "the score is pure Her, Spike Jonze's Her."
    )
    assert titles(body) == ["Drive", "Her"]
