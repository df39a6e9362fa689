"""The article's own title: the declared headline, cleaned of " - Site" suffixes, or the post's h1."""

from __future__ import annotations

import re
from typing import Any

from reviewcrawl.extract.body.chrome import in_chrome
from reviewcrawl.extract.meta.structured import first_text
from reviewcrawl.extract.page.query import PageView, collapse, element_text
from reviewcrawl.extract.page.simplecss import css

_TITLE_SEPARATORS = (" - ", " | ", " \u2013 ", " \u2014 ", " :: ", " · ", " » ", " • ")
_PLAIN_PUNCTUATION = str.maketrans("\u2013\u2014\u2018\u2019\u201c\u201d", "--''\"\"")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")
# The longest logo text still taken for the site's name rather than a slogan.
MAX_SITE_NAME_CHARS = 40

HEADLINE_SELECTORS = tuple(
    css(selector)
    for selector in (
        "h1.entry-title",
        "h1.tdb-title-text",
        "article h1",
        "h1",
        # Themes that keep the h1 for the logo give the post title one of these instead.
        "[itemprop=headline]",
        ".entry-title",
        ".post-title",
        ".article-title",
        ".headline",
        "header .heading",
    )
)
# Where themes print the site's name in the page header; used to recognise " - Site" title suffixes.
SITE_NAME_SELECTORS = tuple(
    css(selector)
    for selector in (
        ".site-title",
        ".td-logo",
        ".tdb-logo-text-title",
        ".navbar-brand",
        ".logo",
        ".header-logo",
    )
)


def read_headline(
    view: PageView, meta: dict[str, str], main: dict[str, Any] | None, site_names: set[str]
) -> str | None:
    h1 = article_h1(view)
    if main is not None:
        declared = first_text(main.get("headline")) or first_text(main.get("name"))
        if declared:
            return prefer_h1(strip_site_suffix(declared, site_names), h1)
    og_title = meta.get("og:title") or meta.get("twitter:title")
    if og_title:
        return prefer_h1(strip_site_suffix(collapse(og_title), site_names), h1)
    if h1:
        return h1
    title = view.root.findtext(".//title")
    if title and title.strip():
        return strip_site_suffix(collapse(title), site_names)
    return None


def header_site_names(view: PageView) -> set[str]:
    """The site's name as its header prints it (logo text), lower-cased."""
    names = set()
    for selector in SITE_NAME_SELECTORS:
        for element in view.select(selector):
            text = element_text(element) or collapse(element.get("title"))
            if text and len(text) <= MAX_SITE_NAME_CHARS:
                names.add(text.lower())
    return names


def article_h1(view: PageView) -> str | None:
    for selector in HEADLINE_SELECTORS:
        for element in view.select(selector):
            if in_chrome(view, element):
                continue
            text = element_text(element)
            if text:
                return text
    return None


def prefer_h1(candidate: str, h1: str | None) -> str:
    """The h1 when the candidate is only a truncated, suffixed or re-punctuated variant of it."""
    if not h1 or candidate == h1:
        return candidate
    cut = _comparable(_ELLIPSIS.sub("", candidate))
    heading = _comparable(h1)
    # A cut-off copy, or the h1 with a site name, section or SEO tail added ("…, Tested & Reviewed").
    if heading.startswith(cut) or cut.startswith(heading):
        return h1
    return candidate


def _comparable(text: str) -> str:
    """Case, dashes and curly quotes folded, so re-punctuated copies of a title compare equal."""
    return text.casefold().translate(_PLAIN_PUNCTUATION)


def strip_site_suffix(title: str, site_names: set[str]) -> str:
    """Drop a " - Site" suffix (or "Site | " prefix) when its text is the site's name."""
    for separator in _TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if head and _is_site_name(tail, site_names):
            return head.strip()
        first, _, rest = title.partition(separator)
        if rest and _is_site_name(first, site_names):
            return rest.strip()
    return title


def _is_site_name(text: str, site_names: set[str]) -> bool:
    name = text.strip().lower()
    if not name:
        return False
    return any(name == site or name.replace(" ", "") == site.split(".")[0] for site in site_names)
