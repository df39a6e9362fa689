"""Discovery for `-a site=`: what robots.txt, a home page, a listing, a REST answer and an OpenSearch
description tell, on the site only;
the URL shapes learnt from reviews; the review signals of a page; the `site` argument."""

from __future__ import annotations

import re

import pytest

from reviewcrawl.planning.arguments import ArgumentError, plan_crawl
from reviewcrawl.planning.reviewshapes import ReviewShapes, url_shape
from reviewcrawl.planning.sitediscovery import (
    is_pagination,
    looks_like_wordpress,
    opensearch_description_url,
    opensearch_search_url,
    opensearch_template,
    page_feeds,
    robots_sitemaps,
    site_links,
    site_source,
    wordpress_api_root,
    wordpress_page_search_url,
    wordpress_search_links,
    wordpress_search_url,
)
from reviewcrawl.planning.sources import Registry, Source
from reviewcrawl.reading.reviewsignals import page_signals, record_signals

SITE = site_source("https://outlet.example/some/page")
ARGS = ("urls", "url_file", "source", "site", "title", "year", "films", "since")


def test_a_site_source_covers_its_host_and_takes_every_page() -> None:
    assert SITE.base_url == "https://outlet.example"
    assert SITE.is_review_url("https://outlet.example/2024/05/any/")
    assert not SITE.is_review_url("https://elsewhere.example/2024/05/any/")


def test_robots_sitemaps_on_the_site_only() -> None:
    robots = "User-agent: *\nSitemap: /a.xml\nsitemap:https://outlet.example/b.xml\nSitemap: https://cdn.example/c.xml\n"
    assert robots_sitemaps(robots, SITE) == ["https://outlet.example/a.xml", "https://outlet.example/b.xml"]


def test_feeds_and_rest_root_from_the_head() -> None:
    html = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate" type="application/atom+xml" href="https://other.example/feed">'
        '<link rel="alternate" hreflang="fr" href="/fr/">'
        '<link rel="https://api.w.org/" href="https://outlet.example/wp-json/"></head><body></body></html>'
    )
    assert page_feeds(html, SITE) == ["https://outlet.example/feed/"]
    assert wordpress_api_root(html, SITE) == "https://outlet.example/wp-json/"
    assert wordpress_api_root("<html><body>no head</body></html>", SITE) is None


def opensearch(*urls: tuple[str, str]) -> bytes:
    rows = "".join(f'<Url type="{kind}" template="{template}"/>' for kind, template in urls)
    return f'<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">{rows}</OpenSearchDescription>'.encode()


def test_opensearch_description_named_in_the_head_on_the_site_only() -> None:
    kind = 'type="application/opensearchdescription+xml"'
    home = f'<html><head><link rel="search" {kind} href="/os.xml"></head><body></body></html>'
    assert opensearch_description_url(home, SITE) == "https://outlet.example/os.xml"
    away = home.replace('"/os.xml"', '"https://elsewhere.example/os.xml"')
    assert opensearch_description_url(away, SITE) is None
    assert opensearch_description_url(home.replace(kind, 'type="text/html"'), SITE) is None


def test_opensearch_template_is_the_html_one_on_the_site() -> None:
    described = opensearch(
        ("application/x-suggestions+json", "https://outlet.example/suggest?q={searchTerms}"),
        ("text/html", "https://outlet.example/search?q={searchTerms}&amp;page={startPage?}"),
    )
    template = opensearch_template(described, SITE)
    assert template == "https://outlet.example/search?q={searchTerms}&page="
    assert (
        opensearch_search_url(template, "The Last Road")
        == "https://outlet.example/search?q=The+Last+Road&page="
    )


@pytest.mark.parametrize(
    "template",
    [
        "https://elsewhere.example/search?q={searchTerms}",  # another host
        "javascript://outlet.example/{searchTerms}",
        "https://outlet.example/search?q={searchTerms}&start={startIndex}",  # a parameter it cannot fill
        "https://outlet.example/latest",  # no search terms
    ],
)
def test_opensearch_templates_that_are_not_used(template: str) -> None:
    assert opensearch_template(opensearch(("text/html", template)), SITE) is None


def test_opensearch_template_of_what_is_no_description() -> None:
    assert opensearch_template(b"<html><body>not xml", SITE) is None
    assert (
        opensearch_template(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', SITE) is None
    )


def test_wordpress_is_told_by_its_assets_or_generator() -> None:
    assert looks_like_wordpress('<link rel="stylesheet" href="/wp-content/themes/t/style.css">')
    assert looks_like_wordpress('<meta name="generator" content="WordPress 6.5">')
    assert not looks_like_wordpress('<meta name="generator" content="Ghost 5.0"><p>wordpress tips</p>')
    assert wordpress_page_search_url(SITE, "Glass Tide") == "https://outlet.example/?s=Glass+Tide"


def test_rest_search_links_on_the_site_only() -> None:
    assert "wp/v2/posts?search=Past+Lives" in wordpress_search_url(
        "https://outlet.example/wp-json/", "Past Lives"
    )
    body = b'[{"link": "https://outlet.example/a/"}, {"link": "https://x.example/b/"}, {"link": 3}, "junk"]'
    assert wordpress_search_links(body, SITE) == ["https://outlet.example/a/"]
    assert wordpress_search_links(b"<html>not json</html>", SITE) == []
    assert wordpress_search_links(b'{"code": "rest_disabled"}', SITE) == []


@pytest.mark.parametrize(
    ("url", "text", "rel", "expected"),
    [
        ("https://outlet.example/reviews?page=2", "", "", True),
        ("https://outlet.example/page/3/", "3", "", True),
        ("https://outlet.example/section/news/?p=4", "Older stories", "", True),
        ("https://outlet.example/x", "whatever", "next", True),
        ("https://outlet.example/2024/05/a-film/", "A film", "", False),
        ("https://outlet.example/node/12", "Nextflix deal", "", False),
    ],
)
def test_pagination_links(url: str, text: str, rel: str, expected: bool) -> None:
    assert is_pagination(url, text, rel) is expected


def test_site_links_split_pagination_from_pages_and_keep_to_the_site() -> None:
    html = (
        '<a href="/a/">A</a><a href="/a/#top">A again</a><a href="?page=1" rel="next">Next</a>'
        '<a href="https://elsewhere.example/b/">B</a><a href="mailto:x@y">mail</a>'
    )
    pages, others = site_links(html, "https://outlet.example/reviews", SITE)
    assert pages == ["https://outlet.example/reviews?page=1"]
    assert others == ["https://outlet.example/a/"]


def test_url_shapes() -> None:
    assert url_shape("https://o.example/2024/05/a/") == url_shape("https://o.example/2023/11/b/")
    assert url_shape("https://o.example/category/news/") != url_shape("https://o.example/tag/news/")
    assert url_shape("https://o.example/a/") == url_shape("https://o.example/about/")
    assert url_shape("https://o.example/a?page=2") != url_shape("https://o.example/a")


def test_shapes_sample_first_then_release_where_articles_were() -> None:
    shapes = ReviewShapes(sample=2)
    posts = [f"https://o.example/2024/05/post-{n}/" for n in range(5)]
    tags = [f"https://o.example/tag/t{n}/" for n in range(5)]
    sent = [url for url in posts + tags if shapes.offer(url, "site:o.example")]
    assert sent == posts[:2] + tags[:2]
    assert not shapes.offer(posts[0], "site:o.example")  # offered before
    shapes.found_article(posts[0], review=True)
    assert shapes.priority(posts[1]) > shapes.priority(tags[0])
    released = [w.url for w in shapes.release()]
    assert released == posts[2:]
    assert shapes.left_out == 3  # the tag pages' sample gave no article
    assert shapes.offer("https://o.example/2024/06/post-9/", "site:o.example")  # a proven shape goes at once


def test_record_signals() -> None:
    assert record_signals({"rating": 4.0, "headline": "x", "url": "https://o.example/a"}) == {"rating"}
    assert record_signals({"headline": "Past Lives review: tender", "url": "https://o.example/a"}) == {
        "headline"
    }
    assert record_signals({"headline": "x", "url": "https://o.example/reviews/past-lives/"}) == {"address"}
    assert (
        record_signals({"headline": "Festival news", "url": "https://o.example/2024/reviewing-x/"}) == set()
    )


def test_page_signals() -> None:
    review = b'<script type="application/ld+json">{"@graph": [{"@type": ["CriticReview"]}]}</script>'
    crumb = b'<nav class="breadcrumb"><a>Home</a><a>Reviews</a></nav><p>text</p>'
    trail = (
        b'<script type="application/ld+json">{"@type": "BreadcrumbList",'
        b' "itemListElement": [{"@type": "ListItem", "name": "Film reviews"}]}</script>'
    )
    news = b'<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    news += b'<nav class="breadcrumb">News</nav>'
    assert page_signals(review) == {"review_data"}
    assert page_signals(crumb) == {"breadcrumb"}
    assert page_signals(trail) == {"breadcrumb"}
    assert page_signals(news) == set()
    assert page_signals(b'<script type="application/ld+json">{not json</script>') == set()


def arguments(**given: str) -> dict[str, str | None]:
    return {name: given.get(name) for name in ARGS}


def test_site_argument_makes_sites_and_a_registry_entry_wins() -> None:
    known = Source("mine", "Mine", "https://known.example", re.compile("/r/"))
    plan = plan_crawl(
        Registry({"mine": known}), arguments(site="https://known.example/, https://new.example/x")
    )
    assert plan.sources == (known,)
    assert [s.base_url for s in plan.sites] == ["https://new.example"]


def test_site_with_a_title_needs_no_registry() -> None:
    plan = plan_crawl(Registry({}), arguments(site="https://new.example/", title="Past Lives"))
    assert plan.title == "Past Lives" and plan.sites and not plan.sources


@pytest.mark.parametrize(
    ("value", "message"), [(" , ", "site is empty"), ("outlet.example", "malformed URL in site")]
)
def test_bad_site_values(value: str, message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        plan_crawl(Registry({}), arguments(site=value))
