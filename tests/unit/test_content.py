"""extract_body and is_listing_page: the contract, and the sample web's pages."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html

from reviewcrawl.extract.body.analyse import Analysis, analyse
from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.locate import WALKED_KEY
from reviewcrawl.extract.body.pagetype import is_listing_page
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.extract.body.schemabody import shared_words, stands_in
from reviewcrawl.extract.body.strip import extract_body
from reviewcrawl.extract.page.page import Page, load_page
from reviewcrawl.extract.page.selectors import compile_css, select_css
from tests.conftest import SAMPLE_WEB

SITES = SAMPLE_WEB / "sites"
BASE = "http://127.0.0.1:8711"
JS_RENDERED = {"screenscript"}  # its static pages hold only a loader

REVIEW_PAGES = sorted(SITES.glob("*/reviews/*/expected.json")) if SITES.is_dir() else []
LISTING_PAGES = (
    sorted(page for page in SITES.glob("*/**/index.html") if not (page.parent / "expected.json").exists())
    if SITES.is_dir()
    else []
)

PARAGRAPHS = (
    "A slow-burning mystery that rewards patience: the first hour is texture, the second consequence.",
    "The final scene is the best thing the director has shot, quiet and devastating at once.",
)


def page_url(index_html: Path) -> str:
    relative = index_html.parent.relative_to(SITES)
    path = "/".join(relative.parts[1:])
    return f"{BASE}/{path}/" if path else f"{BASE}/"


def site_of(path: Path) -> str:
    return path.relative_to(SITES).parts[0]


def fixture_id(path: Path) -> str:
    return str(path.parent.relative_to(SITES))


@pytest.mark.parametrize("expected_json", REVIEW_PAGES, ids=fixture_id)
def test_sample_review_body_is_exact(expected_json: Path) -> None:
    if site_of(expected_json) in JS_RENDERED:
        pytest.skip("rendered by JavaScript")
    expected = json.loads(expected_json.read_text(encoding="utf-8"))
    index_html = expected_json.parent / "index.html"
    page = load_page(index_html.read_bytes(), expected["url"].replace("{{base}}", BASE))
    assert page is not None
    assert extract_body(page) == expected["body"]
    assert not is_listing_page(page)


@pytest.mark.parametrize("index_html", LISTING_PAGES, ids=fixture_id)
def test_sample_listing_pages_are_listings(index_html: Path) -> None:
    page = load_page(index_html.read_bytes(), page_url(index_html))
    assert page is not None
    assert is_listing_page(page)


def test_sample_web_present_or_skipped() -> None:
    if not SITES.is_dir():
        pytest.skip("sample web not present")
    assert REVIEW_PAGES and LISTING_PAGES


def article(body_html: str, head: str = "") -> Page:
    page = load_page(
        f"<html><head>{head}</head><body>{body_html}</body></html>", "https://films.example/r/one/"
    )
    assert page is not None
    return page


def test_record_format_blocks_and_whitespace() -> None:
    page = article(
        "<article><h1>Title Here</h1><div class='entry-content'>"
        f"<p>{PARAGRAPHS[0]}</p><h2>The   ending</h2><ul><li>One\n  item</li><li>Two</li></ul>"
        f"<blockquote>Quoted   line.</blockquote><table><tr><td>Cast</td><td>Jeon Jong-seo</td></tr></table>"
        f"<p>{PARAGRAPHS[1]}<br>continued</p></div></article>"
    )
    assert extract_body(page) == "\n\n".join(
        [
            PARAGRAPHS[0],
            "The ending",
            "One item",
            "Two",
            "Quoted line.",
            "Cast Jeon Jong-seo",
            f"{PARAGRAPHS[1]} continued",
        ]
    )


def test_title_byline_and_date_stay_out() -> None:
    page = article(
        "<article><h1>Title Here</h1><p>By Jane Critic</p><p>October 9, 2023</p>"
        f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article>"
    )
    assert extract_body(page) == "\n\n".join(PARAGRAPHS)


def test_never_mutates_the_page_tree() -> None:
    page = article(
        f"<div class='sidebar'>Side</div><div class='entry-content'><p>{PARAGRAPHS[0]}</p>"
        "<div class='sharedaddy'>Share</div></div><script>var x = 1;</script><!-- note -->"
    )
    before = lxml_html.tostring(page.tree)
    extract_body(page)
    extract_body(page)
    assert lxml_html.tostring(page.tree) == before


def test_no_body_is_none() -> None:
    assert extract_body(article("")) is None
    assert extract_body(article("<nav><a href='/'>Home</a></nav><footer>© 2024</footer>")) is None


def test_text_after_a_comment_is_kept() -> None:
    page = article(f"<div class='entry-content'><p>{PARAGRAPHS[0]} <!-- ad --> Still the same one.</p></div>")
    assert extract_body(page) == f"{PARAGRAPHS[0]} Still the same one."


def test_profile_selectors_win() -> None:
    page = article(
        f"<div class='review-text'><p>{PARAGRAPHS[0]}</p><p class='promo'>Tickets now</p></div>"
        f"<div class='entry-content'><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[1]}</p></div>"
    )
    profile = ContentProfile(content_selectors=("div.review-text",), cruft_selectors=("p.promo",))
    assert extract_body(page, profile) == PARAGRAPHS[0]


def test_invalid_profile_selectors_are_ignored() -> None:
    page = article(f"<div class='entry-content'><p>{PARAGRAPHS[0]}</p></div>")
    profile = ContentProfile(content_selectors=("div[",), cruft_selectors=(">>>",))
    assert extract_body(page, profile) == PARAGRAPHS[0]


def test_listing_with_teasers() -> None:
    teasers = "".join(
        f"<article><h2><a href='/r/{n}/'>Review number {n} of the week</a></h2><p>Excerpt {n}…</p></article>"
        for n in range(6)
    )
    head = "<meta property='og:type' content='website'>"
    page = load_page(
        f"<html><head>{head}</head><body>{teasers}</body></html>", "https://films.example/category/reviews/"
    )
    assert page is not None
    assert is_listing_page(page)


def test_article_is_not_a_listing() -> None:
    head = "<meta property='og:type' content='article'>"
    paragraphs = "".join(f"<p>{p} {p}</p>" for p in PARAGRAPHS * 2)
    page = article(f"<article><h1>One film</h1>{paragraphs}</article>", head)
    assert not is_listing_page(page)


def test_structured_body_stands_in_for_a_teaser_only_page() -> None:
    full = [
        "The opening paragraph of the review sets out the film and its maker with a clear point of view.",
        "A second paragraph goes deeper into the performances, which the page itself no longer shows.",
        "The third paragraph weighs the ending and lands on a verdict the reader came looking for here.",
        "A fourth paragraph compares the score with the composer's earlier work and finds it bolder.",
        "A last paragraph places the film among its director's others and closes the argument neatly.",
    ]
    ld = json.dumps({"@context": "https://schema.org", "@type": "Review", "reviewBody": "\n".join(full)})
    teaser = f"<article><div class='entry-content'><p>{full[0]}</p><p>Log in to go on.</p></div></article>"
    page = article(teaser, f"<script type='application/ld+json'>{ld}</script>")
    assert extract_body(page) == "\n\n".join(full)


def test_structured_body_about_something_else_is_ignored() -> None:
    other = "An unrelated description of a different article entirely, repeated to be long enough. " * 6
    ld = json.dumps({"@type": "NewsArticle", "articleBody": other})
    page = article(
        f"<div class='entry-content'><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div>",
        f"<script type='application/ld+json'>{ld}</script>",
    )
    assert extract_body(page) == "\n\n".join(PARAGRAPHS)


def test_listing_of_cards_with_linked_headings() -> None:
    cards = "".join(
        f"<li class='card'><a href='/r/{n}.html'><h3>Another film reviewed, number {n}</h3></a>"
        f"<p>A two-line excerpt of review {n}, short enough to be a teaser.</p><span>By a critic</span></li>"
        for n in range(1, 5)
    )
    page = load_page(
        f"<html><body><main><h1>Latest reviews</h1><ul>{cards}</ul></main></body></html>",
        "https://films.example/site/index.html",
    )
    assert page is not None
    assert is_listing_page(page)


def test_review_body_container_wins_over_the_article_around_it() -> None:
    page = article(
        "<article><p class='kicker'>Review · A Film (2024)</p><h1>A Film</h1>"
        "<p class='dek'>A one-line standfirst that sells the review to the reader.</p>"
        f"<div class='review__body'><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div>"
        "<section class='verdict'><h2>The verdict</h2><p>Worth the trip.</p></section></article>"
    )
    assert extract_body(page) == "\n\n".join(PARAGRAPHS)


# The guard undoes the removal of the prose in "related-stories" unless a profile names the link list: the
# two readings of this page settle differently, from one walk.
PROSE = (
    "The film opens on a long shot of a harbour at dawn, and for the next two hours it never hurries, "
    "trusting its actors and its silences to carry a story about a family that cannot say what it "
    "means."
)
LINKS = "".join(
    f"<li><a href='/film/{i}/'>An entirely different film with a long title number {i}</a></li>"
    for i in range(12)
)
GUARDED = (
    f"<html><body><div class='related-stories'><p>{PROSE}</p><p>{PROSE} Again.</p></div>"
    f"<div class='index'><ul>{LINKS}</ul></div><p>Short note.</p></body></html>"
)
SHARING_PROFILES = (
    None,
    ContentProfile(content_selectors=("div.index",)),
    ContentProfile(content_selectors=("div.entry-content", "div.td-post-content")),
    ContentProfile(content_selectors=("article",), cruft_selectors=("aside", "div.sharedaddy")),
)
SHARING_PAGES = [(GUARDED.encode(), "https://films.example/reviews/one/")] + [
    ((path.parent / "index.html").read_bytes(), page_url(path.parent / "index.html"))
    for path in REVIEW_PAGES[:4]
]


@pytest.mark.parametrize(("data", "url"), SHARING_PAGES)
def test_one_page_read_several_ways_reads_as_fresh_pages(data: bytes, url: str) -> None:
    """A page keeps one walk for the listing check and every profile: each answer, and what each audit
    is told, equal those of a page read once."""
    shared = load_page(data, url)
    assert shared is not None
    shared_listing = is_listing_page(shared)
    for profile in SHARING_PROFILES:
        fresh = load_page(data, url)
        assert fresh is not None
        fresh_audit, shared_audit = StripAudit(keep_text=True), StripAudit(keep_text=True)
        assert extract_body(shared, profile, shared_audit) == extract_body(fresh, profile, fresh_audit)
        assert shared_audit.report() == fresh_audit.report()
        assert is_listing_page(fresh) == shared_listing


def test_a_profile_can_settle_a_page_differently() -> None:
    page = load_page(GUARDED, "https://films.example/reviews/one/")
    assert page is not None
    assert extract_body(page) == f"{PROSE}\n\n{PROSE} Again."
    assert extract_body(page, SHARING_PROFILES[1]) != extract_body(page)


PROFILE_SELECTORS = (
    "div.entry-content",
    "div.td-post-content",
    ".entry-content",
    "article",
    "main",
    "html",
    "body",
    "head",
    "meta",
    "title",
    "[name]",
    "[itemprop=articleBody]",
    "[data-Rating]",
    "[class~=post]",
    "div.a.b",
    "DIV.entry-content",
    "html div",
    "body article",
    "div > p",
    ".123",
    "p:first-child",
    "*",
    "#content",
    "div#main",
    "a[rel=tag]",
    "li.menu-item",
    "",
    "div,",
    "div.entry-content, article",
)


@pytest.mark.parametrize("selector", PROFILE_SELECTORS)
def test_profile_selectors_select_what_their_xpath_selects(selector: str) -> None:
    pages = [load_page(path.read_bytes(), None) for path in sorted(SITES.glob("*/**/index.html"))[:25]]
    pages.append(
        load_page(
            "<html><head><title>T</title><meta name='x'></head><body><div class='a b' "
            "data-rating='4'><p class='post x'>P</p></div></body></html>",
            None,
        )
    )
    for page in pages:
        assert page is not None
        for root in (page.tree, page.tree.find("body")):
            xpath = compile_css(selector)
            expected = list(xpath(root)) if xpath is not None else []
            assert select_css(page, root, selector) == expected, selector


def _walk_state(analysis: Analysis) -> list[object]:
    stats = [(n.element.tag, n.chars, n.link_chars, n.score, n.blocks) for n in analysis.stats.values()]
    removals = [(r.element.tag, r.group, r.chars, r.score, r.walked, r.active) for r in analysis.removals]
    return [stats, removals, [(e.tag, strength) for e, strength in analysis.marked]]


def test_settling_leaves_the_pages_walk_as_walked() -> None:
    """Every settling starts from the page's one walk, so none may change it."""
    page = load_page(GUARDED, "https://films.example/reviews/one/")
    assert page is not None
    is_listing_page(page)
    for profile in SHARING_PROFILES:
        extract_body(page, profile)
    fresh = load_page(GUARDED, "https://films.example/reviews/one/")
    assert fresh is not None
    walk = page._cache[WALKED_KEY][()]
    assert _walk_state(walk) == _walk_state(analyse(fresh.tree.find("body")))


def test_page_text_is_read_only_when_the_dom_body_holds_little_of_the_structured_one() -> None:
    reference = " ".join(PARAGRAPHS)
    asked: list[str] = []

    def page_text() -> str:
        asked.append("page")
        return reference

    assert not stands_in(reference, reference, page_text)
    assert asked == []  # the DOM body covers the structured body: no need for the page's text
    assert stands_in(PARAGRAPHS[0][:20], reference, page_text)
    assert asked == ["page"]


@pytest.mark.parametrize(
    ("one", "other"),
    [("a a b c", "a b b d"), ("", "a b"), ("x y z", "p q"), ("the the the film", "the film film")],
)
def test_shared_words_count_the_common_part_of_two_bags(one: str, other: str) -> None:
    one_bag, other_bag = Counter(one.split()), Counter(other.split())
    expected = sum((one_bag & other_bag).values())
    assert shared_words(one_bag, other_bag) == expected == shared_words(other_bag, one_bag)
