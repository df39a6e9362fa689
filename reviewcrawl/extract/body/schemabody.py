"""The article text a page states in its schema.org data (articleBody, reviewBody), used as a witness.

Structured bodies are often truncated, stripped of headings or stale, so they never replace a good DOM body.
They pick between candidate containers when the markup is ambiguous, and stand in for the DOM only when the
page shows almost none of the text they hold (a paywalled page whose markup has just the opening lines).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

WORD_RE = re.compile(r"\w+")
BODY_KEYS = ("reviewBody", "articleBody")
ENTITY_PASSES = 2  # entities escaped once or twice are decoded; a third level is literal text
MIN_CHARS = 400  # shorter structured bodies are summaries, not the article
AGREEMENT_GAIN = 0.05  # a candidate must agree this much better with the structured body to be preferred
MIN_AGREEMENT = 0.6  # below this the structured body is about something else
STAND_IN_COVERAGE = 0.5  # the DOM body holds less than this share of the structured body's words
OPENING_WORDS = 15  # the page text must show the structured body's opening words ...
OPENING_SHARE = 0.8  # ... at least this share of them


def structured_body(jsonld: Iterable[dict[str, Any]]) -> str | None:
    """The longest reviewBody/articleBody string in the page's JSON-LD, if long enough to be the article."""
    found = [value.strip() for obj in jsonld for key in BODY_KEYS if isinstance(value := obj.get(key), str)]
    best = _unescaped(max(found, key=len, default=""))
    return best if len(best) >= MIN_CHARS else None


def _unescaped(text: str) -> str:
    """The text with HTML entities decoded; some systems escape them twice ("&amp;ccedil;" for "ç"), which
    would split words and hide the body's agreement with the DOM."""
    for _ in range(ENTITY_PASSES):
        if "&" not in text:
            break
        text = html.unescape(text)
    return text


def words(text: str) -> Counter[str]:
    return Counter(WORD_RE.findall(text.lower()))


@lru_cache(maxsize=2)
def _reference_words(reference: str) -> Counter[str]:
    """The structured body's words: both checks of a page count them once (callers only read them)."""
    return words(reference)


def shared_words(one: Counter[str], other: Counter[str]) -> int:
    """How many words two bags have in common: ``sum((one & other).values())`` without building the bag."""
    if len(one) > len(other):
        one, other = other, one
    return sum(min(count, other[word]) for word, count in one.items() if word in other)


def agreement(candidate: Counter[str], reference: Counter[str]) -> float:
    """Bag-of-words F1 between two texts."""
    overlap = shared_words(candidate, reference)
    if not overlap:
        return 0.0
    precision = overlap / sum(candidate.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def best_agreeing(texts: list[str], reference: str) -> int:
    """Index of the candidate text that agrees best with the structured body; 0 (the default) unless
    another agrees clearly better and well enough to trust the structured body at all."""
    target = _reference_words(reference)
    counted = {text: words(text) for text in set(texts)}  # candidates often share a container
    scores = [agreement(counted[text], target) for text in texts]
    best = max(range(len(scores)), key=scores.__getitem__)
    if scores[best] >= MIN_AGREEMENT and scores[best] >= scores[0] + AGREEMENT_GAIN:
        return best
    return 0


def stands_in(dom_text: str, reference: str, page_text: Callable[[], str]) -> bool:
    """Whether the structured body should replace a DOM body that holds little of it; the page must show
    its opening, so it is this page's article and not a stale or foreign one. ``page_text`` gives all the
    page's text, asked for only then (it can run to megabytes of inline script)."""
    target = _reference_words(reference)
    covered = shared_words(words(dom_text), target) / max(sum(target.values()), 1)
    if covered >= STAND_IN_COVERAGE:
        return False
    opening = WORD_RE.findall(reference.lower())[:OPENING_WORDS]
    shown = words(page_text())
    return bool(opening) and sum(word in shown for word in opening) >= OPENING_SHARE * len(opening)


def as_paragraphs(reference: str) -> list[str]:
    """The structured body in record paragraphs: its own line breaks separate them."""
    return [" ".join(line.split()) for line in reference.splitlines() if line.strip()]
