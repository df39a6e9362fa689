"""Site chrome: navigation, the page header, footers, sidebars, related-post teasers, comments, cookie bars.

A headline, byline, date or rating found inside chrome belongs to the site or to another post, not to the
article the page is about.
"""

from __future__ import annotations

from lxml import etree

from reviewcrawl.extract.page.query import PageView
from reviewcrawl.extract.page.simplecss import Element

CHROME_TAGS = frozenset({"nav", "footer", "aside"})
CHROME_IDS = frozenset(
    {"header", "masthead", "jp-relatedposts", "wpdcom", "comments", "cookie-notice", "cookie-law-info-bar"}
)
CHROME_CLASSES = frozenset(
    {
        "site-header",
        "header",
        "tdc-header-wrap",
        "site-title",
        "site-branding",
        "logo",
        "td-logo",
        "td-header-wrap",
        "tdb-header-wrap",
        "td-header-top-menu",
        "td-top-bar",
        "top-bar",
        "td_data_time",
        "tdb-head-date-txt",
        "tdb_header_date",
        "td-weather-top-widget",
        "tdb_header_weather",
        "td_block_related_posts",
        "tdb_single_related",
        "yarpp",
        "related-posts",
        "comment",
        "widget",
        "sidebar",
        "td-ss-main-sidebar",
        "author-box-wrap",
        "saboxplugin-wrap",
        "cookie-notice",
        "relation",
        "related",
        "most-viewed",
        # Teaser modules of other posts (tagDiv module loops and "other content" blocks, generic cards).
        "td_module_wrap",
        "td_module_flex",
        "td-module-container",
        "tdb_single_other",
        "tdb_module_loop",
        "teaser",
        "post-teaser",
        "entry-card",
    }
)
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
