"""A set of literal words as one regular expression shaped like a trie.

``a|b|c`` over a hundred words makes the regex engine try every word at every position of the text; the
trie form tries one branch per character, so a search costs little more than a scan. At each position it
matches the longest word that starts there, exactly as the alternation of the words sorted longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # key that marks a node where a word ends (a real key is always one character)

Trie = dict[str, "Trie"]


def _trie(words: Iterable[str]) -> Trie:
    root: Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _render(node: Trie) -> str:
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    if len(branches) > 1:
        inner = "(?:" + "|".join(branches) + ")"
    elif _END in node and len(branches[0]) > 1:
        inner = f"(?:{branches[0]})"
    else:
        inner = branches[0]
    # where a word may end, the rest is optional and greedy: the continuation is tried first, so the
    # longest word wins
    return inner + "?" if _END in node else inner


def words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``words``, the longest where several start together; None for no words."""
    unique = set(words)
    return re.compile(_render(_trie(unique))) if unique else None
