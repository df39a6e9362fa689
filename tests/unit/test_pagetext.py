"""The page-type step's shared readings: element text sizes measured in one walk, the <meta> tags read once,
the microdata types, and a shop's grid read from the sizes."""

from __future__ import annotations

from lxml import etree

from reviewcrawl.extract.body.pagetext import measure_sizes, text_chars, text_sizes
from reviewcrawl.extract.body.pagetype import (
    RAW_PRICES,
    _priced,
    declared_kind,
    measure_layout,
    meta_tags,
    weigh,
)
from reviewcrawl.extract.page.page import load_page

TRICKY = (
    "<html><head><title>T</title><style>p { color: red }</style></head><body>"
    "<div id='a'>  Lead   text <b>bold</b> tail  words <!-- a comment --> after comment"
    "<script>var x = 1;</script> after script <noscript>hidden <i>inner</i> kept tail</noscript>"
    "<p>\n\n  A paragraph\twith   gaps </p>\n  </div><div id='b'><a href='/x'>link text</a> more</div>"
    "</body></html>"
)


def walked_chars(element: etree._Element) -> int:
    """The definition, one element at a time: each text node trimmed with inner runs as one space, the
    text of scripts, styles and noscript left out, tails of everything inside counted."""
    chars = 0
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag not in ("script", "style", "noscript"):
            chars += len(" ".join((node.text or "").split()))
        if node is not element:
            chars += len(" ".join((node.tail or "").split()))
    return chars


def test_sizes_of_one_walk_equal_each_element_measured_alone() -> None:
    page = load_page(TRICKY, "https://example.org/a")
    assert page is not None
    sizes = text_sizes(page)
    for element in page.tree.iter():
        assert sizes[element] == walked_chars(element), etree.tostring(element)
    body = page.tree.find("body")
    assert body is not None and text_chars(body, sizes) == walked_chars(body) > 0
    assert text_sizes(page) is sizes  # kept with the page


def test_text_chars_measures_an_element_the_sizes_do_not_hold() -> None:
    tree = etree.fromstring("<div> one  two <span>three</span> four </div>", etree.HTMLParser())
    div = tree.find(".//div")
    assert div is not None
    assert text_chars(div, {}) == walked_chars(div) == len("one two") + len("three") + len("four")
    assert measure_sizes(div)[div] == text_chars(div)


def test_meta_tags_keep_the_first_tag_naming_each_property() -> None:
    page = load_page(
        '<html><head><meta property="og:type" content=" Article "><meta name="og:type" content="website">'
        '<meta name="og:title" property="article:published_time" content="2024-01-01">'
        "</head><body><p>x</p></body></html>",
        "https://example.org/a",
    )
    assert page is not None
    assert meta_tags(page) == {
        "og:type": "article",
        "og:title": "2024-01-01",
        "article:published_time": "2024-01-01",
    }


def test_microdata_types_and_a_price_of_the_page_own_declare_the_kind() -> None:
    def kind(body: str) -> str | None:
        page = load_page(f"<html><body>{body}</body></html>", "https://example.org/a")
        assert page is not None
        return declared_kind(page)

    assert kind('<div itemtype="https://schema.org/Product"><p>x</p></div>') == "product"
    assert kind(
        '<div itemtype="http://schema.org/Review/ http://x/y"><span itemprop="price">9</span></div>'
    ) == ("article")
    assert kind('<span itemprop="price">9</span>') == "product"
    assert kind('<span itemprop="lowPrice">9</span><div itemtype="">x</div>') is None
    assert kind('<div itemtype="https://schema.org/QAPage">q</div>') == "forum"


def shop_grid(cards: int, extra: str = "") -> str:
    items = "".join(
        f'<li class="card"><a href="/p/{n}">Blu-ray edition number {n}</a><span>$1{n}.99</span>{extra}</li>'
        for n in range(cards)
    )
    return f"<html><body><h1>Films</h1><ul>{items}</ul></body></html>"


def test_priced_cards_make_a_grid_and_long_ones_do_not() -> None:
    def grid(html: str) -> int:
        page = load_page(html, "https://example.org/shop/films/")
        assert page is not None
        return weigh(page).grid

    assert grid(shop_grid(12)) == 3
    assert grid(shop_grid(8)) == 2
    assert grid(shop_grid(12, "<p>" + "word " * 90 + "</p>")) == 0  # too long to be a card
    assert grid(shop_grid(12).replace("$", "")) == 0  # no price


PRICE_CASES = [
    "no money here",
    "$ 12 a month",
    "$\n\t 9",
    "jQuery $(document) and $x",
    "\u00a35",
    "\u00a5 abc 1",
    "12 EUR",
    "12\u00a0kr",
    "1\u00a0\n z\u0142",
    "kr 12",
    "EUR",
    "x\u20ac",
    "\u0665\u20ac",  # an Arabic-Indic digit is a digit to the regex engine too
    "9 skrill",
    "USD12",
]


def test_the_page_price_test_answers_as_its_patterns_do() -> None:
    for text in PRICE_CASES:
        expected = any(pattern.search(text) for pattern in RAW_PRICES)
        assert _priced(text) is expected, text


def test_body_prices_are_counted_per_paragraph() -> None:
    prose = "<p>" + "A long sentence about the film and its makers. " * 8 + "</p>"
    short = ["<p>The disc costs $</p>", "<p>5 and more in shops.</p>", "<p>Or 12 kr, or 9 EUR today.</p>"]
    page = load_page(f"<html><body><article>{prose}{''.join(short)}{prose}</article></body></html>")
    assert page is not None
    layout = measure_layout(page)
    assert layout.located
    assert layout.prices == 2  # "$" and "5" stand in two paragraphs: no price between them


def test_sizes_hold_every_node_and_read_a_subtree_as_its_own_walk() -> None:
    page = load_page(TRICKY)
    assert page is not None and page.tree is not None
    sizes = text_sizes(page)
    assert len(sizes) == len(list(page.tree.iter())) and page.tree in sizes
    for element in page.tree.iter():
        assert sizes[element] == measure_sizes(element)[element]  # the same size, measured from inside
    assert sizes.get(etree.Element("p"), 0) == 0 and etree.Element("p") not in sizes
