"""read_rating: reviewRating first, then rating widgets and verdict lines, never stray fractions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewcrawl.extract.meta import ratingtext
from reviewcrawl.extract.meta.rating import rating_from_values, rating_in_text, read_rating, to_number
from reviewcrawl.extract.page.page import Page, load_page


def make_page(body: str, head: str = "") -> Page:
    html = f"<!doctype html><html><head><title>t</title>{head}</head><body>{body}</body></html>"
    page = load_page(html.encode("utf-8"), "http://127.0.0.1:8713/reviews/x/")
    assert page is not None
    return page


def jsonld(data: Any, wrap: str = "") -> str:
    text = json.dumps(data)
    if wrap == "cdata":
        text = f"/* <![CDATA[ */ {text} /* ]]> */"
    return f'<script type="application/ld+json">{text}</script>'


def review(rating: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "itemReviewed": {"@type": "Movie", "name": "Oldboy", "dateCreated": "2003-11-21"},
        "author": {"@type": "Person", "name": "Mara Quint"},
    }
    if rating is not None:
        data["reviewRating"] = rating
    return data


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ({"@type": "Rating", "ratingValue": 3, "bestRating": 5, "worstRating": 1}, (3.0, 5.0)),
        ({"ratingValue": "4.5", "bestRating": "5"}, (4.5, 5.0)),
        ({"ratingValue": "4,5"}, (4.5, 5.0)),
        ({"ratingValue": 4}, (4.0, 5.0)),
        ({"ratingValue": 8}, (8.0, 10.0)),
        ({"ratingValue": "72", "bestRating": 100}, (72.0, 100.0)),
        ({"ratingValue": 9, "bestRating": 5}, (None, None)),
        ({"ratingValue": "B+"}, (None, None)),
        ({"ratingValue": "3.5/5"}, (3.5, 5.0)),
    ],
)
def test_jsonld_review_rating(rating: dict[str, Any], expected: tuple[float | None, float | None]) -> None:
    assert read_rating(make_page("<p>x</p>", jsonld(review(rating)))) == expected


def test_rating_values_are_floats() -> None:
    rating, scale = read_rating(make_page("<p>x</p>", jsonld(review({"ratingValue": 5, "bestRating": 5}))))
    assert isinstance(rating, float)
    assert isinstance(scale, float)


def test_jsonld_in_graph() -> None:
    site = {"@type": "WebSite", "name": "Critics' Ledger"}
    members = [site, review({"ratingValue": "5", "bestRating": "5"})]
    graph = {"@context": "https://schema.org", "@graph": members}
    assert read_rating(make_page("<p>x</p>", jsonld(graph))) == (5.0, 5.0)


def test_jsonld_in_cdata() -> None:
    data = review({"ratingValue": 4.5, "bestRating": 5})
    assert read_rating(make_page("<p>x</p>", jsonld(data, wrap="cdata"))) == (4.5, 5.0)


def test_critic_review_nested_in_movie() -> None:
    movie = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": "Drive",
        "aggregateRating": {"ratingValue": 2, "bestRating": 5},
        "review": {"@type": "CriticReview", "reviewRating": {"ratingValue": "3.5", "bestRating": "5"}},
    }
    assert read_rating(make_page("<p>x</p>", jsonld(movie))) == (3.5, 5.0)


def test_user_reviews_are_not_the_critics() -> None:
    data = {"@type": "UserReview", "reviewRating": {"ratingValue": 1, "bestRating": 5}}
    assert read_rating(make_page("<p>x</p>", jsonld(data))) == (None, None)


def test_aggregate_rating_alone_is_not_the_critics() -> None:
    movie = {"@type": "Movie", "name": "Drive", "aggregateRating": {"ratingValue": 4.1, "bestRating": 5}}
    assert read_rating(make_page("<p>x</p>", jsonld(movie))) == (None, None)


def test_review_without_rating_falls_back_to_the_page() -> None:
    page = make_page("<article><p>Long review text.</p><p><strong>Rating: 4/5</strong></p></article>")
    assert read_rating(page, "Long review text.") == (4.0, 5.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rating: 4/5", (4.0, 5.0)),
        ("Our rating: 4,5 / 5", (4.5, 5.0)),
        ("Verdict: 8/10", (8.0, 10.0)),
        ("Rated 3 out of 5", (3.0, 5.0)),
        ("3.5 out of 5", (3.5, 5.0)),
        (
            "I would give Drive 3.5 out of 5, which feels about right for a film this cool and this hollow.",
            (3.5, 5.0),
        ),
        ("★★★★☆", (4.0, 5.0)),
        ("★★★½", (3.5, 5.0)),
        ("★★★★", (4.0, 5.0)),
        ("★★★★★★★☆☆☆", (7.0, 10.0)),
        ("Verdict: ★★★★☆ — a cold, precise thriller", (4.0, 5.0)),
        ("평점: 4.5/5", (4.5, 5.0)),
        ("별점 ★★★★", (4.0, 5.0)),
        ("평점 4점", (4.0, 5.0)),
        ("5점 만점에 4.5점", (4.5, 5.0)),
        ("4/5", (4.0, 5.0)),
    ],
)
def test_rating_phrases(text: str, expected: tuple[float, float]) -> None:
    assert rating_in_text([text]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Grade: B+",
        "Verdict: a bruising, beautiful film.",
        "The bill needed a 2/3 majority, and the senator's gamble on the vote drives the whole second act.",
        "The film opened on 12/05 in Seoul, and it played in a half-empty house for most of its first week.",
        "It premiered 12/05/2023 at a festival.",
        "Episode 1/2",
        "In the 9/11 sequence the director cuts away from the towers, which is the film's best idea.",
        "Two of the five leads turn up 3 out of 5 times in the background of every scene the camera holds.",
        "He was born in 1990 and lost 24/7 access to his daughter, a fact the film mentions only once.",
    ],
)
def test_prose_fractions_and_grades_are_not_ratings(text: str) -> None:
    assert rating_in_text([text]) == (None, None)


def test_verdict_line_inside_body_text() -> None:
    body = "First paragraph of the review.\n\nSecond paragraph, longer.\n\nRating: 4/5"
    assert read_rating(make_page("<p>x</p>"), body) == (4.0, 5.0)


def test_no_rating_anywhere() -> None:
    body = "A patient, unhurried film about a man who cleans toilets in Tokyo and listens to cassettes."
    page = make_page(f"<article><p>{body}</p></article>")
    assert read_rating(page, body) == (None, None)


def test_star_widget_element() -> None:
    page = make_page(
        '<article><p>Text.</p><div class="star-rating" aria-label="Rated 4 out of 5"></div></article>'
    )
    assert read_rating(page, "Text.") == (4.0, 5.0)


def test_microdata_rating() -> None:
    widget = (
        '<div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">'
        '<meta itemprop="ratingValue" content="3"><meta itemprop="bestRating" content="4"></div>'
    )
    assert read_rating(make_page(f"<article><p>Text.</p>{widget}</article>"), "Text.") == (3.0, 4.0)


def test_sidebar_and_reader_ratings_are_ignored() -> None:
    page = make_page(
        '<aside class="widget"><div class="rating">★★☆☆☆</div></aside>'
        '<article><p>Text without a verdict.</p><div class="wpd-rating">★★★☆☆</div></article>'
        '<div id="wpdcom"><p>Rating: 1/5 from a commenter</p></div>'
    )
    assert read_rating(page, "Text without a verdict.") == (None, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(4, 4.0), (4.5, 4.5), ("4,5", 4.5), (" 3 ", 3.0), ("3½", 3.5), ("x", None), (None, None), (True, None)],
)
def test_to_number(value: Any, expected: float | None) -> None:
    assert to_number(value) == expected


def test_rating_from_values_defaults_the_scale() -> None:
    assert rating_from_values("4", None) == (4.0, 5.0)
    assert rating_from_values(7, None) == (7.0, 10.0)
    assert rating_from_values(-1, 5) == (None, None)


def test_page_wrappers_named_user_do_not_hide_the_verdict() -> None:
    page = make_page(
        '<div id="user-wrap"><div id="user-container"><article><p>본문.</p><p>평점: 4.5/5</p></article>'
        '<div class="user-rating">★☆☆☆☆</div></div></div>'
    )
    assert read_rating(page, None) == (4.5, 5.0)


@pytest.mark.parametrize(
    "text",
    [
        "Average rating 5 / 5. Vote count: 1",
        "Introduction to the course ★★★★★(167)",
        "It holds an impressive user rating of 4.8 out of 5 from 81 reviews.",
        "The best schools keep at least a 4.25/5 rating based on 75+ graduate reviews.",
        "Readers' score: 3/5",
    ],
)
def test_crowd_ratings_in_text_are_not_the_critics(text: str) -> None:
    assert rating_in_text([text]) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "1 lemon, or about 1/4 cup lemon juice",
        "1 / 4",
        "4 out of 5 of the platform's members",
        "★",
        "⭐ Featured",
    ],
)
def test_fractions_icons_and_counters_are_not_ratings(text: str) -> None:
    assert rating_in_text([text]) == (None, None)


def test_star_icon_beside_a_fraction_reads_the_fraction() -> None:
    assert rating_in_text(["⭐4.4/5"]) == (4.4, 5.0)


def test_bare_fraction_only_at_the_end_of_the_review() -> None:
    paragraphs = ["4/5", "First paragraph.", "Second paragraph.", "Third paragraph.", "Last paragraph."]
    assert rating_in_text(paragraphs) == (None, None)
    assert rating_in_text([*paragraphs[1:], "4/5"]) == (4.0, 5.0)


# The rating readers skip text without rating marks; these properties keep those shortcuts exact.

# Digits, fraction and star marks, Korean rating words, the words the patterns look for in both cases, and
# letters with case-insensitive matches outside ASCII (dotless and dotted i, long s).
RATING_ALPHABET = "0123456789/.,½★☆⭐점평별수가만에 ofOFuUtTrRaAiInNgGeEdDsScCvV:=-\u0130\u0131\u017f\t"
rating_lines = st.text(alphabet=RATING_ALPHABET, max_size=40)
READERS = (
    ratingtext._labelled,
    ratingtext._korean,
    ratingtext._stars_in_verdict,
    ratingtext._out_of,
    ratingtext._slash_in_context,
    ratingtext._slash,
    ratingtext._stars,
    ratingtext._bare_fraction,
)


@settings(max_examples=400)
@given(rating_lines)
def test_every_reader_needs_a_rating_mark(line: str) -> None:
    if any(reader(line) != (None, None) for reader in READERS):
        assert ratingtext.has_rating_shape(line)


@settings(max_examples=400)
@given(rating_lines)
def test_reader_gates_never_hide_a_match(line: str) -> None:
    if ratingtext._LABELLED.search(line):
        assert ratingtext._may_have_label(line)
    if ratingtext._OUT_OF.search(line):
        assert "out" in line.lower()
    if any(p.search(line) for p in (ratingtext._KOREAN_FULL_MARKS, ratingtext._KOREAN_POINTS)):
        assert "점" in line


CLEANING_ALPHABET = "&#x;amp\u00e2\u20ac\u00c2\u00a0\n"


@given(st.lists(st.text(alphabet=RATING_ALPHABET + CLEANING_ALPHABET, max_size=12), max_size=8))
def test_rating_candidates_include_every_text_with_a_mark(texts: list[str]) -> None:
    picked = set(ratingtext.rating_candidates(texts))
    assert {i for i, text in enumerate(texts) if ratingtext.may_hold_rating(text)} <= picked


def test_verdict_block_outside_the_body_is_still_read() -> None:
    page = make_page(
        "<article><p>Review text, 24/7 and and/or.</p><div><span>Verdict:</span> <b>★★★★☆</b></div>"
        '<aside><p>Rating: 1/5</p></aside><div class="user-rating"><p>Rating: 2/5</p></div></article>'
    )
    assert read_rating(page, "Review text, 24/7 and and/or.") == (4.0, 5.0)


def test_closing_fraction_counts_only_among_the_last_blocks() -> None:
    closing = "".join(f"<p>Paragraph {n}.</p>" for n in range(4))
    assert read_rating(make_page(f"<article><p>3/5</p>{closing}</article>"), "x") == (None, None)
    assert read_rating(make_page(f"<article>{closing}<p>(3/5)</p><nav><p>x</p></nav></article>"), "x") == (
        3.0,
        5.0,
    )
