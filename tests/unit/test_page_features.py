"""The page-type model's features on small hand-written pages, and the packaged model file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewcrawl.extract.body.pagefeatures import address_features, markup_features
from reviewcrawl.extract.body.pagemodel import REASONS, page_model
from reviewcrawl.extract.body.pagetype import Evidence, PageKind, kind_and_features, page_kind
from reviewcrawl.extract.page.page import load_page
from reviewcrawl.reading.record import review_or_reason
from reviewcrawl.stats import Drop

SAMPLE_SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sample-web" / "sites"
SENTENCE = (
    "The director keeps the camera close to the faces of the two leads, and the long takes let the silences "
    "between them say more than the script ever does."
)


def review_page(comments: int = 0, related: int = 0) -> str:
    """A film review as a blog theme lays it out, with a comment thread and related reviews if asked."""
    body = "".join(f"<p>{SENTENCE} Scene {n} shows it again.</p>" for n in range(8))
    thread = "".join(
        f'<li class="comment"><div class="comment-author">Reader {n}</div><p>I agree, a fine film.</p>'
        '<a class="comment-reply-link" href="#respond">Reply</a></li>'
        for n in range(comments)
    )
    cards = "".join(
        f'<li><a href="/reviews/other-film-{n}/"><h3>Another film reviewed at length {n}</h3></a></li>'
        for n in range(related)
    )
    return (
        "<html><head><title>Past Lives review: a quiet triumph</title>"
        '<meta property="og:type" content="article"></head><body>'
        '<nav><a href="/">Home</a> <a href="/reviews/">Reviews</a></nav>'
        '<article><h1>Past Lives review: a quiet triumph</h1><p class="byline">By Mei Lin</p>'
        f'<time datetime="2023-06-02">2 June 2023</time>{body}</article>'
        + (f'<section class="related"><h2>Related reviews</h2><ul>{cards}</ul></section>' if related else "")
        + (
            f'<section id="comments" class="comments-area"><ol class="comment-list">{thread}</ol></section>'
            if comments
            else ""
        )
        + "<footer>© Reel Talk</footer></body></html>"
    )


def short_review_page() -> str:
    """A short review in a div theme: three paragraphs, a sidebar of popular reviews, a star line."""
    popular = "".join(
        f'<div class="widget-item"><h4><a href="/film/{n}">Popular film review number {n}</a></h4></div>'
        for n in range(10)
    )
    return (
        "<html><head><title>Drive (2011) | Film Folio</title></head><body>"
        '<div id="wrap"><div id="content"><div class="post">'
        '<h1 class="entry-title">Drive (2011)</h1><div class="entry-content">'
        f"<p>{SENTENCE}</p><p>{SENTENCE} The score hums under every scene.</p><p>Four stars out of five.</p>"
        f'</div></div></div><div id="sidebar"><h3>Popular</h3>{popular}</div></div></body></html>'
    )


def documentation_page() -> str:
    """A library's reference page: a navigation tree, short paragraphs between code blocks and a table."""
    tree = "".join(f'<li><a href="/docs/api/{n}/">module_{n}</a></li>' for n in range(30))
    sections = "".join(
        f"<h2>read_config({n})</h2><p>Reads the configuration file and returns a mapping.</p>"
        f"<pre><code>config = read_config('app.toml', strict={n})\nprint(config)</code></pre>"
        "<table><tr><th>Parameter</th><th>Type</th></tr><tr><td><code>path</code></td><td>str</td></tr></table>"
        for n in range(8)
    )
    return (
        "<html><head><title>read_config — Tool 2.1 documentation</title></head><body>"
        f'<div class="sidebar"><ul>{tree}</ul></div><div role="main"><h1>API reference</h1>{sections}</div>'
        "</body></html>"
    )


def service_page() -> str:
    """A company's landing page: sections of a heading and a line each, buttons and a contact form."""
    sections = "".join(
        f'<section class="feature"><h2>Feature {n} for teams</h2><p>Everything your team needs.</p>'
        f'<button type="button">Get started</button></section>'
        for n in range(8)
    )
    form = (
        '<form action="/contact"><input name="name"><input name="email"><input name="company">'
        '<select name="size"><option>1-10</option></select><button type="submit">Book a demo</button></form>'
    )
    return (
        "<html><head><title>Acme Cloud: deploy faster</title>"
        '<meta property="og:type" content="website"></head><body>'
        f'<header><nav><a href="/pricing">Pricing</a></nav></header><main>{sections}{form}</main>'
        "</body></html>"
    )


def features_of(html: str, url: str | None) -> dict[str, float | None]:
    page = load_page(html, url)
    assert page is not None
    _, features = kind_and_features(page)
    assert features is not None
    return features


def test_a_review_reads_as_prose() -> None:
    features = features_of(review_page(), "https://reeltalk.example/reviews/past-lives-review/")
    assert features["body_paragraphs"] and features["body_paragraphs"] >= features["body_prose"] > 2.0
    assert features["ended_share"] and features["ended_share"] >= 0.75  # the byline and date line do not end
    assert features["headlines"] == 0.0
    assert features["og_article"] == 1.0 and features["tag_time"] and features["tag_time"] > 0
    assert features["url_depth"] == 2.0 and features["url_slug_words"] == 3.0


@pytest.mark.parametrize(("comments", "related"), [(0, 0), (25, 0), (0, 6), (40, 8)])
def test_a_review_with_comments_or_related_reviews_stays_an_article(comments: int, related: int) -> None:
    html = review_page(comments, related)
    page = load_page(html, "https://reeltalk.example/reviews/past-lives-review/")
    assert page is not None
    assert page_kind(page).name is None
    assert not isinstance(review_or_reason(html, "https://reeltalk.example/reviews/past-lives-review/"), Drop)


def test_a_short_review_beside_a_sidebar_of_reviews_stays_an_article() -> None:
    html = short_review_page()
    page = load_page(html, "https://filmfolio.example/film/drive-2011/")
    assert page is not None
    assert page_kind(page).name is None


def test_comment_threads_and_related_teasers_show_in_the_features() -> None:
    plain = features_of(review_page(), None)
    busy = features_of(review_page(comments=25, related=6), None)
    assert busy["removed_comment_widgets"] and busy["removed_comment_widgets"] > 0
    assert plain["removed_comment_widgets"] == 0.0
    assert busy["tag_li"] and plain["tag_li"] is not None and busy["tag_li"] > plain["tag_li"]


def test_documentation_and_service_pages_show_their_build() -> None:
    docs = features_of(documentation_page(), "https://tool.example/docs/api/config.html")
    service = features_of(service_page(), "https://acme.example/")
    assert docs["tag_pre"] and docs["tag_code"] and docs["tag_table"]
    assert docs["tag_code"] > docs["tag_pre"] > 0
    assert docs["url_file"] == 1.0
    assert service["tag_form"] and service["tag_input"] and service["tag_button"] and service["tag_section"]
    assert service["url_root"] == 1.0 and service["og_website"] == 1.0
    assert service["ended_share"] is not None and service["ended_share"] >= 0.0


def test_markup_counts_read_the_tree_not_the_spelling() -> None:
    lower = load_page("<html><body><form><input><input></form><pre>x</pre></body></html>")
    upper = load_page("<HTML><BODY><FORM><INPUT><INPUT></FORM><PRE>x</PRE></BODY></HTML>")
    assert lower is not None and upper is not None
    assert (
        markup_features(lower.tree, lower.html)["tag_input"]
        == markup_features(upper.tree, upper.html)["tag_input"]
    )
    assert markup_features(lower.tree, lower.html)["tag_input"] == pytest.approx(1.0986, abs=1e-3)


@pytest.mark.parametrize(
    ("body", "one"),
    [
        ("<article><h1>Past Lives review</h1><p>Text.</p></article>", True),  # an article's own headline
        ("<header><H1>Past Lives review</H1></header><div><p>Text.</p></div>", True),  # any case, anywhere
        ("<div><h2>Reviews</h2><ul><li><a href='/a'>A</a></li></ul></div>", False),  # a listing with none
        ("".join(f"<div class='card'><h1><a href='/{n}'>Film {n}</a></h1></div>" for n in range(3)), False),
        ("<h1>Site name</h1><article><h1>Past Lives review</h1></article>", False),  # a logo's and the post's
    ],
)
def test_one_headline_is_told_from_none_or_many(body: str, one: bool) -> None:
    page = load_page(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert page is not None
    assert markup_features(page.tree, page.html)["h1_one"] == float(one)


def test_review_pages_have_one_headline() -> None:
    page = load_page(review_page(comments=3, related=4))
    assert page is not None
    assert markup_features(page.tree, page.html)["h1_one"] == 1.0


def test_an_unknown_address_gives_unknown_features() -> None:
    assert set(address_features(None).values()) == {None}
    known = address_features("https://example.org/2024/05/a-long-article-slug-here.html?ref=x")
    assert known == {
        "url_root": 0.0,
        "url_depth": 3.0,
        "url_slug_words": 5.0,
        "url_digits": 1.0,
        "url_query": 1.0,
        "url_file": 1.0,
    }


def test_a_page_declaring_an_article_in_json_ld_is_left_to_the_rules() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A"}</script>'
    page = load_page(service_page().replace("<head>", f"<head>{head}"), "https://acme.example/")
    assert page is not None
    assert kind_and_features(page)[1] is None


def test_the_model_file_loads_and_scores() -> None:
    model = page_model()
    assert model is not None
    page = load_page(review_page(), "https://reeltalk.example/reviews/past-lives-review/")
    assert page is not None
    features = kind_and_features(page)[1]
    assert features is not None
    assert set(model.features) == set(features)  # the file was trained on the features the code computes
    assert model.classes[0] == "article" and set(model.classes[1:]) == set(REASONS)
    probabilities = model.probabilities(features)
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert 0.0 < model.article_threshold < 0.5
    assert probabilities["article"] >= model.article_threshold
    assert model.verdict(features) in (None, "article")


def test_the_model_drops_a_documentation_page_as_not_an_article() -> None:
    html, url = documentation_page(), "https://tool.example/docs/api/config.html"
    page = load_page(html, url)
    assert page is not None
    kind = page_kind(page)
    assert kind.by_rules is None and kind.name == "not_article"  # the rules alone would let it through
    assert review_or_reason(html, url) == Drop.NOT_ARTICLE


@pytest.mark.parametrize(
    "url", ["https://acme.example/solutions/teams", "https://acme.example/product/cloud-deploy"]
)
def test_the_model_reads_a_service_page_as_one(url: str) -> None:
    """The model names a service page's class, well above the article's. Trained on every site, it holds
    this small page's P(article) above its threshold (most real service pages give a record too: the
    threshold keeps 99% of articles), so the page is not dropped."""
    model = page_model()
    page = load_page(service_page(), url)
    assert model is not None and page is not None
    features = kind_and_features(page)[1]
    assert features is not None
    probabilities = model.probabilities(features)
    assert max(probabilities, key=probabilities.__getitem__) == "service"
    assert probabilities["service"] > 3 * probabilities["article"]


def test_an_unknown_feature_scores_as_the_training_mean() -> None:
    model = page_model()
    assert model is not None
    assert model.standardised({}) == [0.0] * len(model.features)


@pytest.mark.parametrize(
    "page", sorted(SAMPLE_SITES.glob("*/reviews/*/index.html")), ids=lambda p: p.parent.name
)
def test_sample_web_reviews_are_not_judged_non_articles(page: Path) -> None:
    html = page.read_bytes().replace(b"{{base}}", b"http://127.0.0.1:8711")  # in the page's own charset
    loaded = load_page(html, f"http://127.0.0.1:8711/reviews/{page.parent.name}/")
    assert loaded is not None
    assert page_kind(loaded).name is None


LISTED = Evidence(declared=1, address=2, teasers=1, body=0)


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (PageKind(LISTED), "listing"),
        (PageKind(LISTED, model="article"), None),  # sure of an article: the listing evidence is outweighed
        (PageKind(Evidence(0, 1, 0, 0), model="article"), None),
        (PageKind(Evidence(0, 1, 0, 0)), None),  # too little evidence for a listing
        (PageKind(Evidence(0, 2, 0, 0, grid=2), model="article"), "collection"),  # a priced grid stays one
        (PageKind(Evidence(0, 0, 0, 0), declared="product", model="article"), "product"),  # so does a Product
        (PageKind(Evidence(0, 0, 0, 0), model="not_article"), "not_article"),
        (PageKind(None, model="forum"), "forum"),
    ],
)
def test_the_rules_and_the_model_combine(kind: PageKind, name: str | None) -> None:
    assert kind.name == name
    assert kind.is_listing == (name in ("listing", "collection"))
