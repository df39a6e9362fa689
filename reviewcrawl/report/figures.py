"""The report's figures as plain data: what the page draws and what ``--json`` writes."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

from reviewcrawl.report.corpus import Corpus
from reviewcrawl.report.tally import (
    COVERAGE_FIELDS,
    RATING_BINS,
    UNKNOWN,
    WORD_EDGES,
    CorpusTally,
    FilmStats,
)


def most_first(counts: Counter[str]) -> list[dict[str, Any]]:
    return [
        {"name": name, "reviews": n} for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def in_order(counts: Counter[str]) -> list[dict[str, Any]]:
    """By name, the unknown last (months read as a time line)."""
    names = sorted(name for name in counts if name != UNKNOWN) + [UNKNOWN] * (UNKNOWN in counts)
    return [{"name": name, "reviews": counts[name]} for name in names]


MONTHS_DRAWN_AT_MOST = 240  # a longer span (a stray date decades off) is drawn as its months with reviews


def month_line(months: list[dict[str, Any]]) -> tuple[list[str], list[int]]:
    """The months of publication as a time line for the chart: the months with no review between the first
    and the last drawn too (as 0), so gaps show; the unknown month stays last."""
    counts = {m["name"]: m["reviews"] for m in months}
    known = [name for name in counts if name != UNKNOWN]
    if known:
        first, last = _month_number(min(known)), _month_number(max(known))
        names = [
            f"{n // 12:04d}-{n % 12 + 1:02d}"
            for n in range(first, min(last + 1, first + MONTHS_DRAWN_AT_MOST))
        ]
        # A month the line cannot hold (too long a span, "2023-13" from a hostile date): drawn as tabled.
        if set(known) <= set(names):
            names += [UNKNOWN] * (UNKNOWN in counts)
            return names, [counts.get(name, 0) for name in names]
    return list(counts), list(counts.values())


def _month_number(name: str) -> int:
    year, month = name.split("-")
    return int(year) * 12 + int(month) - 1


def rating_bin_labels() -> list[str]:
    return [f"{i / RATING_BINS:.1f}-{(i + 1) / RATING_BINS:.1f}" for i in range(RATING_BINS)]


def word_bin_labels() -> list[str]:
    ends = [f"{edge}-{nxt - 1}" for edge, nxt in pairwise(WORD_EDGES)]
    return [*ends, f"{WORD_EDGES[-1]}+"]


def film_row(key: tuple[str, int | None], film: FilmStats) -> dict[str, Any]:
    return {
        "title": key[0],
        "year": key[1],
        "reviews": film.reviews,
        "ratings": film.ratings.count,
        "mean_rating": film.ratings.mean(),
        "rating_bins": film.ratings.bins,
    }


def films(tally: CorpusTally) -> list[dict[str, Any]]:
    ordered = sorted(tally.films.items(), key=lambda kv: (-kv[1].reviews, kv[0][0], kv[0][1] or 0))
    return [film_row(key, film) for key, film in ordered]


def sources(tally: CorpusTally) -> list[dict[str, Any]]:
    rows = []
    for row in most_first(tally.per_source):
        name, reviews = row["name"], row["reviews"]
        present = tally.coverage[name]
        fetched = tally.fetched[name]
        rows.append(
            {
                "source": name,
                "domains": sorted(tally.source_domains[name]),
                "reviews": reviews,
                "first_fetched": fetched.first,
                "last_fetched": fetched.last,
                "coverage": {f: round(present[f] / reviews, 4) for f in COVERAGE_FIELDS},
                "with_field": {f: present[f] for f in COVERAGE_FIELDS},
            }
        )
    return rows


def runs(corpus: Corpus) -> list[dict[str, Any]]:
    tally = corpus.tally
    return [
        {
            "export": name,
            "reviews": tally.per_run[name],
            "first_fetched": tally.run_fetched[name].first,
            "last_fetched": tally.run_fetched[name].last,
        }
        for name in sorted(tally.per_run, key=lambda n: (tally.run_fetched[n].first or "", n))
    ]


def evidence(tally: CorpusTally) -> list[dict[str, Any]]:
    return [
        {
            "evidence": row["name"],
            "reviews": row["reviews"],
            "share": round(row["reviews"] / tally.records, 4),
        }
        for row in most_first(tally.evidence)
    ]


def report_figures(corpus: Corpus) -> dict[str, Any]:
    tally = corpus.tally
    return {
        "records": tally.records,
        "exports": [str(path) for path in corpus.exports],
        "sources": sources(tally),
        "films": films(tally),
        "untagged": tally.untagged,
        "languages": most_first(tally.per_language),
        "months": in_order(tally.per_month),
        "runs": runs(corpus),
        "ratings": {
            "rated": tally.ratings.count,
            "mean": tally.ratings.mean(),
            "bins": tally.ratings.bins,
            "bin_labels": rating_bin_labels(),
            "rating_without_scale": tally.rating_without_scale,
        },
        "word_count": {
            "bins": tally.word_bins,
            "bin_labels": word_bin_labels(),
            "mean": round(tally.words / tally.records, 1) if tally.records else None,
        },
        "duplicates": {
            "records_with_also_at": tally.with_also_at,
            "also_at_urls": tally.also_at_urls,
            "dropped_as_duplicate_in_runs": sum(run.duplicates for run in corpus.runs),
        },
        "revisions": {
            "changed_records": sum(n for rev, n in tally.revisions.items() if rev > 1),
            "by_revision": {str(rev): n for rev, n in sorted(tally.revisions.items())},
        },
        "mentioned_films": tally.mentioned_films,
        "film_evidence": evidence(tally),
        "timeline": [run.figures() for run in corpus.runs],
        "problems": corpus.problems.figures(),
    }
