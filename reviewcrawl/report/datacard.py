"""The data card: a README-style Markdown description of the corpus, written beside the report."""

from __future__ import annotations

import re
from typing import Any

from reviewcrawl.items import record_json_schema

# Markdown would read these (and raw HTML) in hostile web text; each is escaped to show as itself.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&])")


def md(value: object) -> str:
    """One table cell or line of text: specials escaped, line breaks made spaces."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def md_table(headings: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def crawl_dates(sources: list[dict[str, Any]]) -> str:
    firsts = [s["first_fetched"] for s in sources if s["first_fetched"]]
    lasts = [s["last_fetched"] for s in sources if s["last_fetched"]]
    return f"{md(min(firsts))} to {md(max(lasts))}" if firsts else "none"


def sources_part(figures: dict[str, Any]) -> list[str]:
    rows = [
        [
            md(s["source"]),
            md(", ".join(s["domains"])),
            str(s["reviews"]),
            md(s["first_fetched"]),
            md(s["last_fetched"]),
        ]
        for s in figures["sources"]
    ]
    return [
        "## Sources",
        "",
        *md_table(["source", "domains", "reviews", "first fetched", "last fetched"], rows),
    ]


def counts_part(figures: dict[str, Any]) -> list[str]:
    languages = ", ".join(f"{md(row['name'])} {row['reviews']}" for row in figures["languages"])
    ratings = figures["ratings"]
    return [
        "## Counts",
        "",
        f"- reviews: {figures['records']}",
        f"- sources: {len(figures['sources'])}",
        f"- films: {len(figures['films'])}; reviews without a film tag: {figures['untagged']}",
        f"- languages: {languages or 'none'}",
        f"- rated reviews: {ratings['rated']} (mean rating, normalised 0-1: {ratings['mean']})",
        f"- changed reviews (revision > 1): {figures['revisions']['changed_records']}",
        f"- records listing copies elsewhere (also_at): {figures['duplicates']['records_with_also_at']}",
        f"- runs with a summary: {len(figures['timeline'])}",
        f"- unreadable lines and files: {sum(p['count'] for p in figures['problems'].values())}",
    ]


def fields_part() -> list[str]:
    schema = record_json_schema()
    rows = [
        [
            f"`{name}`",
            md(" or ".join(spec["type"]) if isinstance(spec["type"], list) else spec["type"]),
            md(spec.get("description", "")),
        ]
        for name, spec in schema["properties"].items()
    ]
    intro = "One JSON object per line; its JSON Schema ships with reviewcrawl as schema/review.schema.json."
    return ["## Fields", "", intro, "", *md_table(["field", "type", "meaning"], rows)]


def evidence_part(figures: dict[str, Any]) -> list[str]:
    rows = [[md(e["evidence"]), str(e["reviews"]), f"{e['share']:.1%}"] for e in figures["film_evidence"]]
    intro = (
        "Each record's `film_evidence` says what decided its film: `structured_data` (the page's schema.org "
        "data), `catalogue:…` (a title of the film catalogue found on the page, confirmed by people or the "
        "year when so marked), `headline` (the headline alone), `+contradicts_catalogue` when the page and "
        "the catalogue disagree; `untagged` records have no film."
    )
    return ["## How film tags were decided", "", intro, "", *md_table(["evidence", "reviews", "share"], rows)]


def data_card(figures: dict[str, Any]) -> str:
    exports = ", ".join(md(path) for path in figures["exports"]) or "none"
    lines = [
        "# Data card: reviewcrawl review corpus",
        "",
        f"Film reviews extracted by reviewcrawl from {len(figures['sources'])} sources, crawled "
        f"{crawl_dates(figures['sources'])} (fetched_at, UTC). Exports read: {exports}.",
        "",
        *counts_part(figures),
        "",
        *sources_part(figures),
        "",
        *fields_part(),
        "",
        *evidence_part(figures),
    ]
    return "\n".join(lines) + "\n"
