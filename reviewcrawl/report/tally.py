"""The counts a report is made of, taken in one pass over the records.

Every tally is bounded by what the corpus is about (its sources, films, languages, months, runs, evidence
kinds), never by how many records it holds: histograms have fixed bins and per-film ratings keep a count, a
sum and ten bins, so a corpus of millions of reviews of the same films needs the same memory as a small one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

RATING_BINS = 10  # normalised ratings 0-1 in tenths
# Body lengths in words: the lower edge of each bin (the last is open-ended).
WORD_EDGES: tuple[int, ...] = (0, 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000)
COVERAGE_FIELDS: tuple[str, ...] = ("author", "published", "film_year", "rating")
UNKNOWN = "unknown"
MONTH = re.compile(r"^\d{4}-\d{2}")


def rating_bin(share: float) -> int:
    return min(int(share * RATING_BINS), RATING_BINS - 1)


def word_bin(words: int) -> int:
    return max(bisect_right(WORD_EDGES, words) - 1, 0)


def normalised_rating(record: dict[str, Any]) -> float | None:
    """rating / rating_scale within 0-1, or None when the record gives no rating on a scale."""
    rating, scale = record["rating"], record["rating_scale"]
    if rating is None or not scale or scale <= 0:
        return None
    return float(min(max(rating / scale, 0.0), 1.0))


@dataclass
class RatingStats:
    count: int = 0
    total: float = 0.0
    bins: list[int] = field(default_factory=lambda: [0] * RATING_BINS)

    def add(self, share: float) -> None:
        self.count += 1
        self.total += share
        self.bins[rating_bin(share)] += 1

    def mean(self) -> float | None:
        return round(self.total / self.count, 4) if self.count else None


@dataclass
class FilmStats:
    reviews: int = 0
    ratings: RatingStats = field(default_factory=RatingStats)


@dataclass
class DateRange:
    first: str | None = None
    last: str | None = None

    def add(self, when: str) -> None:
        # ISO 8601 UTC texts of one shape sort as their times do
        self.first = when if self.first is None or when < self.first else self.first
        self.last = when if self.last is None or when > self.last else self.last


@dataclass
class CorpusTally:
    records: int = 0
    per_source: Counter[str] = field(default_factory=Counter)
    source_domains: dict[str, Counter[str]] = field(default_factory=dict)
    fetched: dict[str, DateRange] = field(default_factory=dict)
    coverage: dict[str, Counter[str]] = field(default_factory=dict)
    films: dict[tuple[str, int | None], FilmStats] = field(default_factory=dict)
    untagged: int = 0
    per_language: Counter[str] = field(default_factory=Counter)
    per_month: Counter[str] = field(default_factory=Counter)
    per_run: Counter[str] = field(default_factory=Counter)
    run_fetched: dict[str, DateRange] = field(default_factory=dict)
    ratings: RatingStats = field(default_factory=RatingStats)
    rating_without_scale: int = 0
    word_bins: list[int] = field(default_factory=lambda: [0] * len(WORD_EDGES))
    words: int = 0
    revisions: Counter[int] = field(default_factory=Counter)
    with_also_at: int = 0
    also_at_urls: int = 0
    mentioned_films: int = 0
    evidence: Counter[str] = field(default_factory=Counter)

    def add(self, record: dict[str, Any], run: str) -> None:
        """Count one record (checked by recordcheck) of the export ``run``."""
        self.records += 1
        self.add_source(record)
        self.add_film(record)
        self.per_language[record["language"] or UNKNOWN] += 1
        published = record["published"]
        self.per_month[published[:7] if published and MONTH.match(published) else UNKNOWN] += 1
        self.per_run[run] += 1
        self.run_fetched.setdefault(run, DateRange()).add(record["fetched_at"])
        self.word_bins[word_bin(record["word_count"])] += 1
        self.words += record["word_count"]
        self.revisions[record["revision"]] += 1
        self.with_also_at += bool(record["also_at"])
        self.also_at_urls += len(record["also_at"])
        self.mentioned_films += len(record["mentioned_films"])

    def add_source(self, record: dict[str, Any]) -> None:
        source = record["source"]
        self.per_source[source] += 1
        self.source_domains.setdefault(source, Counter())[record["source_domain"]] += 1
        self.fetched.setdefault(source, DateRange()).add(record["fetched_at"])
        present = self.coverage.setdefault(source, Counter())
        present.update(name for name in COVERAGE_FIELDS if record[name] is not None)

    def add_film(self, record: dict[str, Any]) -> None:
        share = normalised_rating(record)
        if share is not None:
            self.ratings.add(share)
        elif record["rating"] is not None:
            self.rating_without_scale += 1
        self.evidence[record["film_evidence"] or "untagged"] += 1
        if record["film_title"] is None:
            self.untagged += 1
            return
        film = self.films.setdefault((record["film_title"], record["film_year"]), FilmStats())
        film.reviews += 1
        if share is not None:
            film.ratings.add(share)
