"""A page that declares itself a product or a forum thread, or is too short, gives no record, and says why."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from reviewcrawl.cli import main as cli_main
from reviewcrawl.extract.review import ReviewPage
from reviewcrawl.reading.record import extract_review, review_or_reason
from reviewcrawl.stats import Drop

PROSE = " ".join(
    f"Paragraph {n} of the piece goes on about the film, its actors, its pacing and the score at some length."
    for n in range(12)
)


def page(head: str = "") -> str:
    paragraphs = "".join(f"<p>{PROSE}</p>" for _ in range(3))
    return (
        f"<html><head><title>A title of the page</title>{head}</head>"
        f"<body><main><article><h1>A title of the page</h1>{paragraphs}</article></main>"
        "</body></html>"
    )


def jsonld(obj: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_an_article_gives_a_record() -> None:
    assert extract_review(page(), "https://example.org/films/a-film") is not None


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        ('<meta property="og:type" content="product">', Drop.PRODUCT),
        (
            jsonld({"@type": "Product", "name": "Seeds", "offers": {"@type": "Offer", "price": "3"}}),
            Drop.PRODUCT,
        ),
        # shop systems give product pages og:type article: the Product still tells
        (
            '<meta property="og:type" content="article">' + jsonld({"@type": "Product", "name": "X"}),
            Drop.PRODUCT,
        ),
        (jsonld({"@type": "DiscussionForumPosting", "headline": "Help"}), Drop.FORUM),
        (jsonld({"@type": "QAPage"}), Drop.FORUM),
    ],
)
def test_declared_non_articles_give_no_record(head: str, reason: Drop) -> None:
    assert review_or_reason(page(head), "https://example.org/films/a-film") == reason
    assert extract_review(page(head), "https://example.org/films/a-film") is None


@pytest.mark.parametrize(
    "head",
    [
        jsonld({"@type": "Review", "itemReviewed": {"@type": "Product", "name": "A blender"}}),
        jsonld({"@type": "NewsArticle"}) + jsonld({"@type": "Product", "name": "A phone"}),
        jsonld({"@type": "BlogPosting", "comment": {"@type": "Comment"}}) + jsonld({"@type": "QAPage"}),
    ],
)
def test_an_article_about_a_product_still_gives_a_record(head: str) -> None:
    review = ReviewPage.read(page(head), "https://example.org/films/a-film")
    assert review is not None and review.page_type() is None
    assert extract_review(page(head), "https://example.org/films/a-film") is not None


def grid(cards: int, price: str = "$129.95") -> str:
    items = "".join(
        f'<li class="card"><a href="/p/{n}"><img src="/i/{n}.jpg">Walking boot model {n}</a> {price}</li>'
        for n in range(cards)
    )
    paragraphs = "".join(f"<p>{PROSE}</p>" for _ in range(2))
    return (
        "<html><head><title>Hiking boots</title></head><body><main><h1>Hiking boots</h1>"
        f'<div>{paragraphs}</div><ul class="grid">{items}</ul></main></body></html>'
    )


def test_a_grid_of_priced_cards_is_a_collection() -> None:
    assert review_or_reason(grid(12), "https://shop.example/c/hiking-boots") == Drop.COLLECTION


def test_prices_in_an_article_do_not_make_a_collection() -> None:
    assert not isinstance(review_or_reason(grid(2), "https://example.org/films/a-film"), Drop)


def test_a_short_page_gives_no_record() -> None:
    html = "<html><body><main><h1>Page not found</h1><p>Sorry, nothing here.</p></main></body></html>"
    assert review_or_reason(html, "https://example.org/missing") in (Drop.SHORT_BODY, Drop.NO_BODY)
    assert extract_review(html, "https://example.org/missing") is None


def test_min_words_is_the_crawl_setting() -> None:
    html = page()
    assert extract_review(html, "https://example.org/films/a-film", min_words=10**6) is None
    assert review_or_reason(html, "https://example.org/films/a-film", min_words=10**6) == Drop.SHORT_BODY


def test_extract_command_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "shop.html.gz"
    saved.write_bytes(gzip.compress(page('<meta property="og:type" content="product">').encode()))
    assert cli_main(["extract", str(saved)]) == 1
    err = capsys.readouterr().err
    assert "product" in err and Drop.PRODUCT.description in err
