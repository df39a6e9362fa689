"""A shop's controls (cart, sort or filter, quick view) make a page a shop's category page, not a review."""

from __future__ import annotations

import json

import pytest

from reviewcrawl.extract.body.pagefeatures import census
from reviewcrawl.extract.body.pagetype import page_kind
from reviewcrawl.extract.page.page import load_page
from reviewcrawl.reading.record import review_or_reason
from reviewcrawl.stats import Drop

PROSE = (
    "Our blenders are built to last, with a motor that handles ice and frozen fruit in seconds and a jar "
    "that goes in the dishwasher, so the morning smoothie takes less time than the coffee beside it."
)
REVIEW_PROSE = (
    "The director keeps the camera close to the faces of the two leads, and the long takes let the silences "
    "between them say more than the script ever does."
)
SORT_SELECT = '<label for="sort">Sort by</label><select id="sort"><option>Featured</option></select>'
SORT_BUTTON = '<button type="button" class="facet">Filters</button>'
CART_BUTTON = '<button type="button">Add to cart</button>'
CART_INPUT = '<input type="submit" value="Add to Bag">'
QUICK_LINK_BUTTON = '<button aria-label="Quick view">+</button>'


def category_page(controls: str, card_control: str = "") -> str:
    """A shop's category page without prices in its cards: an intro of prose, controls, product cards."""
    cards = "".join(
        f'<div class="tile"><a href="/p/blender-{n}"><h3>Blender model {n} with jar</h3></a>'
        f"{card_control}</div>"
        for n in range(6)
    )
    return (
        "<html><head><title>Blenders | Kitchen Shop</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/kitchen/">Kitchen</a></nav><main><h1>Blenders</h1>'
        f"<p>{PROSE}</p><p>{PROSE} Pick the size that fits your counter.</p><p>{PROSE}</p>"
        f'<div class="toolbar">{controls}</div><div class="grid">{cards}</div></main></body></html>'
    )


def review_page(extra: str = "", jsonld: dict[str, str] | None = None) -> str:
    """A film review; ``extra`` is put after its text (a shop box, a comment sorter)."""
    body = "".join(f"<p>{REVIEW_PROSE} Scene {n} shows it again.</p>" for n in range(8))
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    return (
        f"<html><head><title>Past Lives review</title>{script}</head><body>"
        f"<article><h1>Past Lives review: a quiet triumph</h1>{body}</article>{extra}</body></html>"
    )


def kind_of(html: str, url: str) -> str | None:
    page = load_page(html, url)
    assert page is not None
    return page_kind(page).name


@pytest.mark.parametrize(
    ("controls", "card_control"),
    [
        (SORT_SELECT, CART_BUTTON),  # sort select above, a cart button per card
        (SORT_BUTTON, CART_INPUT),  # a filter button, carts as submit inputs
        (CART_BUTTON, QUICK_LINK_BUTTON),  # named in an attribute only
    ],
)
def test_a_category_page_with_shop_controls_of_two_kinds_is_a_collection(
    controls: str, card_control: str
) -> None:
    url = "https://kitchen.example/kitchen/blenders"
    assert kind_of(category_page(controls, card_control), url) == "collection"
    assert isinstance(review_or_reason(category_page(controls, card_control), url), Drop)


def test_one_kind_of_control_alone_does_not_decide() -> None:
    page = load_page(category_page(SORT_SELECT))
    assert page is not None
    assert census(page.tree).shop == {"shop_sort"}


@pytest.mark.parametrize(
    "extra",
    [
        f'<aside class="shop"><h3>Buy the Blu-ray</h3>{CART_BUTTON}</aside>',  # one kind: a cart
        '<section class="comments"><select><option>Sort by newest</option></select></section>',  # a sorter
    ],
)
def test_a_review_with_one_shop_control_stays_an_article(extra: str) -> None:
    url = "https://reeltalk.example/reviews/past-lives-review/"
    assert kind_of(review_page(extra), url) is None
    assert not isinstance(review_or_reason(review_page(extra), url), Drop)


def test_a_review_declaring_itself_in_json_ld_is_taken_at_its_word() -> None:
    shop = f'<aside class="shop">{SORT_BUTTON}{CART_BUTTON}</aside>'
    url = "https://reeltalk.example/reviews/past-lives-review/"
    assert kind_of(review_page(shop), url) == "collection"
    assert kind_of(review_page(shop, {"@context": "https://schema.org", "@type": "Review"}), url) is None


def test_controls_are_read_from_text_and_attributes_in_any_case() -> None:
    page = load_page(
        "<html><body><BUTTON>ADD TO CART</BUTTON><input type=submit value='add-to-bag'>"
        "<button aria-label='Compare'>=</button><label>Price: Low to High</label><p>Cart</p></body></html>"
    )
    assert page is not None
    assert census(page.tree).shop == {"shop_cart", "shop_sort", "shop_pick"}
    text_only = load_page("<html><body><p>Add to cart</p><span>Sort by</span></body></html>")
    assert text_only is not None
    assert census(text_only.tree).shop == frozenset()  # prose naming them is no control
