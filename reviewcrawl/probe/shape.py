"""The review URL shape: a path template learned from the sampled reviews, checked against the non-reviews.

A path is cut into segments. A word segment every sampled review shares (``reviews``, ``story``) stays
literal; numbers become digit classes (a year is never literal: next year's reviews must match too); any other
segment becomes ``[^/]+``. Reviews of different segment counts give one template each.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

WORD = re.compile(r"[a-z][a-z_-]{1,24}")  # a section name, not a slug (slugs are long or end in digits)
DIGITS = re.compile(r"\d+")
YEAR = re.compile(r"(?:19|20)\d{2}")
MONTH = re.compile(r"0[1-9]|1[0-2]")


@dataclass(frozen=True)
class UrlShape:
    pattern: str  # a regex on path(+query), as the registry's review_links
    examples: tuple[str, ...]
    covered_reviews: int
    sampled_reviews: int
    mixed_with: tuple[str, ...]  # sampled non-review addresses the shape also matches
    other_articles: int = 0  # non-review articles sampled: with none, separation is not shown

    @property
    def separates(self) -> bool:
        """Shown to leave out the sampled non-review articles (and every other page sampled)."""
        return not self.mixed_with and self.other_articles > 0

    @property
    def untested(self) -> bool:
        return not self.mixed_with and self.other_articles == 0

    def matches(self, url: str) -> bool:
        parts = urlsplit(url)
        return bool(re.search(self.pattern, parts.path + (f"?{parts.query}" if parts.query else "")))


def segments(url: str) -> tuple[list[str], bool]:
    path = urlsplit(url).path or "/"
    return [s for s in path.split("/") if s], path.endswith("/") and path != "/"


def segment_class(values: set[str], after_year: bool = False) -> str:
    if len(values) == 1 and WORD.fullmatch(next(iter(values))):
        return re.escape(next(iter(values)))
    if all(YEAR.fullmatch(v) for v in values):
        return r"\d{4}"
    if after_year and all(MONTH.fullmatch(v) for v in values):
        return r"\d{2}"
    if all(DIGITS.fullmatch(v) for v in values):
        return r"\d+"  # node and article numbers: any width, next month's too
    return "[^/]+"


def template(urls: list[str]) -> str:
    split = [segments(url) for url in urls]
    count, slash = len(split[0][0]), split[0][1]
    columns = [{parts[i] for parts, _ in split} for i in range(count)]
    classes: list[str] = []
    for column in columns:
        classes.append(segment_class(column, after_year=bool(classes) and classes[-1] == r"\d{4}"))
    return "/" + "/".join(classes) + ("/" if slash else "")


def learn_shape(reviews: list[str], others: list[str], other_articles: list[str]) -> UrlShape | None:
    if not reviews:
        return None
    groups: dict[tuple[int, bool], list[str]] = defaultdict(list)
    for url in reviews:
        parts, slash = segments(url)
        groups[(len(parts), slash)].append(url)
    templates = sorted({template(group) for group in groups.values()})
    body = templates[0] if len(templates) == 1 else "(?:" + "|".join(templates) + ")"
    pattern = f"^{body}$"
    shape = UrlShape(pattern, tuple(reviews[:3]), 0, len(reviews), ())
    mixed = tuple(url for url in others if shape.matches(url))
    covered = sum(1 for url in reviews if shape.matches(url))
    return UrlShape(pattern, tuple(reviews[:3]), covered, len(reviews), mixed, len(other_articles))
