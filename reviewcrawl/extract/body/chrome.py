"""Site chrome: navigation, the page header, footers, sidebars, related-post teasers, comments, cookie bars.

A headline, byline, date or rating found inside chrome belongs to the site or to another post, not to the
article the page is about.
"""

from __future__ import annotations

from lxml import etree

from reviewcrawl.extract.body.rules import (
    COOKIE_BANNERS,
    DATE_BARS,
    PAGE_CHROME,
    RELATED_BLOCKS,
    WEATHER_WIDGETS,
)
from reviewcrawl.extract.page.query import PageView
from reviewcrawl.extract.page.simplecss import Element

CHROME_TAGS = frozenset({"nav", "footer", "aside"})
# Rule groups whose elements are the site's, not the article's: their class tokens and ids mark chrome too.
CHROME_GROUPS = (PAGE_CHROME, RELATED_BLOCKS, WEATHER_WIDGETS, DATE_BARS, COOKIE_BANNERS)
CHROME_IDS = frozenset(token for group in CHROME_GROUPS for token in group.markup.ids)
CHROME_CLASSES = frozenset(token for group in CHROME_GROUPS for token in group.markup.class_tokens) | {
    # Chrome the stripping rules leave to the body locator (headers, widgets, teasers of other posts), and
    # the author boxes a byline never sits in (others, like "entry-author", hold the byline itself).
    "author-box-wrap",
    "saboxplugin-wrap",
    "header",
    "site-title",
    "logo",
    "td-logo",
    "tdb-header-wrap",
    "td-top-bar",
    "comment",
    "widget",
    "td-ss-main-sidebar",
    "relation",
    "related-posts",
    "most-viewed",
    "td_module_wrap",
    "td_module_flex",
    "td-module-container",
    "tdb_single_other",
    "tdb_module_loop",
    "teaser",
    "post-teaser",
    "entry-card",
}
# A <header> inside the post is the post's own title block, not the site's.
_POST_HEADER_WORDS = ("post", "entry", "article", "tdb-")
_WITHIN_POST = etree.XPath("ancestor::article or ancestor::main")


def in_chrome(view: PageView, element: Element) -> bool:
    """True when the element sits in site chrome: nav, footer, sidebar widgets, the page header."""
    return view.inside(element, starts_chrome)


def starts_chrome(element: Element) -> bool:
    """Whether the element is the outermost box of a chrome region."""
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag in CHROME_TAGS or (tag == "header" and not _is_post_header(element)):
        return True
    if element.get("id") in CHROME_IDS:
        return True
    classes = element.get("class")
    return bool(classes) and not CHROME_CLASSES.isdisjoint(classes.split())


def _is_post_header(header: Element) -> bool:
    classes = header.get("class") or ""
    if any(word in classes for word in _POST_HEADER_WORDS):
        return True
    return bool(_WITHIN_POST(header))
