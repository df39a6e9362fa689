"""The page's building blocks: table cells, sortable tables, sections. Every corpus string is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reviewcrawl.report.svg import text

LOW_COVERAGE = 0.5  # a field set on fewer of a source's records than this is marked


def number(value: int | float | None, grouped: bool = True) -> str:
    if value is None:
        return '<td class="n" data-sort="-1">–</td>'
    shown = (f"{value:,}" if grouped else str(value)) if isinstance(value, int) else f"{value:.3f}"
    return f'<td class="n" data-sort="{value}">{shown}</td>'


def shown(value: float | None) -> str:
    return "–" if value is None else str(value)


def share(part: int, whole: int) -> str:
    fraction = part / whole if whole else 0.0
    low = " low" if fraction < LOW_COVERAGE else ""
    return f'<td class="n{low}" data-sort="{fraction:.4f}">{fraction:.1%} ({part:,})</td>'


def cell(value: Any) -> str:
    if (isinstance(value, (int, float)) and not isinstance(value, bool)) or value is None:
        return number(value)
    return f"<td>{text(value)}</td>"


def table(name: str, headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A sortable table; ``rows`` are lists of ready ``<td>`` cells."""
    head = "".join(f"<th>{text(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f'<table class="sortable" id="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def section(anchor: str, title: str, *parts: str) -> str:
    return f'<section id="{anchor}"><h2>{text(title)}</h2>{"".join(parts)}</section>'
