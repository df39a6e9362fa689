"""Record metadata: JSON-LD and <meta> reading, dates, and every field of read_metadata.

The last part checks each non-JavaScript review page of the sample web against its expected.json.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.cssselect import CSSSelector

from reviewcrawl.extract.meta import author, headline, published, rating
from reviewcrawl.extract.meta.dates import parse_date
from reviewcrawl.extract.meta.metadata import Metadata, read_metadata, strip_site_suffix
from reviewcrawl.extract.meta.rating import read_rating
from reviewcrawl.extract.meta.structured import find_typed, first_text, read_meta
from reviewcrawl.extract.page.jsonld import parse_jsonld_text, read_jsonld
from reviewcrawl.extract.page.page import Page, load_page, parse_html
from reviewcrawl.extract.page.query import class_positions, page_view, raw_text
from reviewcrawl.extract.page.simplecss import css
from reviewcrawl.extract.page.textrepair import clean_text, collapsed_head, needs_cleaning
from tests.conftest import SAMPLE_WEB

URL = "https://www.example.com:8443/reviews/past-lives/"


def make_page(body: str, head: str = "", url: str | None = URL, lang: str = "en") -> Page:
    lang_attr = f' lang="{lang}"' if lang else ""
    html = f"<!doctype html><html{lang_attr}><head>{head}</head><body>{body}</body></html>"
    page = load_page(html.encode("utf-8"), url)
    assert page is not None
    return page


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def meta_of(body: str, head: str = "", url: str | None = URL, lang: str = "en") -> Metadata:
    return read_metadata(make_page(body, head, url, lang))


# JSON-LD and <meta>


def scripts(*texts: str) -> Any:
    tree = parse_html("".join(f'<script type="application/ld+json">{t}</script>' for t in texts) + "<p>x</p>")
    assert tree is not None
    return tree


def test_jsonld_cdata_wrapped() -> None:
    tree = scripts('/* <![CDATA[ */ {"@type": "Review", "name": "A"} /* ]]> */')
    assert read_jsonld(tree) == [{"@type": "Review", "name": "A"}]


def test_jsonld_html_comment_wrapped() -> None:
    assert parse_jsonld_text('<!-- {"@type": "Article"} -->') == [{"@type": "Article"}]


def test_jsonld_trailing_commas_comments_and_control_characters() -> None:
    text = '{"@type": "Review", // note\n "name": "A\tB", "tags": ["x", "y",], "author": {"name": "C",},}'
    assert parse_jsonld_text(text) == [
        {"@type": "Review", "name": "A\tB", "tags": ["x", "y"], "author": {"name": "C"}}
    ]


def test_jsonld_list_and_graph_flattened() -> None:
    tree = scripts(
        '[{"@type": "WebSite", "name": "S"}, {"@type": "Person", "name": "P"}]',
        '{"@context": "https://schema.org", "@graph": [{"@type": "Review"}, {"@type": ["Article", "X"]}]}',
    )
    assert [obj["@type"] for obj in read_jsonld(tree)] == [
        "WebSite",
        "Person",
        "Review",
        ["Article", "X"],
    ]


def test_jsonld_unreadable_script_is_skipped() -> None:
    tree = scripts("{not json at all", '{"@type": "Review"}')
    assert read_jsonld(tree) == [{"@type": "Review"}]


def test_find_typed_reads_strings_lists_and_iris() -> None:
    objects = [
        {"@type": "http://schema.org/Review", "n": 1},
        {"@type": ["CreativeWork", "CriticReview"], "n": 2},
        {"@type": "NewsArticle", "n": 3},
        {"@type": "Movie", "n": 4},
        {"n": 5},
    ]
    assert [o["n"] for o in find_typed(objects, "Review", "CriticReview")] == [1, 2]
    assert [o["n"] for o in find_typed(objects, "NewsArticle", "BlogPosting")] == [3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Jane   Doe ", "Jane Doe"),
        ({"@type": "Person", "name": "Jane Doe"}, "Jane Doe"),
        ([{"name": ""}, {"name": "Second"}], "Second"),
        (["First", "Second"], "First"),
        ({"@id": "#x"}, None),
        (None, None),
        ("", None),
    ],
)
def test_first_text(value: Any, expected: str | None) -> None:
    assert first_text(value) == expected


def test_read_meta_keys_first_value_and_sitename_misspelling() -> None:
    tree = parse_html(
        '<head><meta property="og:sitename" content="ReelTalk"><meta property="OG:Title" content="One">'
        '<meta property="og:title" content="Two"><meta name="Author" content=" Jane  Doe ">'
        '<meta itemprop="datePublished" content="2023-12-01">'
        '<meta http-equiv="Content-Language" content="en">'
        '<meta name="empty" content=""></head>'
    )
    assert tree is not None
    assert read_meta(tree) == {
        "og:sitename": "ReelTalk",
        "og:site_name": "ReelTalk",
        "og:title": "One",
        "author": "Jane Doe",
        "datepublished": "2023-12-01",
        "content-language": "en",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Critics&amp;#039; Ledger", "Critics' Ledger"),
        ("A DIY Investor\u00e2\u0080\u0099s Guide", "A DIY Investor\u2019s Guide"),
        ("Investor\u00e2\u20ac\u2122s Guide", "Investor\u2019s Guide"),
        ("Caf\u00c3\u00a9  society", "Caf\u00e9 society"),
        ("plain caf\u00e9", "plain caf\u00e9"),
        ("AT&T review", "AT&T review"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


# Dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-12-01", "2023-12-01"),
        ("2023-12-01T09:30:00+09:00", "2023-12-01T09:30:00+09:00"),
        ("2023-12-01T09:30:00Z", "2023-12-01T09:30:00+00:00"),
        ("2023-12-01T09:30:00.250Z", "2023-12-01T09:30:00+00:00"),
        ("2023-12-01T09:30:00+0900", "2023-12-01T09:30:00+09:00"),
        ("2023-12-01T09:30:00", "2023-12-01T09:30:00"),
        ("2023-12-01 09:30", "2023-12-01T09:30:00"),
        ("Fri, 01 Dec 2023 09:30:00 +0900", "2023-12-01T09:30:00+09:00"),
        ("Fri, 01 Dec 2023 09:30:00 GMT", "2023-12-01T09:30:00+00:00"),
        ("December 1, 2023", "2023-12-01"),
        ("Dec. 1st, 2023 at 9:30 pm", "2023-12-01T21:30:00"),
        ("1 December 2023", "2023-12-01"),
        ("Posted on Sunday, December 3, 2023", "2023-12-03"),
        ("2023년 12월 1일 오후 3:05", "2023-12-01T15:05:00"),
        ("입력 2023.12.01 09:30", "2023-12-01T09:30:00"),
        ("2023.12.01", "2023-12-01"),
        ("2023/12/01", "2023-12-01"),
        ("25/12/2023", "2023-12-25"),
        ("01.12.2023", "2023-12-01"),
        ("2023-02-30", None),
        ("no date here", None),
        ("December 1, 23", None),
        ("Dec 1 2023", "2023-12-01"),
        ("December\n1,\n2023", "2023-12-01"),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, expected: str | None) -> None:
    assert parse_date(text) == expected


# Headline


def test_headline_from_review_jsonld() -> None:
    head = ld({"@type": "Review", "name": "Past Lives review: the road not taken"})
    assert meta_of("<h1>Something else</h1>", head).headline == "Past Lives review: the road not taken"


def test_headline_from_og_title_with_site_suffix() -> None:
    head = '<meta property="og:site_name" content="ReelTalk">'
    head += '<meta property="og:title" content="Past Lives - ReelTalk">'
    assert meta_of("<p>x</p>", head).headline == "Past Lives"


@pytest.mark.parametrize("separator", [" - ", " | ", " \u2013 ", " :: "])
def test_site_suffix_separators(separator: str) -> None:
    assert strip_site_suffix(f"Past Lives review{separator}ReelTalk", {"reeltalk"}) == "Past Lives review"


def test_suffix_that_is_not_the_site_name_stays() -> None:
    assert strip_site_suffix("Decision to Leave - review", {"reeltalk"}) == "Decision to Leave - review"


def test_h1_preferred_over_truncated_og_title() -> None:
    head = '<meta property="og:title" content="Decision to Leave: a mystery that turns into…">'
    h1 = "Decision to Leave: a mystery that turns into a love story"
    body = f'<article><h1 class="entry-title">{h1}</h1></article>'
    assert meta_of(body, head).headline == h1


def test_h1_preferred_over_seo_extended_or_repunctuated_og_title() -> None:
    body = '<article><h1 class="entry-title">Best Camping Hammocks of 2026</h1></article>'
    head = '<meta property="og:title" content="Best Camping Hammocks of 2026, Tested &amp; Reviewed">'
    assert meta_of(body, head).headline == "Best Camping Hammocks of 2026"
    body = '<article><h1 class="entry-title">Brake pads \u2013 a mechanic\u2019s guide</h1></article>'
    head = '<meta property="og:title" content="Brake pads - a mechanic\'s guide">'
    assert meta_of(body, head).headline == "Brake pads \u2013 a mechanic\u2019s guide"


def test_og_title_kept_when_the_h1_is_something_else() -> None:
    body = "<article><h1>Computer Science &gt; Artificial Intelligence</h1></article>"
    head = '<meta property="og:title" content="Merging language models">'
    assert meta_of(body, head).headline == "Merging language models"


def test_article_h1_not_logo_h1() -> None:
    body = (
        '<header class="site-header"><h1 class="site-title">ReelTalk</h1></header>'
        '<article><h1 class="tdb-title-text">Ballerina:   a   cold   revenge</h1></article>'
    )
    assert meta_of(body).headline == "Ballerina: a cold revenge"


def test_title_suffix_recognised_from_the_logo_text() -> None:
    body = '<header><a class="logo" href="/"><span>영화마당</span></a></header><p>본문</p>'
    head = "<title>[리뷰] '발레리나', 차가운 복수극 - 영화마당</title>"
    assert meta_of(body, head, lang="ko").headline == "[리뷰] '발레리나', 차가운 복수극"


def test_headline_class_when_the_theme_has_no_article_h1() -> None:
    heading = '<h3 class="heading">[리뷰] 헤어질 결심</h3>'
    body = f'<section><header class="article-view-header">{heading}</header></section>'
    assert (
        meta_of(body, "<title>[리뷰] 헤어질 결심 - 영화마당</title>", lang="ko").headline
        == "[리뷰] 헤어질 결심"
    )


def test_double_escaped_entities_are_decoded() -> None:
    head = (
        '<meta property="og:site_name" content="Critics&#039; Ledger">'
        '<meta property="og:title" content="Oldboy &amp;#8211; still cutting | Critics&amp;#039; Ledger">'
    )
    metadata = meta_of("<p>x</p>", head)
    assert metadata.headline == "Oldboy \u2013 still cutting"
    assert metadata.source == "Critics' Ledger"


def test_headline_from_title_when_nothing_else() -> None:
    head = '<meta property="og:site_name" content="FilmFolio"><title>Perfect Days | FilmFolio</title>'
    assert meta_of("<p>x</p>", head).headline == "Perfect Days"


# Author


def test_author_person_from_jsonld() -> None:
    head = ld({"@type": "Review", "author": {"@type": "Person", "name": "Mara Quint"}})
    assert meta_of("<p>x</p>", head).author == "Mara Quint"


def test_author_referenced_by_id_in_a_graph() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "author": {"@id": "https://x.example/#/schema/person/1"}},
            {"@type": "Person", "@id": "https://x.example/#/schema/person/1", "name": "Ana Ruiz"},
        ],
    }
    assert meta_of("<p>x</p>", ld(graph)).author == "Ana Ruiz"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By STEVE PEOPLES, AP National Political Writer", "STEVE PEOPLES"),
        ("By Meg Kinnard and Errin Haines, Associated Press", "Meg Kinnard and Errin Haines"),
        ("Mike Marshall, Shipping Expert", "Mike Marshall"),
    ],
)
def test_affiliation_after_a_comma_is_dropped(raw: str, expected: str) -> None:
    assert meta_of("<p>x</p>", f'<meta name="author" content="{raw}">').author == expected


def test_publisher_organization_is_not_the_author() -> None:
    head = ld(
        {
            "@type": "NewsArticle",
            "author": {"@type": "Organization", "name": "Critics' Ledger"},
            "publisher": {"@type": "Organization", "name": "Critics' Ledger"},
        }
    )
    assert meta_of("<p>x</p>", head).author is None


def test_author_named_like_the_site_is_skipped() -> None:
    head = '<meta property="og:site_name" content="ReelTalk">' + ld(
        {"@type": "Article", "author": "ReelTalk"}
    )
    body = '<article><span class="author vcard"><a href="/author/ana/">Ana Ruiz</a></span></article>'
    assert meta_of(body, head).author == "Ana Ruiz"


def test_author_meta_tag_but_not_a_url() -> None:
    assert meta_of("<p>x</p>", '<meta name="author" content="Jane Doe">').author == "Jane Doe"
    head = '<meta property="article:author" content="https://www.facebook.com/reeltalk">'
    assert meta_of("<p>x</p>", head).author is None


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<a rel="author" href="/author/jd/">Jane Doe</a>', "Jane Doe"),
        (
            '<div class="td-post-author-name"><span>By</span> <a href="/author/jd/">Jane Doe</a></div>',
            "Jane Doe",
        ),
        ('<div class="tdb-author-name">By Jane Doe</div>', "Jane Doe"),
        ('<p class="byline">By Jane Doe | December 1, 2023</p>', "Jane Doe"),
        ('<span class="author">Written by Jane Doe</span>', "Jane Doe"),
        ('<span itemprop="author" itemscope><span itemprop="name">Jane Doe</span></span>', "Jane Doe"),
        ('<div class="byline">김민준 기자</div>', "김민준"),
        ('<div class="byline">Authored by: Dr. Ehsan Jazini</div>', "Dr. Ehsan Jazini"),
        ('<span class="author">"David Kim"</span>', "David Kim"),
        ('<div class="tdb-author-name">Sat</div><span class="author">Olive Ryan</span>', "Olive Ryan"),
    ],
)
def test_byline_markup(byline: str, expected: str) -> None:
    assert meta_of(f"<article><h1>T</h1>{byline}<p>Text.</p></article>").author == expected


def test_teaser_bylines_of_other_posts_are_ignored() -> None:
    body = (
        '<article><h1 class="tdb-title-text">Past Lives</h1><p>Text.</p></article>'
        '<div class="td_block_wrap tdb_single_other"><div class="td_module_flex td_module_wrap">'
        '<span class="td-post-author-name"><a href="/author/mei-lin/">Mei Lin</a></span></div></div>'
        '<div class="tdb-author-name-wrap"><span class="tdb-author-by">By</span> '
        '<a class="tdb-author-name" href="/author/grace/">Grace Holloway</a></div>'
    )
    assert meta_of(body).author == "Grace Holloway"


def test_korean_reporter_line_in_article() -> None:
    body = "<article><p>영화 이야기.</p><p>박서연 기자 seoyeon@example.kr</p></article>"
    assert meta_of(body, lang="ko").author == "박서연"


@pytest.mark.parametrize("name", ["admin", "Administrator", "News Desk", "Editorial Team", "Staff"])
def test_desks_and_accounts_are_not_people(name: str) -> None:
    assert meta_of("<p>x</p>", f'<meta name="author" content="{name}">').author is None


def test_no_author() -> None:
    assert meta_of("<article><h1>T</h1><p>Text about the film.</p></article>").author is None


# Published


def test_published_from_jsonld() -> None:
    head = ld({"@type": "Review", "datePublished": "2023-12-01T09:30:00Z"})
    assert meta_of("<p>x</p>", head).published == "2023-12-01T09:30:00+00:00"


def test_published_falls_back_to_review_date_created_not_the_films() -> None:
    review = {
        "@type": "Review",
        "dateCreated": "2025-06-05",
        "itemReviewed": {"@type": "Movie", "name": "Ballerina", "dateCreated": "2025-06-06"},
    }
    assert meta_of("<p>x</p>", ld(review)).published == "2025-06-05"


def test_author_and_date_from_the_article_object_when_the_review_lacks_them() -> None:
    head = ld(
        [
            {"@type": "Review", "name": "Oldboy at 20", "reviewRating": {"ratingValue": 5}},
            {
                "@type": "NewsArticle",
                "author": {"@type": "Person", "name": "Tom B"},
                "datePublished": "2023-08-17",
            },
        ]
    )
    metadata = meta_of("<p>x</p>", head)
    assert (metadata.author, metadata.published) == ("Tom B", "2023-08-17")


def test_published_from_article_meta() -> None:
    head = '<meta property="article:published_time" content="2023-12-01">'
    assert meta_of("<p>x</p>", head).published == "2023-12-01"


def test_top_bar_date_ignored_and_post_time_used() -> None:
    body = (
        '<div class="td-header-wrap"><div class="td_data_time">Sunday, December 3, 2023</div></div>'
        '<div class="tdb-head-date-txt">Sunday, December 3, 2023</div>'
        '<article><header class="td-post-title"><h1 class="entry-title">T</h1>'
        '<div class="td-module-meta-info"><time class="entry-date updated td-module-date" '
        'datetime="2023-11-28T18:00:00+00:00">November 28, 2023</time></div></header><p>Text.</p></article>'
    )
    assert meta_of(body).published == "2023-11-28T18:00:00+00:00"


def test_published_date_preferred_over_last_updated() -> None:
    body = (
        '<article><p class="post-date"><span>Last Updated</span> <span class="date">Mar 11, 2026</span></p>'
        '<time class="published" datetime="2019-03-20">March 20, 2019</time><p>Text.</p></article>'
    )
    assert meta_of(body).published == "2019-03-20"


def test_hatom_updated_alone_is_the_modified_date() -> None:
    body = (
        '<article><time class="updated" datetime="2024-02-20T08:31:05-05:00">Feb 20</time>'
        '<time datetime="2024-02-14T12:00:00-05:00">Feb 14</time></article>'
    )
    assert meta_of(body).published == "2024-02-14T12:00:00-05:00"
    body = '<article><time class="entry-date updated td-module-date" datetime="2023-10-09">x</time></article>'
    assert meta_of(body).published == "2023-10-09"


def test_last_updated_date_when_nothing_else() -> None:
    body = '<article><p class="post-date">Last updated on <span class="date">Mar 11, 2026</span></p>'
    body += "</article>"
    assert meta_of(body).published == "2026-03-11"


def test_only_top_bar_date_gives_none() -> None:
    body = '<div class="td_data_time">Sunday, December 3, 2023</div><article><h1>T</h1><p>Text.</p></article>'
    assert meta_of(body).published is None


def test_date_in_site_header_and_nav_ignored() -> None:
    body = (
        '<header id="masthead"><time datetime="2024-01-01">Today</time></header>'
        '<nav><time datetime="2024-01-02">x</time></nav>'
        '<article><p class="post-date">Posted December 1, 2023</p></article>'
    )
    assert meta_of(body).published == "2023-12-01"


def test_korean_input_date_line() -> None:
    body = (
        '<header id="user-header"><div class="date-today">2023년 10월 12일 (목)</div></header>'
        '<section><ul class="infomation"><li>박서연 기자</li><li>입력 2022.06.29 14:05</li>'
        "<li>수정 2022.07.01 10:00</li></ul><article><p>본문.</p></article></section>"
    )
    assert meta_of(body, lang="ko").published == "2022-06-29T14:05:00"


# Source, canonical URL, domain


def test_source_from_og_sitename_misspelling() -> None:
    assert meta_of("<p>x</p>", '<meta property="og:sitename" content="ReelTalk">').source == "ReelTalk"


def test_source_from_jsonld_publisher_then_website() -> None:
    head = ld({"@type": "Review", "publisher": {"@type": "Organization", "name": "Critics' Ledger"}})
    assert meta_of("<p>x</p>", head).source == "Critics' Ledger"
    assert meta_of("<p>x</p>", ld({"@type": "WebSite", "name": "FilmFolio"})).source == "FilmFolio"


def test_source_from_application_name_then_domain() -> None:
    assert meta_of("<p>x</p>", '<meta name="application-name" content="Cine">').source == "Cine"
    assert meta_of("<p>x</p>").source == "example.com"


def test_canonical_link_resolved_against_page_url() -> None:
    metadata = meta_of("<p>x</p>", '<link rel="canonical" href="/reviews/past-lives-2023/">')
    assert metadata.canonical_url == "https://www.example.com:8443/reviews/past-lives-2023/"
    assert metadata.source_domain == "example.com"


def test_canonical_from_og_url_then_page_url() -> None:
    head = '<meta property="og:url" content="https://Reviews.Example.com:8443/a/">'
    assert meta_of("<p>x</p>", head).canonical_url == "https://Reviews.Example.com:8443/a/"
    assert meta_of("<p>x</p>", head).source_domain == "reviews.example.com"
    assert meta_of("<p>x</p>").canonical_url == URL


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:void(0)",
        "file:///etc/passwd",
        "data:text/html,<p>x</p>",
        "mailto:editor@example.com",
        "ftp://www.example.com:8443/reviews/past-lives/",
        "http://[::1/reviews/",
        "http:///reviews/",
    ],
)
def test_canonical_that_is_no_web_address_is_ignored(href: str) -> None:
    for head in (f'<link rel="canonical" href="{href}">', f'<meta property="og:url" content="{href}">'):
        metadata = meta_of("<p>x</p>", head)
        assert metadata.canonical_url == URL, head
        assert metadata.source_domain == "example.com"


@pytest.mark.parametrize(
    "href",
    [
        "https://other-reviews.example.org/reviews/past-lives/",
        "https://www.example.com/reviews/past-lives/",  # another port: another site, as for the crawl's scope
        "https://example.com.evil.org:8443/reviews/past-lives/",
        "//elsewhere.example.net/reviews/past-lives/",
    ],
)
def test_canonical_on_another_site_is_ignored(href: str) -> None:
    for head in (f'<link rel="canonical" href="{href}">', f'<meta property="og:url" content="{href}">'):
        metadata = meta_of("<p>x</p>", head)
        assert metadata.canonical_url == URL, head
        assert metadata.source_domain == "example.com"


@pytest.mark.parametrize(
    ("page", "href"),
    [
        ("https://m.example.com/r/1/", "https://www.example.com/r/1/"),  # a mobile host names the main one
        ("https://www.example.com/r/1/amp/", "https://example.com/r/1/"),  # the "www." twin
        ("https://example.com/r/1/", "https://amp.example.com/r/1/"),  # its own subdomain
        ("http://example.com/r/1/", "https://example.com/r/1/"),  # http page, https canonical
    ],
)
def test_canonical_on_the_same_site_is_kept(page: str, href: str) -> None:
    metadata = meta_of("<p>x</p>", f'<link rel="canonical" href="{href}">', url=page)
    assert metadata.canonical_url == href


def test_first_trusted_canonical_wins() -> None:
    head = (
        '<link rel="canonical" href="javascript:void(0)">'
        '<link rel="canonical" href="https://elsewhere.example.org/a/">'
        '<meta property="og:url" content="/reviews/past-lives-2023/">'
    )
    assert meta_of("<p>x</p>", head).canonical_url == "https://www.example.com:8443/reviews/past-lives-2023/"


def test_loopback_domain_keeps_no_port() -> None:
    metadata = meta_of("<p>x</p>", url="http://127.0.0.1:8711/reviews/x/")
    assert metadata.source_domain == "127.0.0.1"


# Language


@pytest.mark.parametrize(
    ("lang", "head", "expected"),
    [
        ("en-US", "", "en"),
        ("KO", "", "ko"),
        ("", '<meta http-equiv="content-language" content="fr-FR">', "fr"),
        ("", '<meta property="og:locale" content="ko_KR">', "ko"),
        ("", ld({"@type": "Review", "inLanguage": "de-DE"}), "de"),
    ],
)
def test_declared_language(lang: str, head: str, expected: str) -> None:
    assert meta_of("<p>x</p>", head, lang=lang).language == expected


def test_language_detected_from_visible_text_when_there_are_no_paragraphs() -> None:
    body = "<div><div>Der Film folgt einer jungen Frau, die ihre Freundin rächen will.</div>"
    body += "<div>Das Ergebnis ist packend, und die Hauptdarstellerin ist großartig.</div></div>"
    assert meta_of(body, lang="").language == "de"


def test_language_detected_when_undeclared() -> None:
    body = "<article><p>헤어질 결심은 수사극의 얼굴을 하고 있지만 끝내 멜로드라마로 남는다.</p></article>"
    assert meta_of(body, lang="").language == "ko"


# The sample web

SITES = SAMPLE_WEB / "sites"
# Ports as the fixture specification assigns them; expected.json writes "{{base}}" for the served origin.
PORTS = {"reeltalk": 8711, "filmfolio": 8712, "criticsledger": 8713, "screenscript": 8714, "yeonghwa": 8715}
JS_SITES = {"screenscript"}
FIELDS = (
    "headline",
    "author",
    "published",
    "source",
    "source_domain",
    "canonical_url",
    "language",
    "rating",
    "rating_scale",
)


def fixture_pages() -> list[Path]:
    if not SITES.is_dir():
        return []
    pages = sorted(SITES.glob("*/reviews/*/expected.json"))
    return [
        path.parent
        for path in pages
        if path.parents[2].name not in JS_SITES and path.parent.joinpath("index.html").exists()
    ]


def base_of(site: str) -> str:
    return f"http://127.0.0.1:{PORTS.get(site, 8700)}"


def transport_charset(site_dir: Path) -> str | None:
    """What the sample server puts in Content-Type: utf-8 unless the site's _server.json says none."""
    config = site_dir / "_server.json"
    if config.exists() and "charset" in json.loads(config.read_text("utf-8")):
        return json.loads(config.read_text("utf-8"))["charset"]
    return "utf-8"


@cache
def extracted(page_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(expected, actual) record fields for one fixture review page."""
    site_dir = page_dir.parents[1]
    base = base_of(site_dir.name)
    expected = json.loads(page_dir.joinpath("expected.json").read_text("utf-8").replace("{{base}}", base))
    data = page_dir.joinpath("index.html").read_bytes().replace(b"{{base}}", base.encode("ascii"))
    page = load_page(data, expected["url"], transport_charset(site_dir))
    assert page is not None
    metadata = read_metadata(page)
    rating, scale = read_rating(page, expected.get("body"))
    actual = {**metadata.__dict__, "rating": rating, "rating_scale": scale}
    return expected, actual


CASES = [(page_dir, name) for page_dir in fixture_pages() for name in FIELDS]


@pytest.mark.skipif(not CASES, reason="no sample-web review pages with expected.json yet")
@pytest.mark.parametrize(
    ("page_dir", "field"),
    CASES or [(Path("."), "headline")],
    ids=[f"{p.parents[1].name}/{p.name}:{f}" for p, f in CASES] or ["none"],
)
def test_fixture_page_field(page_dir: Path, field: str) -> None:
    expected, actual = extracted(page_dir)
    assert actual[field] == expected[field]


# Element lookups: the page view must answer every selector exactly as lxml's CSS selectors do

ALL_SELECTORS = sorted(
    {
        selector.text
        for group in (
            headline.HEADLINE_SELECTORS,
            headline.SITE_NAME_SELECTORS,
            author.BYLINE_SELECTORS,
            published.DATE_SELECTORS,
            rating.RATING_SELECTORS,
            rating.ARTICLE_SELECTORS,
        )
        for selector in group
    }
)
TRICKY_MARKUP = (
    '<html class="logo"><body><header><h1 class="entry-title x">Site</h1></header>'
    '<div class="a\tlogo\nb"><span class="logo\u00a0x">nbsp is part of the name</span></div>'
    '<div class="xlogo logox"><a rel="author  me" href="/a">A</a><a rel="authorship">B</a></div>'
    '<article><article><h1>Nested</h1></article><div itemprop="author"><span itemprop="name">N</span>'
    '</div></article><div data-rating=""></div><div itemprop="reviewRating x"></div>'
    '<section role="main"><header class="post"><p class="heading">H</p></header></section></body></html>'
)


@cache
def lookup_pages() -> list[Page]:
    pages = [make_page("", url=None)]
    tricky = load_page(TRICKY_MARKUP, None)
    assert tricky is not None
    pages.append(tricky)
    for path in sorted(SITES.glob("**/*.html")) if SITES.is_dir() else []:
        page = load_page(path.read_bytes(), None)
        if page is not None:
            pages.append(page)
    return pages


@pytest.mark.parametrize("selector", ALL_SELECTORS)
def test_page_view_selects_what_css_selectors_select(selector: str) -> None:
    compiled = CSSSelector(selector, translator="html")
    for page in lookup_pages():
        assert page_view(page).select(css(selector)) == compiled(page.tree), selector


def test_class_positions_are_whole_class_names() -> None:
    names = ["logo", "site-logo x", "a logo", "b\tlogo\nc", "nologo", "logo logo", "", "logo\u00a0x"]
    values = "\0".join(names)
    assert class_positions(values, "logo") == [0, 2, 3, 5]
    assert class_positions("", "logo") == []
    assert class_positions("logo", "logo") == [0]
    assert class_positions("x\0a logo", "logo") == [1]
    assert class_positions("x\0a logos", "logo") == []


def test_class_part_finds_each_owner_once_in_document_order() -> None:
    body = (
        '<div class="post-author__name">A</div><p class="x">-</p><span class="Byline byline">B</span>'
        '<em class="AUTHOR">no</em><b class="autor-box meta-author">C</b><i class="auteur">D</i>'
    )
    view = page_view(make_page(body))
    found = [element.text for element in view.with_class_part(("uthor", "yline", "Autor", "autor", "auteur"))]
    assert found == ["A", "B", "C", "D"]
    assert list(view.with_class_part(("absent",))) == []


def test_raw_text_is_text_content() -> None:
    for page in lookup_pages():
        for element in page.tree.iter():
            if isinstance(element.tag, str):
                assert raw_text(element) == element.xpath("string()")


@given(st.text(alphabet="ab &;#x3a2ampltnbsp\u00e2\u20ac\u00c2\u00c3\u00a0\u2019\u00e9 \t\n", max_size=60))
def test_cleaning_is_only_whitespace_unless_flagged(text: str) -> None:
    if not needs_cleaning(text):
        assert clean_text(text) == " ".join(text.split())


@settings(max_examples=300)
@given(
    # References (named, numeric, double-escaped), mojibake leads, and spaces to cut at.
    st.text(alphabet="ab &;#xX0123456789cCeEirtldmpn\u00e2\u20ac\u00c2\u00c3\u00a0\u00e9 \t\n", max_size=300),
    st.integers(min_value=1, max_value=70),
)
def test_collapsed_head_is_the_head_of_the_cleaned_text(text: str, size: int) -> None:
    assert collapsed_head(text, size) == clean_text(text)[:size]
