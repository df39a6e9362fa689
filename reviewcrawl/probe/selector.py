"""A content selector, proposed only when clearly better than the generic extractor on the sampled reviews.

On each review the element holding most of the page's paragraph text is named (tag and class, or id). If every
review names the same one and the generic extractor's body misses a good part of its words on some review,
that selector is worth a registry line; otherwise the generic extractor is used and no selector is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

PARAGRAPH_SHARE = 0.8  # the element must hold this much of the page's paragraph text
GOOD_COVERAGE = 0.9  # the generic body takes at least this share of the element's words: nothing to gain
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class SelectorFinding:
    selector: str | None  # None: the generic extractor is used
    candidate: str | None  # the element the reviews share, if any
    generic_coverage: float | None  # the least share of its words the generic body took on a review


def css_name(element: Tag) -> str | None:
    classes: list[str] = element.get_attribute_list("class") or []
    if classes and classes[0]:
        return f"{element.name}.{classes[0]}"
    return f"{element.name}#{element['id']}" if element.get("id") else None


def text_element(soup: BeautifulSoup) -> Tag | None:
    """The deepest named element holding most of the page's paragraph text."""
    paragraphs = soup.find_all("p")
    total = sum(len(p.get_text(strip=True)) for p in paragraphs)
    if not total:
        return None
    best = None
    for element in soup.find_all(lambda tag: css_name(tag) is not None):
        held = sum(len(p.get_text(strip=True)) for p in element.find_all("p"))
        if held >= PARAGRAPH_SHARE * total:
            best = element  # find_all walks in document order: later hits lie deeper
    return best


def coverage(element: Tag, body: str) -> float:
    wanted = TOKEN.findall(" ".join(p.get_text(" ") for p in element.find_all("p")).lower())
    have = set(TOKEN.findall(body.lower()))
    return sum(1 for word in wanted if word in have) / len(wanted) if wanted else 1.0


def choose_selector(reviews: list[tuple[BeautifulSoup, str]]) -> SelectorFinding:
    """``reviews``: each sampled review's page and the generic extractor's body text."""
    elements = [text_element(soup) for soup, _ in reviews]
    names = {css_name(e) if e is not None else None for e in elements}
    if not reviews or len(names) != 1 or None in names:
        return SelectorFinding(None, None, None)
    name = names.pop()
    least = min(coverage(e, body) for e, (_, body) in zip(elements, reviews, strict=True) if e is not None)
    return SelectorFinding(name if least < GOOD_COVERAGE else None, name, least)
