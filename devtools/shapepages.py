"""The pages of each generated site shape (see devtools.siteshapes): addresses, templates and extras."""

from __future__ import annotations

import json
import re
from html import escape
from typing import ClassVar
from urllib.parse import quote_plus

from devtools.shapecontent import INTERVIEW, LISTICLE, NEWS, PAGE, REVIEW, Article, SiteContent
from devtools.shapemarkup import (
    document,
    jsonld,
    link_list,
    matching,
    news_jsonld,
    news_sitemap,
    opensearch_description,
    page_count,
    page_of,
    paragraphs,
    review_jsonld,
    rss,
    sitemap_index,
    urlset,
)

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json; charset=utf-8"
OPENSEARCH = "application/opensearchdescription+xml"
Reply = tuple[str, bytes]
PER_PAGE = 10
SECTION_OF = {REVIEW: "reviews", NEWS: "news", INTERVIEW: "interviews", LISTICLE: "lists", PAGE: "pages"}


class ShapeSite:
    """A site of one shape: its articles at their addresses, robots.txt, and what else the shape serves."""

    robots_lines = "User-agent: *\nDisallow: /admin/\n"

    def __init__(self, content: SiteContent, base: str) -> None:
        self.content = content
        self.base = base.rstrip("/")
        self.by_path = {self.path_of(a): a for a in content.articles}

    def path_of(self, article: Article) -> str:
        raise NotImplementedError

    def article_page(self, article: Article) -> bytes:
        raise NotImplementedError

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        return None

    def url(self, article: Article) -> str:
        return self.base + self.path_of(article)

    def respond(self, path: str, query: dict[str, str]) -> Reply | None:
        if path == "/robots.txt":
            return TEXT, self.robots_lines.replace("{base}", self.base).encode("utf-8")
        article = self.by_path.get(path)
        if article is not None:
            return HTML, self.article_page(article)
        return self.extra(path, query)

    def entries(self, *kinds: str) -> list[tuple[str, str | None]]:
        return [(self.url(a), a.day.isoformat()) for a in self.content.of_kind(*kinds)]

    def teasers(self, articles: list[Article]) -> list[tuple[str, str]]:
        return [(self.path_of(a), a.title) for a in articles]


class WordPressYoastSite(ShapeSite):
    robots_lines = "User-agent: *\nDisallow: /wp-admin/\n\nSitemap: {base}/sitemap_index.xml\n"
    head = (
        '<link rel="alternate" type="application/rss+xml" title="Feed" href="/feed/">'
        '<link rel="https://api.w.org/" href="/wp-json/">'
    )

    def path_of(self, article: Article) -> str:
        if article.kind == PAGE:
            return f"/{article.slug}/"
        return f"/{article.day:%Y/%m}/{article.slug}/"

    def frame(self, title: str, main: str) -> bytes:
        header = '<header class="site-header"><a class="custom-logo-link" href="/">Marquee</a>'
        header += '<ul class="menu">' + link_list(
            [("/category/reviews/", "Reviews"), ("/category/news/", "News")]
        )
        footer = '</ul></header><footer class="site-footer"><p>Proudly powered by WordPress</p></footer>'
        return document(
            title, self.head, header + f'<div id="primary"><main id="main">{main}</main></div>' + footer
        )

    def article_page(self, article: Article) -> bytes:
        url = self.url(article)
        if article.kind == REVIEW:
            title, data = f"{article.film} review", review_jsonld(article, url)
        else:
            title, data = article.title, news_jsonld(article, url) if article.kind != PAGE else ""
        body = (
            f'<article class="post type-post"><header class="entry-header"><h1 class="entry-title">'
            f"{escape(title)}</h1><span class='byline'>{escape(article.author)}</span></header>"
            f'<div class="entry-content">{paragraphs(article)}</div></article>'
        )
        return self.frame(title, data + body)

    def listing(self, articles: list[Article], title: str) -> bytes:
        items = "".join(
            f'<article class="post"><h2 class="entry-title"><a href="{escape(p)}">{escape(t)}</a></h2>'
            "</article>"
            for p, t in self.teasers(articles)
        )
        return self.frame(title, items)

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        posts = self.content.posts()
        sitemaps = {
            "/post-sitemap.xml": lambda: urlset(self.entries(REVIEW, NEWS, INTERVIEW)),
            "/page-sitemap.xml": lambda: urlset(self.entries(PAGE)),
            "/category-sitemap.xml": lambda: urlset(
                [(f"{self.base}/category/{name}/", None) for name in ("reviews", "news", "interviews")]
            ),
            "/sitemap_index.xml": lambda: sitemap_index(
                [f"{self.base}/{k}-sitemap.xml" for k in ("post", "page", "category")]
            ),
            "/feed/": lambda: rss("Marquee", [(self.url(a), a) for a in posts[:PER_PAGE]]),
        }
        if path in sitemaps:
            return XML, sitemaps[path]()
        if path == "/":
            return HTML, self.listing(posts[:PER_PAGE], "Marquee")
        if path.startswith("/category/") and path.count("/") == 3:
            kind = {v: k for k, v in SECTION_OF.items()}.get(path.split("/")[2])
            return (HTML, self.listing(self.content.of_kind(kind), "Category")) if kind else None
        if path == "/wp-json/wp/v2/posts":
            return JSON, self.search(query.get("search", ""))
        return None

    def search(self, words: str) -> bytes:
        found = matching(self.content.posts(), words)
        rows = [{"id": a.number, "link": self.url(a), "title": {"rendered": a.title}} for a in found]
        return json.dumps(rows).encode("utf-8")


class WordPressCoreSite(ShapeSite):
    def path_of(self, article: Article) -> str:
        return f"/{article.slug}/"

    def frame(self, title: str, main: str) -> bytes:
        head = '<link rel="alternate" type="application/rss+xml" title="Posts" href="/feed/">'
        nav = (
            '<nav class="wp-block-navigation">'
            + link_list([("/category/reviews/", "Reviews")], "span")
            + "</nav>"
        )
        return document(title, head, nav + f'<div class="wp-site-blocks">{main}</div>')

    def article_page(self, article: Article) -> bytes:
        title = f"Review: {article.film}" if article.kind == REVIEW else article.title
        main = (
            f'<h1 class="wp-block-post-title">{escape(title)}</h1>'
            f'<div class="wp-block-post-content">{paragraphs(article)}</div>'
        )
        return self.frame(title, main)

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        sitemaps = {
            "/wp-sitemap.xml": lambda: sitemap_index(
                [
                    f"{self.base}/wp-sitemap-{k}-1.xml"
                    for k in ("posts-post", "posts-page", "taxonomies-category", "users")
                ]
            ),
            "/wp-sitemap-posts-post-1.xml": lambda: urlset(self.entries(REVIEW, NEWS, INTERVIEW)),
            "/wp-sitemap-posts-page-1.xml": lambda: urlset(self.entries(PAGE)),
            "/wp-sitemap-taxonomies-category-1.xml": lambda: urlset(
                [(f"{self.base}/category/{name}/", None) for name in ("reviews", "news")]
            ),
            "/wp-sitemap-users-1.xml": lambda: urlset([(f"{self.base}/author/editor/", None)]),
            "/feed/": lambda: rss("Posts", [(self.url(a), a) for a in self.content.posts()[:PER_PAGE]]),
        }
        if path in sitemaps:
            return XML, sitemaps[path]()
        if path in {"/", "/category/reviews/", "/category/news/", "/author/editor/"}:
            items = link_list(self.teasers(self.content.posts()[:PER_PAGE]), "li", "wp-block-post")
            return HTML, self.frame("Archive", f'<ul class="wp-block-post-template">{items}</ul>')
        return None


class GhostSite(ShapeSite):
    def path_of(self, article: Article) -> str:
        return f"/{article.slug}/"

    def frame(self, title: str, main: str) -> bytes:
        nav = '<header class="gh-head"><a class="gh-head-logo" href="/">Reel Notes</a></header>'
        return document(
            title, '<meta name="generator" content="Ghost 5.0">', nav + f'<main class="gh-main">{main}</main>'
        )

    def article_page(self, article: Article) -> bytes:
        data = review_jsonld(article, self.url(article), with_rating=False) if article.kind == REVIEW else ""
        main = (
            f'<article class="gh-article"><header class="gh-article-header"><h1 class="gh-article-title">'
            f"{escape(article.title)}</h1></header>"
            f'<section class="gh-content">{paragraphs(article)}</section>'
            "</article>"
        )
        return self.frame(article.title, data + main)

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        sitemaps = {
            "/sitemap.xml": lambda: sitemap_index(
                [f"{self.base}/sitemap-{k}.xml" for k in ("posts", "pages", "tags", "authors")]
            ),
            "/sitemap-posts.xml": lambda: urlset(self.entries(REVIEW, NEWS, INTERVIEW)),
            "/sitemap-pages.xml": lambda: urlset(self.entries(PAGE)),
            "/sitemap-tags.xml": lambda: urlset(
                [(f"{self.base}/tag/{t}/", None) for t in ("films", "festivals")]
            ),
            "/sitemap-authors.xml": lambda: urlset(
                [(f"{self.base}/author/{a}/", None) for a in ("ada", "tomas")]
            ),
        }
        if path in sitemaps:
            return XML, sitemaps[path]()
        if path == "/" or path.startswith(("/tag/", "/author/")):
            cards = link_list(self.teasers(self.content.posts()[:PER_PAGE]), "div", "post-card")
            return HTML, self.frame("Reel Notes", f'<div class="post-feed">{cards}</div>')
        return None


class DrupalSite(ShapeSite):
    def path_of(self, article: Article) -> str:
        return f"/node/{article.number}"

    def frame(self, title: str, main: str, crumbs: str = "") -> bytes:
        head = (
            '<link rel="alternate" type="application/rss+xml" title="Front page feed" href="/rss.xml">'
            '<link rel="search" type="application/opensearchdescription+xml" title="Search" '
            'href="/opensearch.xml">'
        )
        menu = '<nav role="navigation" class="menu--main">' + link_list(
            [("/reviews", "Reviews"), ("/news", "News")]
        )
        menu += "</nav>"
        return document(
            title, head, menu + crumbs + f'<main role="main" class="layout-content">{main}</main>'
        )

    def article_page(self, article: Article) -> bytes:
        section = "Reviews" if article.kind == REVIEW else "News"
        crumbs = (
            '<nav class="breadcrumb" aria-labelledby="system-breadcrumb"><ol>'
            f'<li><a href="/">Home</a></li><li><a href="/{section.lower()}">{section}</a></li></ol></nav>'
        )
        main = (
            '<article class="node node--type-story"><h1 class="page-title">'
            f"<span>{escape(article.title)}</span></h1>"
            f'<div class="node__content"><div class="field field--name-body">{paragraphs(article)}</div>'
            "</div></article>"
        )
        return self.frame(article.title, main, crumbs if article.kind != PAGE else "")

    def listing(self, kinds: tuple[str, ...], number: int, path: str, words: str | None = None) -> bytes:
        posts = [a for a in self.content.posts() if a.kind in kinds]
        if words is not None:  # the site's search: /search/node?keys=WORDS&page=N
            posts, path = matching(posts, words), f"{path}?keys={quote_plus(words)}&"
        else:
            path += "?"
        rows = link_list(self.teasers(page_of(posts, number, PER_PAGE)), "div", "views-row")
        pager = ""
        if number + 1 < page_count(posts, PER_PAGE):
            pager = (
                '<ul class="pager"><li class="pager__item--next">'
                f'<a href="{path}page={number + 1}" rel="next">Next ›</a></li></ul>'
            )
        return self.frame("Listing", f'<div class="view-content">{rows}</div>{pager}')

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        number = int(query.get("page", "0")) if query.get("page", "0").isdigit() else 0
        if path == "/reviews":
            return HTML, self.listing((REVIEW,), number, path)
        if path == "/news":
            return HTML, self.listing((NEWS, INTERVIEW), number, path)
        if path == "/":
            return HTML, self.listing((REVIEW, NEWS, INTERVIEW), 0, "/reviews")
        if path == "/rss.xml":
            return XML, rss("Front page", [(self.url(a), a) for a in self.content.posts()[:PER_PAGE]])
        if path == "/opensearch.xml":
            return OPENSEARCH, opensearch_description(
                "Drupal",
                f"{self.base}/search/node?keys={{searchTerms}}",
                f"{self.base}/suggest?q={{searchTerms}}",
            )
        if path == "/search/node":
            return HTML, self.listing((REVIEW, NEWS, INTERVIEW), number, path, query.get("keys", ""))
        return None


class NextSite(ShapeSite):
    robots_lines = "User-agent: *\nSitemap: {base}/news-sitemap.xml\nSitemap: {base}/pages-sitemap.xml\n"

    def path_of(self, article: Article) -> str:
        if article.kind == PAGE:
            return f"/{article.slug}"
        return f"/{'reviews' if article.kind == REVIEW else 'news'}/{article.slug}"

    def shell(self, title: str, head: str, props: dict[str, object]) -> bytes:
        data = json.dumps({"props": {"pageProps": props}, "page": "/[...slug]", "buildId": "b7"})
        body = (
            '<div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
            + data.replace("</", "<\\/")
            + '</script><script src="/_next/static/chunks/main.js" defer></script>'
        )
        return document(title, f'<meta property="og:title" content="{escape(title)}">' + head, body)

    def article_page(self, article: Article) -> bytes:
        url = self.url(article)
        head = review_jsonld(article, url) if article.kind == REVIEW else news_jsonld(article, url)
        html = "".join(f"<p>{escape(text)}</p>" for text in article.paragraphs)
        post = {
            "title": article.title,
            "author": article.author,
            "date": article.day.isoformat(),
            "html": html,
        }
        return self.shell(article.title, head if article.kind != PAGE else "", {"post": post})

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        if path == "/news-sitemap.xml":
            return XML, news_sitemap([(self.url(a), a) for a in self.content.posts()], "Frame Rate")
        if path == "/pages-sitemap.xml":
            return XML, urlset(self.entries(PAGE))
        if path == "/":
            links = [{"href": p, "title": t} for p, t in self.teasers(self.content.posts()[:PER_PAGE])]
            return HTML, self.shell("Frame Rate", "", {"latest": links})
        return None


class SectionsSite(ShapeSite):
    sections: ClassVar[dict[str, tuple[str, ...]]] = {
        "reviews": (REVIEW,),
        "news": (NEWS,),
        "features": (INTERVIEW, LISTICLE),
    }

    def path_of(self, article: Article) -> str:
        return f"/story/{article.slug}"

    def frame(self, title: str, main: str) -> bytes:
        nav = '<table class="masthead"><tr>' + link_list(
            [(f"/section/{name}/", name.title()) for name in self.sections], "td"
        )
        return document(
            title, "", nav + f'</tr></table><div class="columns"><div class="col-main">{main}</div></div>'
        )

    def article_page(self, article: Article) -> bytes:
        title = f"{article.film}: our review" if article.kind == REVIEW else article.title
        main = (
            f'<h2 class="story-head">{escape(title)}</h2><div class="story-text">{paragraphs(article)}</div>'
        )
        return self.frame(title, main)

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        if path == "/":
            return HTML, self.frame("Front", "<p>Latest stories are in the sections above.</p>")
        name = path.removeprefix("/section/").rstrip("/")
        if not path.startswith("/section/") or name not in self.sections:
            return None
        posts = [a for a in self.content.posts() if a.kind in self.sections[name]]
        number = int(query.get("p", "1")) if query.get("p", "1").isdigit() else 1
        rows = link_list(self.teasers(page_of(posts, number - 1, PER_PAGE)), "p", "teaser")
        more = f'<a class="more" href="/section/{name}/?p={number + 1}">Older stories</a>'
        return HTML, self.frame(name.title(), rows + (more if number < page_count(posts, PER_PAGE) else ""))


class MixedSite(ShapeSite):
    crumb_names: ClassVar[dict[str, str]] = {
        REVIEW: "Reviews",
        NEWS: "News",
        INTERVIEW: "Interviews",
        LISTICLE: "Lists",
    }

    def path_of(self, article: Article) -> str:
        if article.kind == PAGE:
            return f"/{article.slug}/"
        return f"/{article.day:%Y/%m}/{article.slug}/"

    def frame(self, title: str, main: str) -> bytes:
        head = (
            '<link rel="alternate" type="application/atom+xml" href="/feed/">'
            '<link rel="stylesheet" href="/wp-content/themes/ledger/style.css">'
        )
        top = '<div class="o-topbar"><a href="/">The Screen Ledger</a></div>'
        return document(
            title, head, top + f'<div class="o-layout"><div class="o-layout__main">{main}</div></div>'
        )

    def article_page(self, article: Article) -> bytes:
        url = self.url(article)
        data = ""
        if article.kind == REVIEW:
            data = review_jsonld(article, url)
        elif article.kind != PAGE:
            data = news_jsonld(article, url)
        crumb = self.crumb_names.get(article.kind, "")
        trail = jsonld(
            {
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [{"@type": "ListItem", "position": 1, "name": crumb}],
            }
        )
        main = (
            f'<h1 class="c-headline">{escape(article.title)}</h1>'
            f'<div class="c-article__body">{paragraphs(article)}</div>'
        )
        return self.frame(article.title, data + (trail if crumb else "") + main)

    def extra(self, path: str, query: dict[str, str]) -> Reply | None:
        posts = self.content.posts()
        if path == "/feed/":
            return XML, rss("Ledger", [(self.url(a), a) for a in posts[:PER_PAGE]])
        if path == "/" and "s" in query:  # WordPress's search results; no REST API advertised
            found = link_list(self.teasers(matching(posts, query["s"])[:PER_PAGE]), "li", "c-card")
            return HTML, self.frame("Search results", f'<ul class="c-list">{found}</ul>')
        number = listing_number(path)
        if not 1 <= number <= page_count(posts, PER_PAGE):
            return None
        rows = link_list(self.teasers(page_of(posts, number - 1, PER_PAGE)), "li", "c-card")
        older = (
            f'<a class="c-pager" href="/page/{number + 1}/">Older posts</a>'
            if number < page_count(posts, PER_PAGE)
            else ""
        )
        return HTML, self.frame("The Screen Ledger", f'<ul class="c-list">{rows}</ul>{older}')


def listing_number(path: str) -> int:
    """1 for the home page, N for /page/N/, 0 for any other path."""
    if path == "/":
        return 1
    match = re.fullmatch(r"/page/(\d+)/", path)
    return int(match.group(1)) if match else 0
