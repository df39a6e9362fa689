"""A small corpus of exported records written by a test, with figures known in advance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HOSTILE_SOURCE = 'Evil <img src=x onerror="alert(1)"> | *Site*'


def record(number: int, **fields: Any) -> dict[str, Any]:
    """A record of the current schema; ``fields`` override its values."""
    base: dict[str, Any] = {
        "url": f"https://a.example/review/{number}",
        "canonical_url": f"https://a.example/review/{number}",
        "source": "Alpha",
        "source_domain": "a.example",
        "headline": f"Review {number}",
        "author": "Ann",
        "published": "2024-03-05",
        "language": "en",
        "film_title": "Heat",
        "film_year": 1995,
        "film_evidence": "catalogue:title+year",
        "mentioned_films": [],
        "rating": None,
        "rating_scale": None,
        "body": "word " * 150,
        "word_count": 150,
        "content_hash": "a" * 64,
        "fetched_at": "2026-01-02T03:04:05Z",
        "revision": 1,
        "also_at": [],
    }
    return {**base, **fields}


def corpus_records() -> list[dict[str, Any]]:
    """Six records: Alpha 3 (Heat 2, Alien 1), Beta 2, the hostile source 1."""
    return [
        record(1, rating=4, rating_scale=5),  # Heat, 0.8
        record(2, rating=2, rating_scale=4, published="2024-04-01T10:00:00Z", word_count=50),  # Heat, 0.5
        record(3, film_title="Alien", film_year=1979, author=None, word_count=1200, revision=2),
        record(
            4,
            source="Beta",
            source_domain="b.example",
            language="fr",
            published=None,
            film_title=None,
            film_year=None,
            film_evidence=None,
            also_at=["https://c.example/x", "https://d.example/y"],
            fetched_at="2026-01-01T00:00:00Z",
        ),
        record(5, source="Beta", source_domain="b.example", rating=10, rating_scale=10, word_count=6000),
        record(
            6,
            source=HOSTILE_SOURCE,
            source_domain="e.example",
            film_title="<script>alert(2)</script>",
            film_year=None,
            film_evidence="headline",
            mentioned_films=[{"title": "Alien", "year": 1979}],
            fetched_at="2026-01-03T00:00:00Z",
        ),
    ]


def write_export(path: Path, records: list[dict[str, Any]], tail: str = "") -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(text + tail, "utf-8")
    return path


def write_summary(export: Path, **figures: Any) -> Path:
    document = {
        "new": 5,
        "changed": 1,
        "unchanged": 7,
        "duplicates": 2,
        "dropped": {"unchanged": 7, "duplicate": 2, "no_body": 3, "not_a_review": 4},
        "pages_fetched": 30,
        "errors": 1,
        "finish_reason": "finished",
        **figures,
    }
    path = export.with_name(export.name + ".summary.json")
    path.write_text(json.dumps(document), "utf-8")
    return path
