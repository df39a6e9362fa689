"""Stage: the page type. Is a page a listing (home, category, tag, author, search, a further page of these)?

The crawl asks so that a listing never becomes a review record. Evidence is weighed rather than any one sign
trusted: teaser headlines outside the page chrome, the page's declared type (og:type, JSON-LD), pagination
links, the conventional shape of listing URLs, and whether a substantial article body stands on the page. That
last, the strongest, reads the located body (without a site profile), so the page type follows the location.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree

from reviewcrawl.extract.body.blocks import paragraphs
from reviewcrawl.extract.body.choose import Body
from reviewcrawl.extract.body.locate import locate_body
from reviewcrawl.extract.body.pagefeatures import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    jsonld_types,
    page_census,
    page_features,
)
from reviewcrawl.extract.body.pagemodel import page_model
from reviewcrawl.extract.body.pagetext import text_chars, text_sizes
from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.query import page_view, raw_text
from reviewcrawl.extract.page.textutil import descends_from, within_any

logger = logging.getLogger(__name__)

LISTING_PATH = re.compile(
    r"/(?:page|category|categories|tag|tags|topic|topics|author|authors|search|archive|archives|label)(?:/|$)"
    r"|/\d{4}/(?:\d{2}/)?$",  # date archives: /2023/ or /2023/12/
    re.IGNORECASE,
)
LISTING_QUERY = re.compile(r"(?:^|&)(?:s|q|query|search|page|paged|p|tag|cat|category)=", re.IGNORECASE)
# Archive titles as publishing systems write them: "Reviews Archives", "Category: Drama", "Search results".
ARCHIVE_TITLE = re.compile(
    r"^(?:category|tag|author|topic|archives?)\s*:|\barchives?\b|^search results", re.IGNORECASE
)
HEADLINE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HEADLINE_MIN_CHARS = 10  # a teaser headline, not a "More" link
LONG_PARAGRAPH = 150  # characters: a paragraph of prose rather than an excerpt
TRUNCATION_MARKS = ("...", "\u2026", "[\u2026]", "[...]")
SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", "\u3002", ")")
TRUNCATED_SHARE = 0.25  # of the body's paragraphs, for a run of excerpts
TEASER_CHARS = 450  # text per headline in the body region below which the headlines are teasers
TEASER_WRAPPER_GROUPS = frozenset({"article_meta", "category_badges"})
LISTING_THRESHOLD = 2
MODEL_MIN_BODY = 100  # characters of located body below which the page-type model does not judge
# What a page declares itself to be, when not an article: schema.org types (JSON-LD, or microdata itemtype)
# and og:type. A shop's product page, a forum thread or Q&A page gives no review record.
PRODUCT_TYPES = frozenset(
    {"product", "productgroup", "productmodel", "individualproduct", "offer", "aggregateoffer"}
)
FORUM_TYPES = frozenset({"discussionforumposting", "qapage"})
# A shop's category grid: sibling cards, each a short block with a link and a price of its own.
PRICE = re.compile(r"[$\u20ac\u00a3\u00a5]\s?\d|\d\s?(?:\u20ac|EUR|USD|CHF|kr|z\u0142)(?!\w)")
# PRICE as it may stand in the page's raw text, where any run of whitespace collapses to the one space PRICE
# allows and a card's text may end before a following word: a page without one has no priced card.
RAW_PRICES = (
    re.compile(r"[$\u20ac\u00a3\u00a5]\s*\d"),
    re.compile(r"\d\s*(?:\u20ac|EUR|USD|CHF|kr|z\u0142)"),
)
# RAW_PRICES' fixed marks: a page's raw text (scripts included) is searched for them with str.find, which
# runs many times faster than a regex scan, and each mark found is checked where it stands.
CURRENCY_SIGNS = ("$", "\u20ac", "\u00a3", "\u00a5")  # the first pattern's start
CURRENCY_CODES = ("\u20ac", "EUR", "USD", "CHF", "kr", "z\u0142")  # the second pattern's end
DIGIT_AFTER = re.compile(r"\s*\d")
CARD_CHARS = (10, 400)  # text of one card
GRID_CARDS = (4, 8, 12)  # priced sibling cards for +1, +2, +3
SHOP_MIN_KINDS = 2  # kinds of a shop's controls (``pagefeatures.SHOP_CONTROLS``) that make a shop's page
META_KEY = "meta_tags"
LINKED_BODY = 0.25  # share of the located body's text in links: a list of links, not prose
BODY_SHARE = 0.02  # share of the page's text in the located body, below which it is a stray block


@dataclass(frozen=True)
class Evidence:
    declared: int  # og:type and JSON-LD
    address: int  # URL shape and pagination links
    teasers: int  # headline links outside the page chrome
    body: int  # a substantial article body, or teasers inside the body region
    grid: int = 0  # sibling cards with a price each: a shop's category page
    shop: bool = False  # a shop's controls of two kinds or more (cart, sort or filter, quick view)

    @property
    def total(self) -> int:
        return self.declared + self.address + self.teasers + self.body + self.grid


@dataclass(frozen=True)
class PageKind:
    evidence: Evidence | None  # None when the page could not be weighed
    declared: str | None = None  # "product", "forum" or "article" as the page's markup declares itself
    # the page-type model's verdict: why the page is no article, "article" when it is sure of one
    model: str | None = None

    @property
    def is_listing(self) -> bool:
        return self.name in ("listing", "collection")

    @property
    def by_rules(self) -> str | None:
        """Why the rules hold the page no article: "listing", "collection", "product", "forum"; None for a
        page that may be one. A collection is a shop's category page: priced cards, or a shop's controls."""
        evidence = self.evidence
        if evidence is not None and (evidence.shop or evidence.total >= LISTING_THRESHOLD):
            return "collection" if evidence.grid >= 2 or evidence.shop else "listing"
        return self.declared if self.declared in ("product", "forum") else None

    @property
    def name(self) -> str | None:
        """Why the page is not an article: the rules' reason, else the model's ("listing", "collection",
        "product", "forum", "not_article" for a service or documentation page); None for a page that may be
        one. A model sure of an article outweighs the listing evidence (a long related-links block, a
        section-like address), never a declared type, a priced grid or a shop's controls."""
        rules = self.by_rules
        if rules == "listing" and self.model == "article":
            return None
        if rules is not None:
            return rules
        return None if self.model == "article" else self.model


def page_kind(page: Page) -> PageKind:
    """Weigh a page's listing evidence, then ask the model. Never raises: a page we cannot read is not known
    to be anything but an article."""
    kind, features = kind_and_features(page)
    model = page_model()
    if model is None or features is None or kind.by_rules not in (None, "listing"):
        return kind
    return replace(kind, model=model.verdict(features))


def kind_and_features(page: Page) -> tuple[PageKind, dict[str, float | None] | None]:
    """The rules' page kind, and the model's features (None when the page could not be weighed)."""
    try:
        evidence, layout = weigh_with_layout(page)
    except Exception:
        logger.debug("listing check failed for %s", getattr(page, "url", None), exc_info=True)
        evidence, layout = None, None
    try:
        declared = declared_kind(page)
    except Exception:
        logger.debug("declared type check failed for %s", getattr(page, "url", None), exc_info=True)
        declared = None
    kind = PageKind(evidence, declared)
    if evidence is None or layout is None or layout.body_chars < MODEL_MIN_BODY:
        return kind, None  # too little text to judge: the later stages give it no record or a short one
    try:
        metas = meta_tags(page)
        og_type, published = metas.get("og:type", ""), bool(metas.get("article:published_time"))
        features = page_features(page, layout, declared, og_type, published)
    except Exception:
        logger.debug("page features failed for %s", getattr(page, "url", None), exc_info=True)
        return kind, None
    # A page whose JSON-LD names an article type is taken at its word: hardly any other page does so
    return kind, None if features.get("ld_article") else features


def declared_kind(page: Page) -> str | None:
    """ "product", "forum" or "article" as the page's markup declares it; None when it declares none of them.

    og:type product (product.group, product.item) is a shop's own; an ``itemprop="price"`` or a schema.org
    Product, Offer, DiscussionForumPosting or QAPage counts only on a page that declares no schema.org article
    type, as a review may carry the reviewed product and an article a comment thread. og:type article alone
    does not outweigh a Product: shop systems give their product pages that og:type.
    """
    og_type = meta_tags(page).get("og:type", "")
    if og_type == "product" or og_type.startswith("product."):
        return "product"
    types = set(jsonld_types(page))
    view = page_view(page)  # microdata: item types, and a price of the page's own
    types.update(_itemtype(value) for value in view.attribute_values("itemtype") if value)
    priced = "price" in view.attribute_values("itemprop")
    if types & ARTICLE_TYPES:
        return "article"  # a review may name the reviewed product's price
    if priced or types & PRODUCT_TYPES:
        return "product"
    if types & FORUM_TYPES:
        return "forum"
    return "article" if og_type == "article" else None


def _itemtype(value: str) -> str:
    """The last word of a microdata itemtype URL, lower-cased (of the first, when several are given)."""
    return (value.split() or [""])[0].rstrip("/").rsplit("/", 1)[-1].lower()


def is_listing_page(page: Page) -> bool:
    """True for home, category, tag, author, search and paginated listing pages. Never raises."""
    return page_kind(page).is_listing


def weigh(page: Page) -> Evidence:
    return weigh_with_layout(page)[0]


def weigh_with_layout(page: Page) -> tuple[Evidence, Layout]:
    """The listing evidence, and the measures of the located body it was read from."""
    tree = page.tree
    layout = measure_layout(page)
    evidence = Evidence(
        declared=_declared(tree, jsonld_types(page), meta_tags(page)),
        address=_address(page.url, tree),
        grid=_grid(tree, text_sizes(page)) if _priced(page_view(page).text) else 0,
        shop=_shop(page),
        teasers=layout.teaser_evidence,
        body=layout.body_evidence,
    )
    return evidence, layout


def _grid(tree: etree._Element, sizes: Mapping[etree._Element, int]) -> int:
    """+1, +2 for a run of sibling cards (same tag and class), each a short block with a link and a price.
    Only a parent with four linked children or more can score, so just those children are read (menus
    are most of them). A card's text is read only when its measured size (each text node trimmed, so never
    more than the collapsed whole) leaves it short enough to be a card."""
    most = 0
    linked = _linked_elements(tree)
    for parent in linked:
        if len(parent) < GRID_CARDS[0]:
            continue
        candidates = [card for card in parent if card in linked]
        if len(candidates) < GRID_CARDS[0]:
            continue
        cards: dict[tuple[str, str], int] = {}
        for card in candidates:
            if sizes.get(card, 0) > CARD_CHARS[1]:
                continue
            text = _card_text(card)
            if text is None or len(text) < CARD_CHARS[0] or not PRICE.search(text):
                continue
            key = (card.tag, card.get("class") or "")
            cards[key] = cards.get(key, 0) + 1
        most = max(most, *cards.values()) if cards else most
    return sum(most >= cards for cards in GRID_CARDS)


def _linked_elements(tree: etree._Element) -> set[etree._Element]:
    """Every link with an address, and the elements holding one: the cards a grid can be made of."""
    linked: set[etree._Element] = set()
    for link in tree.iter("a"):
        if not link.get("href"):
            continue
        owner: etree._Element | None = link
        while owner is not None and owner not in linked:
            linked.add(owner)
            owner = owner.getparent()
    return linked


def _priced(text: str) -> bool:
    """Whether the page's raw text (scripts included) may hold a card's price mark: whether one of
    RAW_PRICES matches it."""
    return _signed_price(text) or _coded_price(text)


def _signed_price(text: str) -> bool:
    """RAW_PRICES[0]: a currency sign with a digit after it, whitespace between."""
    for sign in CURRENCY_SIGNS:
        at = text.find(sign)
        while at >= 0:
            if DIGIT_AFTER.match(text, at + 1) is not None:
                return True
            at = text.find(sign, at + 1)
    return False


def _coded_price(text: str) -> bool:
    """RAW_PRICES[1]: a currency code with a digit before it, whitespace between (``isspace`` and
    ``isdecimal`` are the regex engine's own tests for \\s and \\d)."""
    for code in CURRENCY_CODES:
        at = text.find(code)
        while at >= 0:
            before = at - 1
            while before >= 0 and text[before].isspace():
                before -= 1
            if before >= 0 and text[before].isdecimal():
                return True
            at = text.find(code, at + 1)
    return False


def _shop(page: Page) -> bool:
    """A shop's controls of two kinds or more: add to cart with sort by, a filter with quick view. An article
    hardly ever offers two (a review may carry a shop's cart button); one whose JSON-LD names an article
    type is taken at its word."""
    if len(page_census(page).shop) < SHOP_MIN_KINDS:
        return False
    return not jsonld_types(page) & ARTICLE_TYPES


def _card_text(card: etree._Element) -> str | None:
    """The card's text with whitespace runs as one space; None when it is longer than a card's."""
    text = " ".join(raw_text(card).split())
    return text if len(text) <= CARD_CHARS[1] else None


def _declared(tree: etree._Element, types: frozenset[str], metas: dict[str, str]) -> int:
    score = 0
    og_type = metas.get("og:type", "")
    if og_type == "website":
        score += 1
    elif og_type in ("article", "video.movie", "review"):
        score -= 2
    if metas.get("article:published_time"):
        score -= 1
    if ARCHIVE_TITLE.search(metas.get("og:title") or _title(tree)):
        score += 2
    if types & LISTING_TYPES:
        score += 2
    if types & ARTICLE_TYPES:
        score -= 2
    return score


def meta_tags(page: Page) -> dict[str, str]:
    """The content of each <meta> property or name (the first tag naming it), trimmed and lower-cased; read
    once per page."""
    found: dict[str, str] | None = page._cache.get(META_KEY)
    if found is None:
        found = page._cache[META_KEY] = {}
        for meta in page.tree.iter("meta"):
            for key in (meta.get("property"), meta.get("name")):
                if key is not None and key not in found:
                    found[key] = (meta.get("content") or "").strip().lower()
    return found


def _title(tree: etree._Element) -> str:
    title = tree.find(".//title")
    return " ".join((title.text or "").split()).lower() if title is not None else ""


def _address(url: str | None, tree: etree._Element) -> int:
    score = 0
    if url:
        parts = urlsplit(url)
        path = parts.path or "/"
        if LISTING_PATH.search(path) or LISTING_QUERY.search(parts.query):
            score += 2
        elif path == "/":
            score += 1  # a home page lists, unless its body says otherwise
    if any((link.get("rel") or "").lower() in ("next", "prev") for link in tree.iter("link")):
        score += 1
    return score


@dataclass(frozen=True)
class Layout:
    """Measures of the located body and the headlines around it: the listing evidence reads them, and so do
    the page-type model's features."""

    headlines: int = 0  # distinct teaser headline links outside the page chrome
    in_body: int = 0  # of which inside the located body
    paragraphs: int = 0  # paragraphs of the located body
    prose: int = 0  # of which long and not cut off
    cut: int = 0  # of which ending in a truncation mark
    paragraph_chars: int = 0  # characters of all the body's paragraphs
    body_chars: int = 0
    body_linked: float = 0.0  # share of the body's text in links
    page_chars: int = 0  # text of the page's body element, removed chrome included
    page_link_chars: int = 0
    ended: int = 0  # paragraphs ending as a sentence does
    prices: int = 0  # price marks in the body's paragraphs
    removals: dict[str, int] = field(default_factory=dict)  # elements each rule group removed
    located: bool = False  # a body was found

    @property
    def teaser_evidence(self) -> int:
        return 0 if self.headlines < 3 else 1 if self.headlines < 6 else 2

    @property
    def body_evidence(self) -> int:
        if not self.located:
            return 0
        layout = (self.body_linked >= LINKED_BODY) + (self.body_chars < BODY_SHARE * self.page_chars)
        return _body_evidence(self) + layout


def measure_layout(page: Page) -> Layout:
    located = locate_body(page)
    if located is None:
        return Layout()
    root, analysis, excluded, body = located.root, located.analysis, located.excluded, located.body
    # teaser modules often wrap title, byline and excerpt in one "meta" block: its headlines still count
    chrome = {r.element for r in analysis.removals if r.active and r.group not in TEASER_WRAPPER_GROUPS}
    headlines = _headline_links(root, chrome)
    sizes = text_sizes(page)
    page_chars = text_chars(root, sizes)
    root_stats = analysis.stats.get(root)
    page_links = root_stats.link_chars if root_stats is not None else 0
    removals: dict[str, int] = {}
    for removal in analysis.removals:
        if removal.active:
            removals[removal.group] = removals.get(removal.group, 0) + 1
    if body is None:
        return Layout(len(headlines), page_chars=page_chars, page_link_chars=page_links, removals=removals)
    in_body = sum(1 for link in headlines.values() if any(descends_from(link, e) for e in body.elements))
    found = [p for element in body.elements for p in paragraphs(element, excluded)]
    return Layout(
        headlines=len(headlines),
        in_body=in_body,
        paragraphs=len(found),
        prose=sum(len(p) >= LONG_PARAGRAPH and not p.endswith(TRUNCATION_MARKS) for p in found),
        cut=sum(p.endswith(TRUNCATION_MARKS) for p in found),
        paragraph_chars=sum(len(p) for p in found),
        body_chars=body.chars,
        body_linked=_linked_share(body, sizes),
        page_chars=page_chars,
        page_link_chars=page_links,
        ended=sum(p.endswith(SENTENCE_ENDS) for p in found),
        prices=sum(len(PRICE.findall(p)) for p in found if len(p) < CARD_CHARS[1]),
        removals=removals,
        located=True,
    )


def _linked_share(body: Body, sizes: Mapping[etree._Element, int]) -> float:
    """The share of the located body's text that sits in links."""
    total = sum(text_chars(element, sizes) for element in body.elements)
    linked = sum(text_chars(link, sizes) for element in body.elements for link in element.iter("a"))
    return linked / total if total else 0.0


def _body_evidence(layout: Layout) -> int:
    """+2 when the body region is a run of teasers, -2 when it reads as one article."""
    in_body, prose, cut = layout.in_body, layout.prose, layout.cut
    if in_body >= 2 and (layout.body_chars < TEASER_CHARS * in_body or prose < in_body):
        return 2  # headlines with short excerpts, more headlines than paragraphs of prose
    if cut >= 2 and cut >= TRUNCATED_SHARE * layout.paragraphs:
        return 1  # excerpts cut off mid-sentence
    if layout.headlines >= 3 and layout.body_chars < TEASER_CHARS:
        return 1  # headlines around, and no article among them: the scorer fell on one excerpt
    return -2 if prose >= 3 else 0


def _headline_links(root: etree._Element, excluded: Collection[etree._Element]) -> dict[str, etree._Element]:
    """Distinct targets of teaser titles (a link in a heading, or a heading in a link), outside the removed
    page chrome."""
    found: dict[str, etree._Element] = {}
    for heading in root.iter(*HEADLINE_TAGS):
        for link in _heading_links(heading):
            href = (link.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:")) or href in found:
                continue
            text = " ".join("".join(link.itertext()).split())
            if len(text) >= HEADLINE_MIN_CHARS and not within_any(link, excluded):
                found[href] = link
    return found


def _heading_links(heading: etree._Element) -> list[etree._Element]:
    inner = list(heading.iter("a"))
    if inner:
        return inner
    return [ancestor for ancestor in islice(heading.iterancestors(), 2) if ancestor.tag == "a"][:1]
