"""The body's paragraphs taken from the page type's layout are the ones a layout of their own gives."""

from __future__ import annotations

import pytest

from reviewcrawl.extract.body.blocks import paragraphs
from reviewcrawl.extract.body.cleaner import BodyCleaner
from reviewcrawl.extract.body.locate import locate_body
from reviewcrawl.extract.body.pagetype import measure_layout
from reviewcrawl.extract.body.strip import _from_plain_layout
from reviewcrawl.extract.page.page import load_page

PROSE = "The film takes its time, and the cast carries every long scene with ease and a quiet wit. " * 3
LINKS = "<ul>" + "".join(f"<li><a href='/f/{n}'>Another film review {n}</a></li>" for n in range(8)) + "</ul>"

PAGES = {
    # an h1 and a link list inside the body, each begun on a blank line: their paragraphs just drop out
    "clean blocks": f"<article><h1>Title</h1><p>{PROSE}</p>\n  {LINKS}<p>{PROSE}</p></article>",
    # an h1 after inline text: leaving it out joins the text around it, so the page type's layout is not used
    "h1 inside a line": f"<article><p>{PROSE}</p>Intro words <h1>Title</h1> and more<p>{PROSE}</p></article>",
    # a line a wording rule reads: the cleaner decides on it
    "wording line": f"<article><p>{PROSE}</p><p>Read more: <a href='/x'>Another</a></p>{LINKS}</article>",
    "advert": f"<article><p>{PROSE}</p><p>Advertisement</p><p>{PROSE}</p></article>",
    "br pending": f"<article><p>{PROSE}</p>text<br><h1>T</h1><br>after<p>{PROSE}</p></article>",
    "code": f"<article><p>{PROSE}</p><pre>Read more:\n<h2>x</h2> y</pre><p>{PROSE}</p></article>",
}


def shared_and_own(html: str) -> tuple[list[str] | None, list[str]]:
    """The body's paragraphs from the page type's layout (None when not taken from it), and from a layout
    of their own with the cleaner, each container prepared as the stripping prepares it."""
    page = load_page(f"<html><body>{html}</body></html>", "https://example.org/review/a")
    assert page is not None
    measure_layout(page)
    located = locate_body(page)
    assert located is not None and located.body is not None
    excluded = set(located.excluded)
    shared: list[str] | None = []
    own: list[str] = []
    for container in located.body.elements:
        excluded.update(heading for heading in container.iter("h1") if heading is not container)
        cleaner = BodyCleaner(container, located.analysis, excluded, None)
        cleaner.strip_link_blocks()
        found = _from_plain_layout(located, container, excluded)
        shared = None if found is None or shared is None else shared + found
        own += paragraphs(container, excluded, cleaner)
    return shared, own


@pytest.mark.parametrize("name", sorted(PAGES))
def test_paragraphs_taken_from_the_page_type_layout_are_the_body_own(name: str) -> None:
    shared, own = shared_and_own(PAGES[name])
    assert own
    assert shared is None or shared == own


def test_clean_blocks_are_shared_and_a_joined_line_is_not() -> None:
    assert shared_and_own(PAGES["clean blocks"])[0] is not None
    assert shared_and_own(PAGES["h1 inside a line"])[0] is None
    assert shared_and_own(PAGES["advert"])[0] is None  # a wording rule reads "Advertisement"
