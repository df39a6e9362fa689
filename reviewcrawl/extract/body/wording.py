"""The rule groups' wording, compiled: short label lines and whole-line patterns that mark a line as cruft.

Used on short lines inside the located body (strip.py) and on flat captured text (textclean.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reviewcrawl.extract.body.rules import WORDING_GROUPS, RuleGroup
from reviewcrawl.extract.page.textutil import label_key
from reviewcrawl.extract.page.wordtrie import words_pattern

MAX_LINE_CHARS = 200  # wording rules look only at lines this short


@dataclass(frozen=True)
class CompiledWording:
    group: RuleGroup
    pattern: re.Pattern[str] | None
    keyword: re.Pattern[str] | None
    labels: frozenset[str]

    @property
    def name(self) -> str:
        return self.group.name


WORDING = tuple(
    CompiledWording(
        group,
        group.compile_patterns(),
        group.compile_keywords(),
        frozenset(label_key(label) for label in group.labels),
    )
    for group in WORDING_GROUPS
)
LABELS = {label: wording for wording in reversed(WORDING) for label in wording.labels}  # first group wins
# All groups' line patterns (and keywords) as one alternation; the named group that matched tells the rule
# group. Keywords are searched, not wrapped in ".{0,n}", which would backtrack at every position.
ANY_PATTERN = re.compile(
    "|".join(f"(?P<w{i}>{w.pattern.pattern})" for i, w in enumerate(WORDING) if w.pattern is not None)
)
ANY_KEYWORD = re.compile(
    "|".join(f"(?P<w{i}>{w.keyword.pattern})" for i, w in enumerate(WORDING) if w.keyword is not None)
)


def leading_literals(pattern: str) -> list[str]:
    """The literal text each top-level alternative of a keyword pattern starts with."""
    literals, current, depth, literal, open_run = [], [], 0, True, True
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            if open_run and literal and not pattern[i + 1].isalnum():
                current.append(pattern[i + 1])
            else:
                open_run = False
            i += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "|" and depth == 0:
            literals.append("".join(current))
            current, open_run = [], True
        elif open_run and char in "?*{" and current:
            current.pop()  # the quantifier makes the last character optional
            open_run = False
        elif open_run and (char in "()[].+^$" or depth):
            open_run = False
        elif open_run:
            current.append(char)
        i += 1
    literals.append("".join(current))
    return literals


# A line is searched for keywords only when it holds one of their opening literals: one fast scan for a plain
# alternation of literals instead of trying every pattern at every position.
TRIGGER_TEXTS = {text for w in WORDING for keyword in w.group.keywords for text in leading_literals(keyword)}
if "" in TRIGGER_TEXTS:
    raise ValueError("every keyword alternative must start with literal text")
KEYWORD_TRIGGER = words_pattern(TRIGGER_TEXTS)
LINK_LINE_MIN_SHARE = 0.3  # "Read more: <link>", "Tags: <links>": the rest of the line must really be links


def match_line(line: str, link_share: Callable[[], float] = lambda: 1.0) -> CompiledWording | None:
    """The wording group a short line belongs to, if any. ``link_share`` tells, when asked, how much of the
    line is link text (by default all of it, as for flat text where links cannot be told apart)."""
    key = label_key(line)
    if not key:
        return None
    labelled = LABELS.get(key)
    if labelled is not None:
        return labelled
    bare = line.strip(" |")
    found = ANY_PATTERN.fullmatch(bare)
    if found is None:
        lowered = bare.lower()
        triggered = KEYWORD_TRIGGER is not None and KEYWORD_TRIGGER.search(lowered)
        found = ANY_KEYWORD.search(lowered) if triggered else None
    if found is None or found.lastgroup is None:
        return None
    wording = WORDING[int(found.lastgroup[1:])]
    if not wording.group.takes_following or link_share() >= LINK_LINE_MIN_SHARE:
        return wording
    # the first pattern to match wants links; another group may still claim the line
    for other in WORDING:
        if other.pattern is not None and not other.group.takes_following and other.pattern.fullmatch(bare):
            return other
    return None
