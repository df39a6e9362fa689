"""Short-line wording with its scans guarded: the same group as the whole alternation, always."""

from __future__ import annotations

import pytest

from reviewcrawl.extract.body.blocks import paragraphs
from reviewcrawl.extract.body.wording import ANY_PATTERN, GUARDED, LINE_PATTERNS, match_pattern, scan_needs
from reviewcrawl.extract.page.page import load_page

LINES = (
    "Photo: Jo Doe",
    "Image credits: Jane Roe",
    "The crew on the ship, 11 May (AFP / JO DOE)",
    "A still from the film (dpa/Jo Doe).",
    "Posted on: 12 March 2024",
    "ſome crediT: Jo",  # a long s: the regex's case folding reads it as an s
    "KELVIN credit: x",
    "3 comments",
    "A long sentence of the review with a colon: and then more words about the film",
    "Read more: the best films of the year",
    "(AFP)",
    "",
)


def test_scan_needs_reads_the_punctuation_a_scan_cannot_do_without() -> None:
    assert scan_needs(r".{0,200}?\bphotos?:\s*\w+") == frozenset(":")
    assert scan_needs(r".{0,240}\(\s*\w+\s?/\s?\w+\)") == frozenset("(/)")
    assert scan_needs(r"photo: .{0,40}") == frozenset()  # no scan first: nothing to spare
    assert scan_needs(r".{0,40}(?:a:|b)") == frozenset()  # inside a group the colon is not required
    assert scan_needs("(") == frozenset()  # unreadable


def test_every_combination_is_compiled_and_the_full_one_is_the_whole_alternation() -> None:
    assert GUARDED  # the caption scans are guarded
    assert len(LINE_PATTERNS) == 2 ** len(GUARDED)
    assert LINE_PATTERNS[(True,) * len(GUARDED)].pattern == ANY_PATTERN.pattern


@pytest.mark.parametrize("line", LINES)
def test_guarded_match_names_the_group_the_whole_alternation_names(line: str) -> None:
    whole, guarded = ANY_PATTERN.fullmatch(line), match_pattern(line)
    assert (whole is None) == (guarded is None)
    if whole is not None and guarded is not None:
        assert whole.lastgroup == guarded.lastgroup


def test_layout_breaks_on_two_line_breaks_and_keeps_code_lines() -> None:
    page = load_page(
        "<html><body><div><p>One <a href='/a'>link</a> line</p>first<br><br>second<br>third"
        "<pre>keep   this</pre><table><tr><td>a</td><td>b</td></tr></table></div></body></html>"
    )
    assert page is not None and page.tree is not None
    root = page.tree.find(".//div")
    assert paragraphs(root) == ["One link line", "first", "second third", "keep this", "a b"]
    assert paragraphs(root, {root.find("p")}) == ["first", "second third", "keep this", "a b"]
