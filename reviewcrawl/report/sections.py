"""The page's sections, one a figure of the report: a chart and a sortable table each."""

from __future__ import annotations

from typing import Any

from reviewcrawl.report import svg
from reviewcrawl.report.figures import month_line
from reviewcrawl.report.htmlcells import LOW_COVERAGE, cell, number, section, share, shown, table
from reviewcrawl.report.svg import text
from reviewcrawl.report.tally import COVERAGE_FIELDS

FILM_ROWS = 500  # films listed in the page's table; --json lists them all
FILM_BARS = 25
TALL_CHART_ROWS = 40


def counted(name: str, label: str, rows: list[dict[str, Any]], chart_rows: int = TALL_CHART_ROWS) -> str:
    bars = svg.bar_chart(label, [(row["name"], row["reviews"]) for row in rows[:chart_rows]])
    more = f'<p class="note">The chart shows the first {chart_rows}.</p>' if len(rows) > chart_rows else ""
    return (
        bars + more + table(name, [label, "reviews"], [[cell(r["name"]), number(r["reviews"])] for r in rows])
    )


def key_figures(figures: dict[str, Any]) -> str:
    problems = sum(kind["count"] for kind in figures["problems"].values())
    shown = [
        ("records", "reviews", figures["records"]),
        ("sources", "sources", len(figures["sources"])),
        ("films", "films", len(figures["films"])),
        ("languages", "languages", len(figures["languages"])),
        ("runs", "runs with a summary", len(figures["timeline"])),
        ("problems", "unreadable lines and files", problems),
    ]
    spans = "".join(f'<span data-figure="{key}"><b>{n:,}</b>{text(label)}</span>' for key, label, n in shown)
    return f'<p class="figures">{spans}</p>'


def sources_section(figures: dict[str, Any]) -> str:
    rows = figures["sources"]
    bars = svg.bar_chart("reviews per source", [(r["source"], r["reviews"]) for r in rows[:TALL_CHART_ROWS]])
    listed = [
        [
            cell(r["source"]),
            cell(", ".join(r["domains"])),
            number(r["reviews"]),
            cell(r["first_fetched"]),
            cell(r["last_fetched"]),
        ]
        for r in rows
    ]
    headings = ["source", "domains", "reviews", "first fetched", "last fetched"]
    return section("sources", "Reviews per source", bars, table("sources-table", headings, listed))


def coverage_section(figures: dict[str, Any]) -> str:
    rows = [
        [
            cell(r["source"]),
            number(r["reviews"]),
            *(share(r["with_field"][f], r["reviews"]) for f in COVERAGE_FIELDS),
        ]
        for r in figures["sources"]
    ]
    note = (
        '<p class="note">Share of each source\'s records with the field set; '
        f"under {LOW_COVERAGE:.0%} is marked.</p>"
    )
    return section(
        "coverage",
        "Field coverage per source",
        note,
        table("coverage-table", ["source", "reviews", *COVERAGE_FIELDS], rows),
    )


def films_section(figures: dict[str, Any]) -> str:
    films = figures["films"]
    label = [(f"{f['title']} ({f['year'] or '?'})", f["reviews"]) for f in films[:FILM_BARS]]
    rows = [
        [
            cell(f["title"]),
            number(f["year"], grouped=False),
            number(f["reviews"]),
            number(f["ratings"]),
            number(f["mean_rating"]),
            cell(" ".join(map(str, f["rating_bins"]))),
        ]
        for f in films[:FILM_ROWS]
    ]
    more = (
        f" The table lists the {FILM_ROWS} most reviewed; the JSON figures list all."
        if len(films) > FILM_ROWS
        else ""
    )
    note = (
        f'<p class="note">{len(films):,} films; {figures["untagged"]:,} reviews carry no film tag. '
        "Ratings are rating / rating_scale (0-1); the distribution counts them in tenths, "
        f"0.0-0.1 first.{more}</p>"
    )
    headings = ["title", "year", "reviews", "ratings", "mean rating", "rating distribution"]
    bars = svg.bar_chart("reviews per film (most reviewed)", label)
    return section("films", "Reviews per film", note, bars, table("films-table", headings, rows))


def distributions_section(figures: dict[str, Any]) -> str:
    ratings, words = figures["ratings"], figures["word_count"]
    rating_note = (
        f'<p class="note">{ratings["rated"]:,} rated reviews, mean {shown(ratings["mean"])};'
        f" {ratings['rating_without_scale']:,} ratings without a scale are left out.</p>"
    )
    return section(
        "distributions",
        "Ratings and body lengths",
        "<h3>Ratings, normalised to 0-1</h3>",
        rating_note,
        svg.histogram("ratings normalised 0-1", ratings["bin_labels"], ratings["bins"]),
        f'<h3>Body length in words</h3><p class="note">mean {shown(words["mean"])} words</p>',
        svg.histogram("body length in words", words["bin_labels"], words["bins"]),
    )


def months_section(figures: dict[str, Any]) -> str:
    months = figures["months"]
    chart = svg.histogram("reviews per month of publication", *month_line(months))
    rows = [[cell(m["name"]), number(m["reviews"])] for m in months]
    return section(
        "months", "Reviews per month of publication", chart, table("months-table", ["month", "reviews"], rows)
    )


def runs_section(figures: dict[str, Any]) -> str:
    runs = figures["runs"]
    bars = svg.bar_chart("reviews per export", [(r["export"], r["reviews"]) for r in runs[:TALL_CHART_ROWS]])
    rows = [
        [cell(r["export"]), number(r["reviews"]), cell(r["first_fetched"]), cell(r["last_fetched"])]
        for r in runs
    ]
    headings = ["export", "reviews", "first fetched", "last fetched"]
    return section("runs", "Reviews per run (export file)", bars, table("runs-table", headings, rows))


TIMELINE_SERIES = ("new", "changed", "unchanged", "duplicates", "dropped")


def timeline_section(figures: dict[str, Any]) -> str:
    runs = figures["timeline"]
    if not runs:
        return section(
            "timeline", "Runs over time", '<p class="note">No run summary (.summary.json) was found.</p>'
        )
    series = [(name, [run[name] for run in runs]) for name in TIMELINE_SERIES]
    chart = svg.stacked_columns("runs over time", [run["finished"][:16] for run in runs], series)
    headings = ["summary", "finished", *TIMELINE_SERIES, "pages fetched", "errors", "finish reason"]
    rows = [
        [
            cell(r["run"]),
            cell(r["finished"]),
            *(number(r[n]) for n in TIMELINE_SERIES),
            number(r["pages_fetched"]),
            number(r["errors"]),
            cell(r["finish_reason"]),
        ]
        for r in runs
    ]
    return section("timeline", "Runs over time", chart, table("timeline-table", headings, rows))


def duplicates_section(figures: dict[str, Any]) -> str:
    dup, rev = figures["duplicates"], figures["revisions"]
    rows = [
        [cell("records listing copies elsewhere (also_at)"), number(dup["records_with_also_at"])],
        [cell("also_at URLs in all"), number(dup["also_at_urls"])],
        [
            cell("pages dropped as duplicates by the runs (summaries)"),
            number(dup["dropped_as_duplicate_in_runs"]),
        ],
        [cell("changed reviews (revision > 1)"), number(rev["changed_records"])],
        *([cell(f"records at revision {r}"), number(n)] for r, n in rev["by_revision"].items()),
        [cell("films mentioned in passing (mentioned_films)"), number(figures["mentioned_films"])],
    ]
    return section(
        "duplicates", "Duplicates and revisions", table("duplicates-table", ["what", "count"], rows)
    )


def problems_section(figures: dict[str, Any]) -> str:
    problems = figures["problems"]
    if not problems:
        return section(
            "problems", "Unreadable input", '<p class="note">Every line of every file was a record.</p>'
        )
    rows = [
        [
            cell(kind),
            number(p["count"]),
            cell(p["meaning"]),
            f"<td>{'<br>'.join(text(w) for w in p['first'])}</td>",
        ]
        for kind, p in problems.items()
    ]
    return section(
        "problems",
        "Unreadable input",
        table("problems-table", ["problem", "count", "meaning", "where (first ones)"], rows),
    )
