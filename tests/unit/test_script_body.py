"""Bodies the DOM does not show: the article markup inside a script-built page's data, and an entity-escaped
schema.org body."""

from __future__ import annotations

import json

from reviewcrawl.extract.body.schemabody import structured_body
from reviewcrawl.extract.body.scriptbody import script_markup
from reviewcrawl.extract.body.strip import extract_body
from reviewcrawl.extract.page.page import Page, load_page, parse_html

PARAGRAPHS = [
    "The opening paragraph sets out the film, its maker and the question the review will try to answer.",
    "A second paragraph weighs the performances, which carry the film through its slower middle hour.",
    "The third paragraph turns to the ending, which lands harder than anything the director did before.",
    "A last paragraph places the film among its peers and closes on a verdict worth the reader's time.",
]
ARTICLE_HTML = "".join(f"<p class='editor-p'>{p}</p>" for p in PARAGRAPHS)


def shell(scripts: str, body: str = "<div id='root'></div>") -> Page:
    page = load_page(f"<html><head></head><body>{body}{scripts}</body></html>", "https://news.example/a/1")
    assert page is not None
    return page


def test_query_cache_json_holds_the_article() -> None:
    data = {"queries": [{"state": {"data": {"title": "A film", "contentHtml": ARTICLE_HTML}}}]}
    page = shell(f"<script>window.__CACHE__ = {json.dumps(data)};</script>")
    assert extract_body(page) == "\n\n".join(PARAGRAPHS)


def test_streamed_payload_with_json_inside_a_string_is_opened_once_more() -> None:
    inner = json.dumps(
        {"article": {"body": ARTICLE_HTML + "<div class='caption'><p>Photo: Studio</p></div>"}}
    )
    page = shell(f"<script>self.__next_f.push([1, {json.dumps('5:' + inner)}])</script>")
    assert extract_body(page) == "\n\n".join(PARAGRAPHS)


def test_next_data_script_with_escaped_markup() -> None:
    data = json.dumps({"props": {"pageProps": {"post": {"html": ARTICLE_HTML}}}}).replace("<", "\\u003c")
    page = shell(f"<script id='__NEXT_DATA__' type='application/json'>{data}</script>")
    assert extract_body(page) == "\n\n".join(PARAGRAPHS)


def test_a_page_that_shows_its_body_ignores_the_script_copy() -> None:
    shown = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    other = json.dumps({"teaser": "<p>" + "Another story's text, long enough to count. " * 20 + "</p>"})
    page = shell(f"<script>var data = {other};</script>", f"<article>{shown}</article>")
    assert extract_body(page) == "\n\n".join(PARAGRAPHS[:3])


def test_script_strings_without_paragraph_markup_are_not_bodies() -> None:
    plain = json.dumps({"description": "Plain text with no markup at all, long enough to pass. " * 12})
    tree = parse_html(f"<html><body><script>var x = {plain};</script></body></html>")
    assert tree is not None and script_markup(tree) is None
    assert extract_body(shell(f"<script>var x = {plain};</script>")) is None


def test_external_and_ld_json_scripts_are_not_read() -> None:
    data = json.dumps({"html": ARTICLE_HTML})
    tree = parse_html(
        f"<html><body><script src='/app.js'>{data}</script>"
        f"<script type='application/ld+json'>{data}</script></body></html>"
    )
    assert tree is not None and script_markup(tree) is None


def test_structured_body_entities_are_decoded_once_or_twice() -> None:
    text = " ".join(PARAGRAPHS * 2)
    once = text.replace("'", "&#039;") + " Il&ccedil;e"
    twice = text.replace("'", "&amp;#039;") + " Il&amp;ccedil;e"
    for escaped in (once, twice):
        assert structured_body([{"@type": "NewsArticle", "articleBody": escaped}]) == text + " Ilçe"


def test_entity_escaped_structured_body_does_not_replace_a_good_dom_body() -> None:
    escaped = "\n".join(p.replace("e", "&amp;#101;") for p in PARAGRAPHS)
    ld = json.dumps({"@type": "NewsArticle", "articleBody": escaped})
    shown = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = shell(f"<script type='application/ld+json'>{ld}</script>", f"<article>{shown}</article>")
    assert extract_body(page) == "\n\n".join(PARAGRAPHS)
