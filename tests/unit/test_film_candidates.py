"""Which films a page names as candidates: a one-word headline or address name that is also an everyday word
only when written as a title; a title of several words in running text explains the people beside it only
when written as catalogued."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewcrawl.films import mentions, written
from reviewcrawl.films.catalogue import Catalogue, Film
from reviewcrawl.films.evidence import PageEvidence
from reviewcrawl.films.scorer import title_evidence
from reviewcrawl.films.tagger import tag_film
from reviewcrawl.films.words import word_positions

EVERYDAY = Catalogue(
    [
        Film("Why", 1999, (), ("Ann Lee",), ()),
        Film("Night", 2004, (), ("Bo Kim",), ()),
        Film("Night", 2019, (), ("Cy Park",), ()),
        Film("Fans", 2010, (), ("Di Moon",), ()),
        Film("Drive", 2011, (), ("Nicolas Winding Refn",), ("Ryan Gosling",)),
        Film("Nikita", 1990, (), ("Luc Besson",), ("Anne Parillaud",)),
    ]
)


def candidates(headline: str, body: str = "", url: str | None = None) -> set[str]:
    page = PageEvidence([], headline, body, EVERYDAY, url)
    return {film.title for film in title_evidence(page)}


@pytest.mark.parametrize(
    ("headline", "body", "url", "expected"),
    [
        ("Why night fans love the festival", "", None, set()),
        ("Why The Night Fans Love The Festival", "", None, set()),  # Headline Case: a capital is style
        ("Night falls over the festival", "", "https://x.test/night-falls-over-the-festival", set()),
        ("Drive is a neon fairy tale", "", None, {"Drive"}),  # the headline's subject
        ("Drive", "", None, {"Drive"}),
        ("Nikita revisited: the blueprint for assassins", "", None, {"Nikita"}),
        ("Watching Drive again after ten years", "", None, {"Drive"}),  # capitalised mid-headline
        ("Night 2019: a return to the dark", "", None, {"Night"}),  # dated with one of its films' years
        ("Night 1933 in photographs", "", None, set()),  # a year none of its films has
        ("'Night' is the festival's best", "", None, {"Night"}),  # quoted
        ("The night the festival crowned it", "Seen again, Luc Besson's Nikita holds up.", None, set()),
        ("Nikita at the festival", "Seen again, Luc Besson's Nikita holds up.", None, {"Nikita"}),
        # capitalised mid-line only in a Headline Case heading or list item: style, not a title
        ("Nikita at the festival", "Intro.\nWhich Festival Film is Nikita for You\nMore.", None, set()),
        ("Nikita at the festival", "Intro.\nwhich festival film is Nikita for you\nMore.", None, {"Nikita"}),
        ("A neon-lit ride", "", "https://x.test/drive-2011-review/", {"Drive"}),  # address: dated
        ("A neon-lit ride", "", "https://x.test/drive-review/", {"Drive"}),  # address: the film alone
        ("A neon-lit ride", "", "https://x.test/why-we-drive-at-night/", set()),
    ],
)
def test_one_word_names_are_candidates_only_when_written_as_titles(
    headline: str, body: str, url: str | None, expected: set[str]
) -> None:
    assert candidates(headline, body, url) == expected


EVERYDAY_PHRASES = Catalogue(
    [
        Film("The World", 2001, (), ("Eva Lund",), ()),
        Film("The Best", 1992, (), ("Ola Berg",), ()),
        Film("Music of the Band", 2024, (), ("Ida Holm",), ()),
        Film("The Night Before", 2015, (), ("Jonathan Levine",), ("Seth Rogen",)),
    ]
)


@pytest.mark.parametrize(
    ("headline", "body", "url", "expected"),
    [
        # Headline Case listicles: the capitals are style, the words everyday
        ("The Best Tax Prep Software of 2025", "", None, set()),
        ("Top 10 Shoe Companies in the World You Should Know About", "", None, set()),
        ("Why Fans Love Music Of The Band Nights", "Music of the band is everywhere.", None, set()),
        ("The Best Is Yet To Come", "", None, set()),
        ("The World 1999 In Pictures", "", None, set()),  # a year none of its films has
        # title evidence
        ("'The World' is a quiet triumph", "", None, {"The World"}),  # quoted
        ("The World review – a quiet triumph", "", None, {"The World"}),  # the headline pattern's title
        ("Review: Music of the Band", "", None, {"Music of the Band"}),
        ("Revisiting The World 2001 On Its Anniversary", "", None, {"The World"}),  # dated with its year
        ("Music of the Band", "", None, {"Music of the Band"}),  # the whole headline
        ("The Night Before: A Christmas Comedy That Holds Up", "", None, {"The Night Before"}),  # before ":"
        ("Why fans still love The Night Before", "", None, {"The Night Before"}),  # capitals in sentence case
        ("Why fans still love the night before Christmas", "", None, set()),
        ("Why Critics Love Music Of The Band", "I saw Music of the Band twice.", None, {"Music of the Band"}),
        (
            "Why Critics Love The Night Before",
            "We rewatched the Night Before in December.",
            None,
            {"The Night Before"},
        ),
        ("The World Awaits Its Heroes", "", "https://x.test/the-world-review/", {"The World"}),  # address
        ("A Quiet Triumph", "", "https://x.test/the-world-2001-review/", {"The World"}),  # address, dated
        # an address made of the headline's words says no more than the headline
        (
            "The Best Tax Prep Software of 2025",
            "",
            "https://x.test/the-best-tax-prep-software-of-2025/",
            set(),
        ),
        ("THE WORLD: A QUIET TRIUMPH", "", None, {"The World"}),  # the subject, in capitals
    ],
)
def test_several_word_names_are_candidates_only_with_title_evidence(
    headline: str, body: str, url: str | None, expected: set[str]
) -> None:
    page = PageEvidence([], headline, body, EVERYDAY_PHRASES, url)
    assert {film.title for film in title_evidence(page)} == expected


def test_structured_data_names_stay_candidates_however_written() -> None:
    jsonld = [{"@type": "Review", "itemReviewed": {"@type": "Movie", "name": "The Best"}}]
    page = PageEvidence(jsonld, "The Best Tax Prep Software of 2025", "", EVERYDAY_PHRASES)
    assert {film.title for film in title_evidence(page)} == {"The Best"}


BALLERINAS = [
    Film("Ballerina", 2023, ("발레리나",), ("Lee Chung-hyun",), ("Jeon Jong-seo",)),
    Film("Ballerina", 2025, (), ("Len Wiseman",), ("Ana de Armas",)),
    Film("The Night Before", 2015, (), ("Jonathan Levine",), ("Seth Rogen",)),
]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "the night before" is words: the director beside it still speaks for his film
        ("Lee Chung-hyun cut it the night before the premiere.", (2023, "catalogue:title+people")),
        # "The Night Before" written as a title is that film's: the director beside it says nothing here
        ("Lee Chung-hyun liked The Night Before.", (None, "catalogue:title(ambiguous)")),
    ],
)
def test_titles_in_running_text_explain_people_only_when_written_as_titles(
    body: str, expected: tuple[int | None, str]
) -> None:
    tag = tag_film([], "Ballerina is a neon-soaked revenge tale", body, Catalogue(BALLERINAS))
    assert (tag.year, tag.evidence) == expected


# The plain definition of a capitalised stretch: opening quotes, a capital, the rest of the word; more of
# them with the small words of titles between.
PLAIN_RUN = re.compile(
    rf"[\"“‘'«(\[]*[{written._CAPITAL}]\S*"
    rf"(?:\s+(?:(?:{written.TITLE_WORDS})\s+)*[\"“‘'«(\[]*[{written._CAPITAL}]\S*)*"
)


@pytest.mark.parametrize(
    "text",
    [
        "From the World of John Wick: Ballerina stars Ana de Armas. 'Drive' and “Her” (2013) too.",
        "a ''quoted' word, «Léon», [The Zone of Interest], ((Nikita and 1990 '' ' «« x",
        "The Korean “발레리나” follows Ok-ju (Jeon Jong-seo); 영화 '헤어질 결심'은 Park Chan-wook's.",
        "\"\" '' “” «» (( [[ lower case only, and a trailing quote '",
    ],
)
def test_capitalised_stretches_are_the_plain_definitions(text: str) -> None:
    assert written.title_case_runs(text) == "\n".join(PLAIN_RUN.findall(text))


_PIECES = [
    "Drive",
    "Dr",
    "ive",
    "the",
    "of",
    "Wick",
    "x",
    " ",
    "  ",
    "\n",
    "-",
    "'",
    "“",
    "(",
    ":",
    ",",
    "1",
    "é",
    "É",
]


@given(st.lists(st.sampled_from([*_PIECES, "a", "an", "And", "\t", "«"]), max_size=30))
def test_capitalised_stretches_are_the_plain_definitions_in_any_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert written.title_case_runs(text) == "\n".join(PLAIN_RUN.findall(text))


@given(
    st.lists(st.sampled_from(_PIECES), max_size=24),
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5),
)
def test_names_written_as_stretches_are_found_in_the_stretches_alone(
    pieces: list[str], name_pieces: list[str]
) -> None:
    text, name = "".join(pieces), "".join(name_pieces)
    expected = word_positions(text, name, joiners="-")
    assert written.written_positions(text, name) == expected
    if written.is_stretch(name):
        assert written.title_case_stretches(text).positions(name) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Seen “Drive” twice; xDrive, Drive-in, Drive.", "Drive", [6, 38]),
        ("From the World of John Wick: Ballerina, then John Wick", "John Wick", [18, 45]),
        ("Mission: Impossible - Fallout", "Mission: Impossible - Fallout", [0]),  # a dash ends a stretch
    ],
)
def test_written_positions(text: str, name: str, expected: list[int]) -> None:
    assert written.written_positions(text, name) == expected


@given(
    st.lists(st.sampled_from([*_PIECES, ".", "! ", "\t", "Her"]), max_size=24),
    st.lists(st.sampled_from(["Drive", "Dr", "ive", "-", "Her", "1", "é", "É"]), min_size=1, max_size=3),
)
def test_one_word_positions_leave_out_only_the_everyday_word(
    pieces: list[str], name_pieces: list[str]
) -> None:
    text, name = "".join(pieces), "".join(name_pieces)
    every = written.written_positions(text, name)
    kept = written.word_positions_less_plain(text, name)
    assert set(kept) <= set(every)
    assert all(mentions._plain_word(text, at, at + len(name)) for at in set(every) - set(kept))


def test_one_word_positions_leave_out_sentence_openers_and_longer_names() -> None:
    text = "a x Drive of Wick, Drive Wick. Drive, x Drive.\nDrive"
    assert written.written_positions(text, "Drive") == [4, 19, 31, 40, 47]
    assert written.word_positions_less_plain(text, "Drive") == [4, 40]  # 47: first on its line


_SLUG_WORDS = [
    "drive",
    "dr",
    "ive",
    "film",
    "movie",
    "review",
    "reviews",
    "2011",
    "1997",
    "20110",
    "x2011",
    "٢٠١١",
]
_PLAIN_SLUG_FRAME = r"(?:(?:film|movie) )?(?:reviews? )?{}(?: (?:film|movie))?(?: reviews?)?"


def _plain_slug_names_title(slug: str, films: list[Film], folded: str) -> bool:
    name = re.escape(folded)
    dated = re.search(rf"(?<!\w){name} ((?:18|19|20)\d\d)\b", slug)
    if dated and any(str(film.year) == dated.group(1) for film in films):
        return True
    return bool(re.fullmatch(_PLAIN_SLUG_FRAME.format(name), slug))


@given(
    st.lists(st.sampled_from(_SLUG_WORDS), max_size=6),
    st.lists(st.sampled_from(_SLUG_WORDS), min_size=1, max_size=2),
    st.sampled_from([1997, 2011, None]),
)
def test_an_address_names_a_title_as_the_plain_patterns_say(
    slug_words: list[str], name_words: list[str], year: int | None
) -> None:
    slug, name, films = " ".join(slug_words), " ".join(name_words), [Film("Drive", year)]
    assert written.slug_names_title(slug, films, name) == _plain_slug_names_title(slug, films, name)
