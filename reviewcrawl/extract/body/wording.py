"""The rule groups' wording, compiled: short label lines and whole-line patterns that mark a line as cruft.

Used on short lines inside the located body (strip.py) and on flat captured text (textclean.py).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from re import _parser  # type: ignore[attr-defined]

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
_SCAN_OPS = {"MIN_REPEAT", "MAX_REPEAT"}
_CASELESS = frozenset(string.punctuation)  # no case folding maps these to anything else


def scan_needs(pattern: str) -> frozenset[str]:
    """For a whole-line pattern that opens with a scan over any characters (".{0,200}?… credit:"), the
    punctuation it must match outside any group or repeat: a line lacking one cannot match. Empty for other
    patterns, and for what the parser cannot read."""
    try:
        items = list(_parser.parse(pattern))
        opens_with_scan = str(items[0][0]) in _SCAN_OPS and str(items[0][1][2][0][0]) == "ANY"
    except Exception:  # the parser is the standard library's own, not a public interface
        return frozenset()
    if not opens_with_scan:
        return frozenset()
    needs = (chr(value) for op, value in items[1:] if str(op) == "LITERAL")
    return frozenset(char for char in needs if char in _CASELESS)


@dataclass(frozen=True)
class _Alternative:
    wording: int  # index into WORDING
    text: str  # the pattern, with its case flag
    needs: frozenset[str]  # characters a line must hold for it to match


def _alternatives() -> list[_Alternative]:
    found = []
    for index, wording in enumerate(WORDING):
        group = wording.group
        for pattern, flagged in [(p, f"(?i:{p})") for p in group.patterns] + [
            (p, f"(?:{p})") for p in group.cased_patterns
        ]:
            found.append(_Alternative(index, flagged, scan_needs(pattern)))
    return found


ALTERNATIVES = _alternatives()
GUARDED = tuple(sorted({a.needs for a in ALTERNATIVES if a.needs}, key=sorted))


def _line_pattern(present: tuple[bool, ...]) -> re.Pattern[str]:
    """``ANY_PATTERN`` without the scanning alternatives whose characters the line lacks (``present`` tells,
    per set of ``GUARDED``): what they spare is a scan of every start in the line, and as the alternatives
    left keep their order, the first to match is the one ``ANY_PATTERN`` would have found."""
    allowed = {needs for needs, there in zip(GUARDED, present, strict=True) if there}
    kept = [a for a in ALTERNATIVES if not a.needs or a.needs in allowed]
    groups = [
        (index, "|".join(a.text for a in kept if a.wording == index))
        for index in dict.fromkeys(a.wording for a in kept)
    ]
    return re.compile("|".join(f"(?P<w{index}>{text})" for index, text in groups))


# one alternation per combination of the sets a line may hold (a few), compiled once
LINE_PATTERNS = {present: _line_pattern(present) for present in product((False, True), repeat=len(GUARDED))}


def match_pattern(bare: str) -> re.Match[str] | None:
    """``ANY_PATTERN.fullmatch(bare)``, sparing the scans that cannot match."""
    return LINE_PATTERNS[tuple(all(map(bare.__contains__, needs)) for needs in GUARDED)].fullmatch(bare)


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
    found = match_pattern(bare)
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
