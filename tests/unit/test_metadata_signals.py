"""Author and date signals that hold across sites: nested and less common schema.org objects, bylines and
date lines known only by their class or their place under the headline, dates in the article's address.

Every page here is a small hand-written shape; the names and texts are made up.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from reviewcrawl.extract.meta.dates import parse_date
from reviewcrawl.extract.meta.metadata import Metadata, read_metadata
from reviewcrawl.extract.page.page import load_page

URL = "https://www.example.com/news/some-story/"


def meta_of(body: str, head: str = "", url: str | None = URL) -> Metadata:
    html = f"<!doctype html><html lang='en'><head>{head}</head><body>{body}</body></html>"
    page = load_page(html.encode("utf-8"), url)
    assert page is not None
    return read_metadata(page)


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


ARTICLE = "<article><h1>A headline</h1>{}<p>The story's first paragraph, long enough to read.</p></article>"


# Author: schema.org


def test_article_nested_as_the_webpage_main_entity() -> None:
    head = ld(
        {
            "@type": "WebPage",
            "mainEntity": {
                "@type": "NewsArticle",
                "author": {"@type": "Person", "name": "Lena Marsh"},
                "datePublished": "2024-03-02T10:00:00+01:00",
            },
        }
    )
    found = meta_of("<p>x</p>", head)
    assert (found.author, found.published) == ("Lena Marsh", "2024-03-02T10:00:00+01:00")


@pytest.mark.parametrize("kind", ["ReportageNewsArticle", "TechArticle", "LiveBlogPosting"])
def test_any_article_or_posting_type(kind: str) -> None:
    head = ld({"@type": kind, "author": [{"@type": "Person", "name": "Omar Reyes"}]})
    assert meta_of("<p>x</p>", head).author == "Omar Reyes"


def test_webpage_object_stands_in_when_no_article_object() -> None:
    head = ld(
        {
            "@type": "WebPage",
            "author": {"@type": "Person", "name": "Ida Brandt"},
            "datePublished": "2022-05-04",
        }
    )
    found = meta_of("<p>x</p>", head)
    assert (found.author, found.published) == ("Ida Brandt", "2022-05-04")


def test_article_object_wins_over_the_webpage() -> None:
    head = ld(
        [
            {"@type": "WebPage", "datePublished": "2020-01-01"},
            {"@type": "BlogPosting", "datePublished": "2021-06-07"},
        ]
    )
    assert meta_of("<p>x</p>", head).published == "2021-06-07"


def test_account_profile_is_not_a_person() -> None:
    author = {"@type": "Person", "name": "Riverside D", "url": "https://example.com/author/admin/"}
    assert meta_of("<p>x</p>", ld({"@type": "Article", "author": author})).author is None


def test_byline_repeating_an_account_of_the_page_data_is_not_a_person() -> None:
    author = {"@type": "Person", "name": "Riverside D", "url": "https://example.com/author/admin/"}
    byline = '<span class="author vcard"><a href="/author/admin/" rel="author">Riverside D</a></span>'
    html = ARTICLE.format(byline)
    assert meta_of(html, ld({"@type": "Article", "author": author})).author is None


@pytest.mark.parametrize(
    ("author", "site", "expected"),
    [
        ("Oster Welle", "ow.example", None),
        ("Oster Welle", "OW", None),
        ("Dana Ward", "example-news.com", "Dana Ward"),
    ],
)
def test_site_known_by_its_initials_is_not_the_author(author: str, site: str, expected: str | None) -> None:
    head = f'<meta name="author" content="{author}"><meta property="og:site_name" content="{site}">'
    assert meta_of("<p>x</p>", head).author == expected


@pytest.mark.parametrize("site", ["example-news.com", "Example News"])
def test_site_name_however_spelled_is_not_the_author(site: str) -> None:
    head = f'<meta name="author" content="Example News"><meta property="og:site_name" content="{site}">'
    assert meta_of("<p>x</p>", head).author is None


@pytest.mark.parametrize(
    ("author", "site", "expected"),
    [
        ("Riverbend News Service", "riverbend.example", None),  # the site's name beside other words: a desk
        ("Team Riverbend", "Riverbend", None),
        ("Dana Ward, Riverbend Daily", "Riverbend Daily", "Dana Ward"),
        ("Dana Riverbend", "Riverbend Daily", "Dana Riverbend"),  # a part of the site's name is not all of it
        ("Dana Ward", "riverbend.example", "Dana Ward"),
    ],
)
def test_byline_holding_the_site_name_names_no_person(author: str, site: str, expected: str | None) -> None:
    head = f'<meta name="author" content="{author}"><meta property="og:site_name" content="{site}">'
    assert meta_of("<p>x</p>", head).author == expected


# Author: bylines known by their class


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<div class="post-author__name">By Maya Quint</div>', "Maya Quint"),
        (
            '<div class="article-byline"><span>Theo Lang</span><span>Science Reporter</span></div>',
            "Theo Lang",
        ),
        ('<p class="story-byline">Written by<a href="/p/ab">Ana Bell</a></p>', "Ana Bell"),
        ('<div class="autor">Von <a href="/autor/ks">Karla Stein</a></div>', "Karla Stein"),
        (
            '<div class="meta-authors"><span>brand</span> by <span>Rui Costa</span><span>3 min</span></div>',
            "Rui Costa",
        ),
        ('<span class="hero__author">Nick van Dorn</span>', "Nick van Dorn"),
        ('<span class="user-author">quietfox</span>', "quietfox"),
    ],
)
def test_byline_known_by_its_class(byline: str, expected: str) -> None:
    assert meta_of(ARTICLE.format(byline)).author == expected


@pytest.mark.parametrize(
    "byline",
    [
        '<span class="comment-author">Peter Vale</span>',
        '<div class="author-photo-credit">Foto: Agency/Some Photographer</div>',
        '<div class="post-author">Foto: Bild: AB/CD/EFG</div>',
        '<div class="author-meta">Personal finance</div>',
        '<div class="author-box">Follow on Twitter Facebook</div>',
        '<div class="byline"><span>Share</span><span>\u2022</span></div>',
        '<div class="author">amw</div>',
    ],
)
def test_author_marked_boxes_that_name_no_author(byline: str) -> None:
    assert meta_of(ARTICLE.format(byline)).author is None


def test_tag_links_inside_a_byline_box_name_no_author() -> None:
    tag = '<span class="byline__tag"><a href="/tag/lifestyle">Lifestyle</a></span>'
    byline = f'<div class="byline">{tag}</div>'
    assert meta_of(ARTICLE.format(byline)).author is None


def test_marked_byline_in_site_chrome_is_ignored() -> None:
    body = '<nav><span class="menu-author">Lisa Grey</span></nav>' + ARTICLE.format("")
    assert meta_of(body).author is None


# Date


def test_any_meta_key_that_says_publish_date() -> None:
    head = '<meta name="x-modified-date" content="2025-01-01">'
    head += '<meta name="w-published-date" content="2024-09-18">'
    assert meta_of("<p>x</p>", head).published == "2024-09-18"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2016/02/09/a-story/", "2016-02-09"),
        ("https://example.com/blog/2025-12-17-release-notes", "2025-12-17"),
        ("https://example.com/2016/02/a-story/", None),
        ("https://example.com/2016/13/40/a-story/", None),
    ],
)
def test_date_in_the_article_address(url: str, expected: str | None) -> None:
    assert meta_of("<p>x</p>", url=url).published == expected


def test_date_known_by_its_class() -> None:
    body = ARTICLE.format(
        '<p class="comment-date">May 1, 2024</p><div class="sno-story-date">May 31, 2024</div>'
    )
    assert meta_of(body).published == "2024-05-31"


def test_date_line_right_after_the_headline() -> None:
    body = '<div><h1>A headline</h1><p class="text-muted">December 15, 2025</p></div><p>Story text.</p>'
    assert meta_of(body).published == "2025-12-15"


def test_date_far_below_the_headline_is_not_its_date_line() -> None:
    paragraphs = "".join(f"<p>Paragraph {n} of the story, with words.</p>" for n in range(20))
    body = f"<article><h1>A headline</h1>{paragraphs}<p>March 3, 2021</p></article>"
    assert meta_of(body).published is None


def test_updated_line_only_when_no_other_date() -> None:
    updated = "<h1>A headline</h1><span>Updated May 6, 2025</span>"
    assert meta_of(f"<div>{updated}</div>").published == "2025-05-06"
    assert meta_of(f"<div>{updated}<span>April 2, 2024</span></div>").published == "2024-04-02"


def test_date_modified_only_when_nothing_states_publication() -> None:
    head = ld({"@type": "Article", "dateModified": "2025-10-21 15:52:08"})
    assert meta_of("<p>x</p>", head).published == "2025-10-21T15:52:08"
    assert meta_of("<div><h1>T</h1><p>June 1, 2020</p></div>", head).published == "2020-06-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5. November 2024", "2024-11-05"),
        ("15. März 2024, 10:00", "2024-03-15T10:00:00"),
        ("3 de marzo de 2024", "2024-03-03"),
        ("1er août 2023", "2023-08-01"),
        ("12 maart 2025", "2025-03-12"),
        ("7 settembre 2022", "2022-09-07"),
        ("mai 2024", None),
    ],
)
def test_localized_dates(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


# Date: JSON-LD against the date printed under the headline


def _dated_page(printed: str, footer: str = "") -> str:
    return ARTICLE.format(f'<p class="byline">{printed}</p>') + f"<footer>{footer}</footer>"


def test_printed_date_wins_over_a_json_ld_date_the_page_never_shows() -> None:
    head = ld({"@type": "Article", "headline": "A headline", "datePublished": "2021-08-12"})
    assert meta_of(_dated_page("March 3, 2024"), head).published == "2024-03-03"


def test_json_ld_date_kept_when_the_page_prints_it_too() -> None:
    head = ld({"@type": "Article", "headline": "A headline", "datePublished": "2021-08-12"})
    body = _dated_page("March 3, 2024", footer="<span>First published August 12, 2021</span>")
    assert meta_of(body, head).published == "2021-08-12"


def test_json_ld_date_kept_when_meta_states_the_same_day() -> None:
    head = ld({"@type": "Article", "headline": "A headline", "datePublished": "2021-08-12"})
    head += '<meta property="article:published_time" content="2021-08-12T09:00:00+00:00">'
    assert meta_of(_dated_page("March 3, 2024"), head).published == "2021-08-12"


def test_json_ld_date_kept_when_the_printed_date_is_a_day_off() -> None:
    head = ld({"@type": "Article", "headline": "A headline", "datePublished": "2024-03-02T23:30:00-05:00"})
    assert meta_of(_dated_page("March 3, 2024"), head).published == "2024-03-02T23:30:00-05:00"


# Date: <meta> against the date in the address


def test_url_day_wins_over_a_meta_timestamp_a_day_later() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    found = meta_of("<p>x</p>", head, url="https://blog.example.org/2025/12/18/a-post/")
    assert found.published == "2025-12-18"


def test_meta_date_kept_when_the_url_date_is_far_from_it() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    found = meta_of("<p>x</p>", head, url="https://blog.example.org/2025/11/02/a-post/")
    assert found.published == "2025-12-19T02:41:41+00:00"


# Date: the line under a headline that stands in a page header


def test_date_line_under_a_headline_inside_the_page_header() -> None:
    body = "<header><h1>A headline</h1><span>June 10, 2025</span></header><p>The story.</p>"
    assert meta_of(body).published == "2025-06-10"


def test_header_date_not_read_when_the_article_has_its_own_headline() -> None:
    body = "<header><h1>Site name</h1><span>June 10, 2025</span></header>"
    body += "<article><h1>A headline</h1><p>x</p></article>"
    assert meta_of(body).published is None


# Date: a line just above the headline


def test_date_line_just_above_the_headline() -> None:
    body = "<main><div><span>News</span><span>Dec 12, 2025</span></div><h1>A headline</h1><p>x</p></main>"
    assert meta_of(body).published == "2025-12-12"


def test_date_above_the_headline_not_taken_from_the_site_navigation() -> None:
    body = "<nav><span>Dec 12, 2025</span></nav><main><h1>A headline</h1><p>x</p></main>"
    assert meta_of(body).published is None


def test_updated_stamp_above_the_headline_is_no_publication_date() -> None:
    body = "<main><p>Updated Dec 12, 2025</p><h1>A headline</h1><p>x</p></main>"
    assert meta_of(body).published is None
