"""Charts as SVG text made here: bars, histograms and a stacked timeline.

Drawn in Python so that the page needs no script library and no network to show them, and every label
(hostile web text) passes through one escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 640
BAR = 18  # height of one horizontal bar's row
LABEL_WIDTH = 210
LABEL_CHARS = 30
PLOT_HEIGHT = 180
MAX_COLUMN = 90  # a column's width when there are few
COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756")


def text(value: object) -> str:
    return escape(str(value), quote=True)


def short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def svg(width: int, height: int, title: str, parts: Sequence[str]) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{text(title)}">'
        f"<title>{text(title)}</title>{''.join(parts)}</svg>"
    )


def bar_chart(title: str, rows: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars, one per (label, count), in the order given."""
    biggest = max((n for _, n in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 70
    parts = []
    for i, (label, count) in enumerate(rows):
        y = 4 + i * BAR
        length = max(count / biggest * span, 1 if count else 0)
        parts.append(
            f"<g><title>{text(label)}: {count}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{text(short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{BAR - 4}" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 13}">{count}</text></g>'
        )
    return svg(WIDTH, 8 + len(rows) * BAR, title, parts)


def histogram(title: str, labels: Sequence[str], counts: Sequence[int]) -> str:
    """Vertical bars over fixed bins, each labelled below."""
    return stacked_columns(title, labels, [("count", list(counts))])


def stacked_columns(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Columns, one per label, each the stack of the series' values at that label (with a legend)."""
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    biggest = max(totals, default=0) or 1
    slot = min((WIDTH - 40) / max(len(labels), 1), MAX_COLUMN)
    legend_height = 18 if len(series) > 1 else 0
    base = legend_height + PLOT_HEIGHT + 10
    parts = [legend(series)] if legend_height else []
    for i, label in enumerate(labels):
        x = 30 + i * slot
        top = float(base)
        for (name, values), colour in zip(series, COLOURS, strict=False):
            height = values[i] / biggest * PLOT_HEIGHT
            top -= height
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{top:.1f}" width="{max(slot - 4, 1):.1f}" height="{height:.1f}" '
                f'fill="{colour}"><title>{text(label)} {text(name)}: {values[i]}</title></rect>'
            )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{top - 3:.1f}" text-anchor="middle">{totals[i]}</text>'
        )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{base + 14}" text-anchor="middle" class="tick">'
            f"{text(short(label))}</text>"
        )
    parts.append(f'<line x1="28" y1="{base}" x2="{WIDTH - 8}" y2="{base}" stroke="#888"/>')
    return svg(WIDTH, base + 24, title, parts)


def legend(series: Sequence[tuple[str, Sequence[int]]]) -> str:
    items = []
    for i, ((name, _), colour) in enumerate(zip(series, COLOURS, strict=False)):
        x = 30 + i * 120
        items.append(
            f'<rect x="{x}" y="3" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="13">{text(name)}</text>'
        )
    return "<g>" + "".join(items) + "</g>"
