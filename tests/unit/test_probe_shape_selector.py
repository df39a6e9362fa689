"""The probe's review URL shape and content selector, on addresses and pages made up here."""

from __future__ import annotations

from reviewcrawl.probe.selector import choose_selector
from reviewcrawl.probe.shape import learn_shape
from reviewcrawl.probe.xmldoc import html_soup

SITE = "https://films.example"


def test_shared_section_words_stay_literal_and_numbers_generalise() -> None:
    reviews = [f"{SITE}/reviews/2021/07/a-film/", f"{SITE}/reviews/2024/11/another-film/"]
    others = [f"{SITE}/news/2024/11/a-story/"]
    shape = learn_shape(reviews, others, others)
    assert shape is not None and shape.pattern == r"^/reviews/\d{4}/\d{2}/[^/]+/$"
    assert shape.separates and shape.matches(f"{SITE}/reviews/2030/01/next-year/")
    assert not shape.matches(f"{SITE}/news/2030/01/next-year/")


def test_article_numbers_take_any_width_and_mixed_shapes_are_said() -> None:
    shape = learn_shape([f"{SITE}/node/12", f"{SITE}/node/47"], [f"{SITE}/node/30"], [f"{SITE}/node/30"])
    assert shape is not None and shape.pattern == r"^/node/\d+$"
    assert shape.matches(f"{SITE}/node/1234") and not shape.separates
    assert shape.mixed_with == (f"{SITE}/node/30",)


def test_no_sampled_non_review_article_leaves_separation_untested() -> None:
    shape = learn_shape([f"{SITE}/a/", f"{SITE}/b/"], [f"{SITE}/tag/films/"], [])
    assert shape is not None and shape.untested and not shape.separates


def page(article: str) -> str:
    return f'<html><body><nav><p>menu</p></nav><div class="story-body">{article}</div></body></html>'


ARTICLE = "".join(f"<p>Paragraph {n} says something about the film and its maker {n}.</p>" for n in range(8))


def test_a_selector_only_when_the_generic_body_misses_much_of_it() -> None:
    soups = [html_soup(page(ARTICLE).encode()) for _ in range(2)]
    whole = " ".join(p.get_text(" ") for p in soups[0].select("div.story-body p"))
    kept = choose_selector([(soup, whole) for soup in soups])
    assert kept.selector is None and kept.candidate == "div.story-body"
    half = whole[: len(whole) // 3]
    better = choose_selector([(soups[0], whole), (soups[1], half)])
    assert better.selector == "div.story-body"
    assert better.generic_coverage is not None and better.generic_coverage < 0.9


def test_no_selector_when_the_reviews_disagree() -> None:
    other = html_soup(f'<html><body><main id="content">{ARTICLE}</main></body></html>'.encode())
    found = choose_selector([(html_soup(page(ARTICLE).encode()), ""), (other, "")])
    assert found.selector is None and found.candidate is None
