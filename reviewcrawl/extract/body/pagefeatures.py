"""The page-type model's features: a few dozen cheap numbers about a page, read from what the listing
evidence has already measured (the located body, the headlines, the rule groups' removals, the declared
types), from one walk over a few tag names (filtered in C), and from the page's address.

Every feature is a float; None is "not known" (a page read without its address), which the model scores as
the training pages' mean.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree

from reviewcrawl.extract.page.page import Page

if TYPE_CHECKING:  # pagetype reads these features: imported for the types alone
    from reviewcrawl.extract.body.pagetype import Layout

# schema.org and og:type families, lower-cased
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "review",
        "criticreview",
        "reportagenewsarticle",
        "opinionnewsarticle",
        "analysisnewsarticle",
        "reviewnewsarticle",
        "techarticle",
        "scholarlyarticle",
        "report",
        "posting",
    }
)
# The model's feature also counts live blogs; the rules (pagetype) never learnt to.
MODEL_ARTICLE_TYPES = ARTICLE_TYPES | {"liveblogposting"}
LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "itemlist", "profilepage", "blog"})
PRODUCT_TYPES = frozenset({"product", "productgroup", "offer", "aggregateoffer"})
FORUM_TYPES = frozenset({"discussionforumposting", "qapage", "question", "answer", "comment"})
HOWTO_TYPES = frozenset({"faqpage", "howto", "softwareapplication", "service", "contactpage", "aboutpage"})
# Tags counted in one walk of the page, each as log(1 + count): what a page is built from (forms and inputs
# for services, pre/code for documentation, list items and sections for listings and landing pages).
COUNTED_TAGS = (
    "p",
    "li",
    "h2",
    "h3",
    "form",
    "input",
    "button",
    "select",
    "pre",
    "code",
    "table",
    "time",
    "article",
    "section",
    "nav",
    "blockquote",
    "figure",
)
# A shop's controls, named in a control's own text or attributes (buttons, inputs, select options, labels):
# what a category page offers and an article hardly ever does.
SHOP_CONTROLS = re.compile(
    r"(?P<shop_cart>add[ _-]?to[ _-]?(?:cart|bag|basket)|\b(?:cart|basket|buy now)\b)"
    r"|(?P<shop_sort>\bsort(?:[ _-]?by)?\b|\bfilters?\b|\brefine\b|price:? (?:low|high))"
    r"|(?P<shop_pick>quick[ _-]?(?:view|shop|look|add)|wish ?list|\bcompare\b)"
)
SHOP_HINTS = ("cart", "bag", "basket", "buy", "sort", "filter", "refine", "price", "quick", "wish", "compare")
SHOP_KINDS = ("shop_cart", "shop_sort", "shop_pick")
CONTROL_TAGS = frozenset({"button", "input", "select", "option", "label"})
CENSUS_KEY = "tag_census"
TYPES_KEY = "jsonld_types"
# The page's chrome as the located body's rule groups removed it, each as log(1 + elements): a comment thread,
# a byline and date line, related teasers, share bars, breadcrumbs.
REMOVAL_GROUPS = (
    "comment_widgets",
    "date_bars",
    "breadcrumbs",
    "category_badges",
    "related_blocks",
    "tag_lists",
    "share_bars",
    "newsletter_boxes",
    "author_bios",
    "next_prev_links",
    "captions",
    "article_meta",
    "promotions",
    "page_chrome",
)
DIGITS = re.compile(r"\d{4,}")


def log1p(value: float) -> float:
    return math.log1p(max(value, 0.0))


def share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def declared_features(page: Page, og_type: str, published: bool) -> dict[str, float | None]:
    """What the page declares itself: og:type and its schema.org types (JSON-LD and microdata)."""
    types = jsonld_types(page)
    return {
        "og_article": float(og_type == "article"),
        "og_website": float(og_type == "website"),
        "og_other": float(og_type not in ("", "article", "website")),
        "published_time": float(published),
        "ld_article": float(bool(types & MODEL_ARTICLE_TYPES)),
        "ld_listing": float(bool(types & LISTING_TYPES)),
        "ld_product": float(bool(types & PRODUCT_TYPES)),
        "ld_forum": float(bool(types & FORUM_TYPES)),
        "ld_howto": float(bool(types & HOWTO_TYPES)),
        "ld_none": float(not types),
    }


def jsonld_types(page: Page) -> frozenset[str]:
    """The page's JSON-LD types as written, lower-cased; read once per page (the rules and the model ask)."""
    found: frozenset[str] | None = page._cache.get(TYPES_KEY)
    if found is None:
        found = page._cache[TYPES_KEY] = frozenset(
            t.lower() for obj in page.jsonld for t in _types(obj.get("@type"))
        )
    return found


def _types(declared: object) -> Iterable[str]:
    if isinstance(declared, str):
        yield declared
    elif isinstance(declared, list):
        yield from (t for t in declared if isinstance(t, str))


@dataclass(frozen=True)
class Census:
    """What one walk over the telling tags found: each tag's count, and the kinds of a shop's controls."""

    tags: dict[str, int]
    shop: frozenset[str]  # of SHOP_KINDS
    headlines: int = 0  # <h1> elements


def census(tree: etree._Element) -> Census:
    """One walk over the telling tags (filtered in C), reading what the form controls among them say."""
    tags = dict.fromkeys(COUNTED_TAGS, 0)
    wordings: list[str] = []
    headlines = 0
    for element in tree.iter(*COUNTED_TAGS, *CONTROL_TAGS, "h1"):
        if element.tag in tags:
            tags[element.tag] += 1
        elif element.tag == "h1":
            headlines += 1
        if element.tag in CONTROL_TAGS:
            wordings.append(_control_wording(element))
    return Census(tags, _shop_kinds("\n".join(wordings).lower()), headlines)


def _shop_kinds(wording: str) -> frozenset[str]:
    """The kinds of a shop's controls the controls' words (lower-cased, a line each) name. Most pages name
    none: plain substring tests rule them out before the pattern is run."""
    if not any(hint in wording for hint in SHOP_HINTS):
        return frozenset()
    return frozenset(match.lastgroup for match in SHOP_CONTROLS.finditer(wording) if match.lastgroup)


def page_census(page: Page) -> Census:
    """The page's census, taken once: the listing rules and the model's features both read it."""
    found = page._cache.get(CENSUS_KEY)
    if found is None:
        found = page._cache[CENSUS_KEY] = census(page.tree)
    return found


def markup_features(
    tree: etree._Element, html: str, counted: Census | None = None
) -> dict[str, float | None]:
    """Counts of telling tags in the page, the markup's size, and whether the page has one headline (<h1>):
    an article has its own, a listing often none or one per card. A shop's controls are not among them: the
    rules read those (``pagetype``), and as features they did no better on unseen sites."""
    counted = counted or census(tree)
    features: dict[str, float | None] = {f"tag_{tag}": log1p(n) for tag, n in counted.tags.items()}
    features["log_markup"] = log1p(len(html) / 1000)
    features["h1_one"] = float(counted.headlines == 1)
    return features


def _control_wording(control: etree._Element) -> str:
    """What a control says: its own text (a button's whole text), value, name and label attributes."""
    text = "".join(control.itertext()) if control.tag == "button" else control.text or ""
    attributes = (control.get(name) for name in ("value", "name", "aria-label", "title"))
    return " ".join((text, *filter(None, attributes)))


def address_features(url: str | None) -> dict[str, float | None]:
    """The shape of the page's address: deep paths with long slugs are articles, short ones sections."""
    names = ("url_root", "url_depth", "url_slug_words", "url_digits", "url_query", "url_file")
    if not url:
        return dict.fromkeys(names)
    parts = urlsplit(url)
    segments = [s for s in (parts.path or "/").split("/") if s]
    slug = max(segments, key=len) if segments else ""
    return {
        "url_root": float(not segments),
        "url_depth": float(min(len(segments), 6)),
        "url_slug_words": float(min(len(re.split(r"[-_]", slug)) if slug else 0, 15)),
        "url_digits": float(bool(DIGITS.search(parts.path or ""))),
        "url_query": float(bool(parts.query)),
        "url_file": float(segments[-1].endswith((".html", ".htm", ".php", ".aspx")) if segments else 0),
    }


def page_features(
    page: Page, layout: Layout, declared: str | None, og_type: str, published: bool
) -> dict[str, float | None]:
    """Every feature of a page, by name. The rules' listing evidence is not among them: the rules judge
    first, and the model does better on unseen sites without their sums."""
    return {
        **kind_features(declared),
        **layout_features(layout),
        **declared_features(page, og_type, published),
        **markup_features(page.tree, page.html, page_census(page)),
        **address_features(page.url),
    }


def kind_features(declared: str | None) -> dict[str, float | None]:
    """The kind the page's markup declares (``pagetype.declared_kind``)."""
    return {
        "kind_article": float(declared == "article"),
        "kind_product": float(declared == "product"),
        "kind_forum": float(declared == "forum"),
    }


def layout_features(layout: Layout) -> dict[str, float | None]:
    """How the located body reads: paragraphs of prose, or headlines and links."""
    return {
        "located": float(layout.located),
        "headlines": log1p(layout.headlines),
        "headlines_in_body": log1p(layout.in_body),
        "body_paragraphs": log1p(layout.paragraphs),
        "body_prose": log1p(layout.prose),
        "cut_share": share(layout.cut, layout.paragraphs),
        "paragraph_chars": log1p(share(layout.paragraph_chars, layout.paragraphs)),
        "body_chars": log1p(layout.body_chars / 100),
        "page_chars": log1p(layout.page_chars / 100),
        "body_share": min(share(layout.body_chars, layout.page_chars), 1.0),
        "body_linked": layout.body_linked,
        "page_linked": share(layout.page_link_chars, layout.page_chars),
        "headlines_per_kchar": min(share(layout.headlines * 1000, layout.body_chars), 20.0),
        "ended_share": share(layout.ended, layout.paragraphs),
        "body_prices": log1p(layout.prices),
        **{f"removed_{group}": log1p(layout.removals.get(group, 0)) for group in REMOVAL_GROUPS},
    }
