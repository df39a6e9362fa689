"""words_pattern: a trie-shaped pattern finds what the longest-first alternation of the words finds."""

from __future__ import annotations

import random
import re

import pytest

from reviewcrawl.extract.body.markup import CONTAINER_WORDS, PAGE_INDEX
from reviewcrawl.extract.page.wordtrie import words_pattern


def alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


def found(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in pattern.finditer(text)] if pattern else []


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["a", "ab", "abc"], "abcab a", [(0, "abc"), (3, "ab"), (6, "a")]),
        (["ab", "b"], "abb", [(0, "ab"), (2, "b")]),
        (
            ["post-body", "post", "body"],
            "main post-bodyx postbody",
            [(5, "post-body"), (16, "post"), (20, "body")],
        ),
        (["a.b", "a"], "axb a.b", [(0, "a"), (4, "a.b")]),  # metacharacters are literal
    ],
)
def test_longest_word_wins_where_several_start(
    words: list[str], text: str, expected: list[tuple[int, str]]
) -> None:
    assert found(words_pattern(words), text) == expected


def test_no_words_no_pattern() -> None:
    assert words_pattern([]) is None


def test_same_matches_as_the_alternation_on_the_rule_words() -> None:
    words = [*PAGE_INDEX.class_words, *CONTAINER_WORDS]
    trie, plain = words_pattern(words), alternation(words)
    rng = random.Random(13)
    for _ in range(3000):
        parts = [rng.choice(words)[: rng.randint(1, 12)] for _ in range(rng.randint(1, 4))]
        text = rng.choice(["", "x-", "main "]).join(parts) + rng.choice(["", "-box", "s"])
        assert found(trie, text) == found(plain, text), text
