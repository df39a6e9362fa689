"""Markup pieces the generated site shapes share: XML documents, JSON-LD, page frames and paging."""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import TypeVar

from devtools.shapecontent import Article

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
T = TypeVar("T")


def xml(document: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + document).encode("utf-8")


def urlset(entries: Sequence[tuple[str, str | None]]) -> bytes:
    rows = "".join(
        f"<url><loc>{escape(url)}</loc>" + (f"<lastmod>{day}</lastmod>" if day else "") + "</url>"
        for url, day in entries
    )
    return xml(f'<urlset xmlns="{SITEMAP_NS}">{rows}</urlset>')


def news_sitemap(entries: Sequence[tuple[str, Article]], publication: str) -> bytes:
    """A Google News sitemap: each page's publication date in its news:news block, no <lastmod>."""
    rows = "".join(
        f"<url><loc>{escape(url)}</loc><news:news><news:publication><news:name>{escape(publication)}"
        "</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{a.day.isoformat()}T09:00:00+00:00</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>"
        for url, a in entries
    )
    return xml(f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">{rows}</urlset>')


def opensearch_description(name: str, html_template: str, suggestions_template: str) -> bytes:
    return xml(
        f'<OpenSearchDescription xmlns="{OPENSEARCH_NS}"><ShortName>{escape(name)}</ShortName>'
        f'<Url type="application/x-suggestions+json" template="{escape(suggestions_template)}"/>'
        f'<Url type="text/html" method="get" template="{escape(html_template)}"/>'
        "<InputEncoding>UTF-8</InputEncoding></OpenSearchDescription>"
    )


def matching(articles: Sequence[Article], words: str) -> list[Article]:
    """The articles a site search for ``words`` finds: those whose title holds them."""
    return [a for a in articles if words.casefold() in a.title.casefold()]


def sitemap_index(urls: Sequence[str]) -> bytes:
    rows = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in urls)
    return xml(f'<sitemapindex xmlns="{SITEMAP_NS}">{rows}</sitemapindex>')


def rss(title: str, entries: Sequence[tuple[str, Article]]) -> bytes:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(url)}</link>"
        f"<pubDate>{a.day.strftime('%a, %d %b %Y')} 09:00:00 +0000</pubDate></item>"
        for url, a in entries
    )
    return xml(f'<rss version="2.0"><channel><title>{escape(title)}</title>{items}</channel></rss>')


def jsonld(data: object) -> str:
    text = json.dumps(data).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def review_jsonld(article: Article, url: str, with_rating: bool = True) -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": article.title,
        "url": url,
        "datePublished": article.day.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "itemReviewed": {"@type": "Movie", "name": article.film},
    }
    if with_rating and article.rating is not None:
        data["reviewRating"] = {"@type": "Rating", "ratingValue": article.rating, "bestRating": 5}
    return jsonld(data)


def news_jsonld(article: Article, url: str) -> str:
    return jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "url": url,
            "datePublished": article.day.isoformat(),
            "author": {"@type": "Person", "name": article.author},
        }
    )


def paragraphs(article: Article, tag: str = "p", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<{tag}{attr}>{escape(text)}</{tag}>" for text in article.paragraphs)


def document(title: str, head: str, body: str, lang: str = "en") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"{head}</head><body>{body}</body></html>"
    ).encode()


def link_list(entries: Sequence[tuple[str, str]], item: str = "li", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(
        f'<{item}{attr}><a href="{escape(url)}">{escape(text)}</a></{item}>' for url, text in entries
    )


def page_of(items: Sequence[T], number: int, per: int) -> list[T]:
    """Items of page ``number`` (0-based), ``per`` to a page."""
    return list(items[number * per : (number + 1) * per])


def page_count(items: Sequence[object], per: int) -> int:
    return max(1, -(-len(items) // per))
