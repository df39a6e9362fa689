"""The report as one self-contained HTML page: inline styles, an inline sorting script, inline SVG charts.

Every string from the corpus is escaped (``svg.text``); the page's Content-Security-Policy forbids any
network request, so a hostile value that slipped through could still not load or send anything.
"""

from __future__ import annotations

from typing import Any

from reviewcrawl.report.htmlcells import section
from reviewcrawl.report.sections import (
    counted,
    coverage_section,
    distributions_section,
    duplicates_section,
    films_section,
    key_figures,
    months_section,
    problems_section,
    runs_section,
    sources_section,
    timeline_section,
)

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}
td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th{cursor:pointer;background:#f4f4f4;user-select:none}th[aria-sort]::after{content:" ⇅";color:#999}
td.low{background:#fde0dd}.chart text{font-size:11px;fill:#333}.chart .tick{font-size:10px}
.figures span{display:inline-block;margin-right:2em}.figures b{font-size:1.4em;display:block}
.note{color:#666}
"""

# Click a column heading to sort by it; again to reverse. Numbers sort by their data-sort value.
SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, column) {
    th.setAttribute("aria-sort", "none");
    th.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[column];
        var n = cell.getAttribute("data-sort");
        return n === null ? cell.textContent : parseFloat(n);
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return down ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def render_page(figures: dict[str, Any]) -> str:
    sections = [
        key_figures(figures),
        sources_section(figures),
        films_section(figures),
        section(
            "languages", "Reviews per language", counted("languages-table", "language", figures["languages"])
        ),
        months_section(figures),
        runs_section(figures),
        distributions_section(figures),
        coverage_section(figures),
        duplicates_section(figures),
        timeline_section(figures),
        problems_section(figures),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>reviewcrawl corpus report</title><style>{STYLE}</style></head><body>"
        f"<h1>reviewcrawl corpus report</h1>{''.join(sections)}<script>{SCRIPT}</script></body></html>\n"
    )
