"""The rule groups' wording, compiled: short label lines and whole-line patterns that mark a line as cruft.

Used on short lines inside the located body (strip.py) and on flat captured text (textclean.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reviewcrawl.extract.rules import WORDING_GROUPS, RuleGroup
from reviewcrawl.extract.textutil import label_key

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
    CompiledWording(group, group.compile_patterns(), group.compile_keywords(),
                    frozenset(label_key(label) for label in group.labels))
    for group in WORDING_GROUPS
)
LABELS = {label: wording for wording in reversed(WORDING) for label in wording.labels}  # first group wins
# All groups' line patterns (and keywords) as one alternation; the named group that matched tells the rule
# group. Keywords are searched, not wrapped in ".{0,n}", which would backtrack at every position.
ANY_PATTERN = re.compile("|".join(
    f"(?P<w{i}>{w.pattern.pattern})" for i, w in enumerate(WORDING) if w.pattern is not None
))
ANY_KEYWORD = re.compile("|".join(
    f"(?P<w{i}>{w.keyword.pattern})" for i, w in enumerate(WORDING) if w.keyword is not None
))
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
    found = ANY_PATTERN.fullmatch(bare) or ANY_KEYWORD.search(bare.lower())
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
