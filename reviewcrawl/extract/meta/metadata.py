"""Stage: metadata. Record metadata of a review page: headline, author, date, source, canonical URL, language.

Each field is read from the most deliberate statement the page makes about itself (JSON-LD, then OpenGraph and
<meta>, then the article's own markup) and never from site chrome such as the top-bar date or the logo. Each
field family has its own module; this one picks the page's main JSON-LD object and puts the fields together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewcrawl.extract.meta.author import read_author
from reviewcrawl.extract.meta.headline import header_site_names, read_headline, strip_site_suffix
from reviewcrawl.extract.meta.published import read_published
from reviewcrawl.extract.meta.source import domain_of, read_canonical_url, read_language, read_source
from reviewcrawl.extract.meta.structured import find_reviews, find_typed, read_meta, type_names
from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.query import page_view

__all__ = ["Metadata", "described_objects", "main_object", "read_metadata", "strip_site_suffix"]

JsonObject = dict[str, Any]

ARTICLE_TYPES = (
    "NewsArticle",
    "ReviewNewsArticle",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "ReportageNews",
    "Article",
    "BlogPosting",
    "SocialMediaPosting",
    "Report",
)
# Objects describing the page itself: their author and date stand in when no article object states them.
PAGE_TYPES = ("WebPage", "ItemPage", "AboutPage", "ProfilePage", "QAPage", "FAQPage")


@dataclass(frozen=True)
class Metadata:
    headline: str | None
    author: str | None
    published: str | None
    source: str | None
    source_domain: str | None
    canonical_url: str | None
    language: str | None


def read_metadata(page: Page) -> Metadata:
    view = page_view(page)
    meta = read_meta(page.tree)
    main = main_object(page.jsonld)
    described = described_objects(page.jsonld, main)
    canonical = read_canonical_url(page, meta)
    domain = domain_of(canonical or page.url)
    source = read_source(meta, page.jsonld, main, domain)
    site_names = {name.lower() for name in (source, meta.get("og:site_name"), domain) if name}
    site_names |= header_site_names(view)
    return Metadata(
        headline=read_headline(view, meta, main, site_names),
        author=read_author(view, meta, described, site_names, page.jsonld),
        published=read_published(view, meta, described, canonical or page.url),
        source=source,
        source_domain=domain,
        canonical_url=canonical,
        language=read_language(view, meta, page.jsonld),
    )


def main_object(objects: list[JsonObject]) -> JsonObject | None:
    """The JSON-LD object describing the page's article: a review first, else a news or blog article.

    Only the common article types at the top level: a live blog's or a nested object's headline is more
    often a variant of the page's title than the title itself.
    """
    reviews = find_reviews(objects)
    if reviews:
        return reviews[0]
    articles = find_typed(objects, *ARTICLE_TYPES)
    return articles[0] if articles else None


def find_articles(objects: list[JsonObject]) -> list[JsonObject]:
    """Article objects at the top level, then those nested as a WebPage's ``mainEntity``.

    Any type named "...Article" or "...Posting" counts (ReportageNewsArticle, TechArticle, LiveBlogPosting).
    """
    found = [obj for obj in objects if is_article(obj)]
    for obj in objects:
        nested = obj.get("mainEntity")
        for item in nested if isinstance(nested, list) else [nested]:
            if isinstance(item, dict) and is_article(item) and item not in found:
                found.append(item)
    return found


def is_article(obj: JsonObject) -> bool:
    names = type_names(obj)
    return bool(names & _ARTICLE_NAMES) or any(name.endswith(("article", "posting")) for name in names)


_ARTICLE_NAMES = frozenset(name.lower() for name in ARTICLE_TYPES)


def described_objects(objects: list[JsonObject], main: JsonObject | None) -> list[JsonObject]:
    """The main object first, then the page's other article objects (nested and less common types too),
    then its WebPage objects: for the author and date the main one lacks."""
    others = [obj for obj in find_articles(objects) if obj is not main]
    pages = [obj for obj in find_typed(objects, *PAGE_TYPES) if obj is not main]
    return [main, *others, *pages] if main is not None else [*others, *pages]
