"""Generated and mutated pages through load_page + extract_body (and the listing check) never raise."""

from __future__ import annotations

import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.pagetype import is_listing_page
from reviewcrawl.extract.body.strip import extract_body
from reviewcrawl.extract.body.textclean import clean_captured_text
from reviewcrawl.extract.page.page import load_page

TAGS = [
    "div",
    "p",
    "span",
    "a",
    "article",
    "section",
    "nav",
    "header",
    "footer",
    "aside",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "table",
    "tr",
    "td",
    "br",
    "img",
    "script",
    "style",
    "form",
    "button",
    "figure",
    "figcaption",
    "blockquote",
    "pre",
    "iframe",
    "svg",
    "main",
    "b",
    "em",
    "ins",
    "noscript",
    "template",
]
CLASSES = [
    "entry-content",
    "td-post-content",
    "sidebar",
    "comments",
    "related-posts",
    "share",
    "ad",
    "td-a-rec",
    "wpd-comment",
    "author-box",
    "caption",
    "tags",
    "menu",
    "hidden",
    "post-content",
    "widget",
    "",
]
ATTRIBUTES = ["class", "id", "role", "itemprop", "style", "rel", "hidden", "aria-hidden", "href"]
VALUES = [*CLASSES, "articleBody", "navigation", "display:none", "tag", "next", "true", "#", "/x/"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class FailureLog(logging.Handler):
    """Collects the failures extract_body and is_listing_page swallow: the fuzz wants none at all."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.failures: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.failures.append(record)


FAILURES = FailureLog()
for name in ("reviewcrawl.extract.body.strip", "reviewcrawl.extract.body.pagetype"):
    logging.getLogger(name).addHandler(FAILURES)
    logging.getLogger(name).setLevel(logging.DEBUG)

text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80)
attribute = st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(VALUES))


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(f' {name}="{value}"' for name, value in draw(st.lists(attribute, max_size=3)))
    children = draw(st.lists(element(depth + 1), max_size=4)) if depth < 5 else []
    inner = draw(text).replace("<", "&lt;") + "".join(children) + draw(text).replace("<", "&lt;")
    return f"<{tag}{attrs}>{inner}</{tag}>"


def run_everything(data: str | bytes) -> None:
    page = load_page(data, "https://films.example/reviews/x/")
    if page is None:
        return
    before = lxml_html.tostring(page.tree)
    FAILURES.failures.clear()
    body = extract_body(page, audit=StripAudit(keep_text=True))
    assert body is None or (isinstance(body, str) and body.strip() == body and body)
    assert isinstance(is_listing_page(page), bool)
    assert lxml_html.tostring(page.tree) == before
    assert not FAILURES.failures, FAILURES.failures[0].exc_info


@SETTINGS
@given(st.lists(element(), min_size=1, max_size=6))
def test_generated_pages(parts: list[str]) -> None:
    run_everything("<html><body>" + "".join(parts) + "</body></html>")


@SETTINGS
@given(st.lists(element(), min_size=1, max_size=4), st.data())
def test_truncated_pages(parts: list[str], data: st.DataObject) -> None:
    page = "<html><head><title>t</title></head><body>" + "".join(parts) + "</body></html>"
    cut = data.draw(st.integers(min_value=0, max_value=len(page)))
    run_everything(page[:cut])
    run_everything(page[cut:])


@SETTINGS
@given(st.binary(max_size=2000))
def test_binary_input(data: bytes) -> None:
    run_everything(data)


@SETTINGS
@given(st.text(max_size=500))
def test_arbitrary_text(data: str) -> None:
    run_everything(data)
    assert isinstance(clean_captured_text(data), str)


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=200, max_value=3000), st.sampled_from(["div", "span", "a", "li", "blockquote"]))
def test_deeply_nested(depth: int, tag: str) -> None:
    inner = "A paragraph of review text that is long enough to count as prose for the scorer."
    run_everything(f"<html><body>{f'<{tag}>' * depth}<p>{inner}</p>{f'</{tag}>' * depth}</body></html>")


def test_huge_page() -> None:
    paragraph = "<p>" + "Long review sentence that goes on. " * 40 + "</p>"
    teasers = "<ul>" + "<li><a href='/x/'>Teaser link title here</a></li>" * 2000 + "</ul>"
    page = "<html><body><article>" + paragraph * 300 + "</article>" + teasers + "</body></html>"
    run_everything(page.encode("utf-8"))


def test_unclosed_tags_and_odd_markup() -> None:
    odd = [
        "<p>unclosed <b>bold <i>italic",
        "<html><body><table><tr><td><p>cell",
        "</div></p>",
        "<<<>>>",
        "<!-- only a comment -->",
        "<?xml version='1.0'?><root><p>xml</p></root>",
        "\x00\x01<p>nul</p>",
    ]
    for page in odd:
        run_everything(page)
