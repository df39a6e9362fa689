"""Whole-record speed: ``extract_review`` against trafilatura's whole extraction, metadata included.

    python -m devtools.bench --records [--set NAME] [--limit N]

The body bench times load_page + extract_body against ``trafilatura.extract``; users get whole records
(body, page type, headline, author, date, rating, language, film tag), so this times what each tool gives a
caller for one page: ``extract_review(html, url)`` against ``trafilatura.bare_extraction(html, url=url,
with_metadata=True)``. Both are timed back to back per page, as the body bench does. The F1 columns score the
record's body (empty when the page gives no record) against the set's reference, for orientation only.
"""

from __future__ import annotations

from devtools.bench import HALVES, SPEED_TARGET, BenchSet, Extractor, ToolRun, domain_half, mean_ratio


def reviewcrawl_record() -> Extractor:
    from reviewcrawl.reading.record import extract_review

    def run(html: bytes, url: str) -> str:
        record = extract_review(html, url or None)
        return str(record["body"]) if record is not None else ""

    return run


def trafilatura_record() -> Extractor:
    import trafilatura

    def run(html: bytes, url: str) -> str:
        document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
        return (getattr(document, "text", None) or "") if document is not None else ""

    return run


RECORD_TOOLS = {"reviewcrawl": reviewcrawl_record, "trafilatura": trafilatura_record}


def format_record_speed(runs: list[ToolRun], bench_sets: list[BenchSet]) -> str:
    """Per set and per half: each tool's median / mean ms per page and reviewcrawl's mean over
    trafilatura's, with a verdict against the target."""
    header = (
        f"{'set':<22} {'half':<9} {'pages':>5} {'rc med':>7} {'rc mean':>8} "
        f"{'tf med':>7} {'tf mean':>8} {'mean x':>7}  verdict"
    )
    lines = ["Whole records: extract_review vs trafilatura.bare_extraction(with_metadata=True)", header]
    lines.append("-" * len(header))
    for bench_set in bench_sets:
        own = _run(runs, bench_set.name, "reviewcrawl")
        other = _run(runs, bench_set.name, "trafilatura")
        if own is None or other is None:
            continue
        halves = {half: _half_ids(bench_set, half) for half in HALVES}
        for half, ids in [("all", None), *halves.items()]:
            lines.append(_speed_row(bench_set, half, _subset(own, ids), _subset(other, ids)))
    lines.append(f"mean x: reviewcrawl's mean ms per page / trafilatura's; target at most {SPEED_TARGET}x.")
    return "\n".join(lines)


def _speed_row(bench_set: BenchSet, half: str, own: ToolRun, other: ToolRun) -> str:
    ratio = mean_ratio(own, other)
    share = f"{ratio:.3f}" if ratio is not None else ""
    verdict = "" if ratio is None else ("meets" if ratio <= SPEED_TARGET else "MISSES")
    return (
        f"{bench_set.name:<22} {half:<9} {len(own.millis):>5} {own.median_ms:7.2f} {own.mean_ms:8.2f} "
        f"{other.median_ms:7.2f} {other.mean_ms:8.2f} {share:>7}  {verdict}"
    )


def _run(runs: list[ToolRun], set_name: str, tool: str) -> ToolRun | None:
    return next((run for run in runs if run.set_name == set_name and run.tool == tool), None)


def _half_ids(bench_set: BenchSet, half: str) -> set[str]:
    return {page.page_id for page in bench_set.pages if domain_half(page.domain) == half}


def _subset(run: ToolRun, ids: set[str] | None) -> ToolRun:
    """The run's timings on the pages ``ids`` (all of them for None); timings follow the outputs' order."""
    if ids is None:
        return run
    millis = [ms for page_id, ms in zip(run.outputs, run.millis, strict=True) if page_id in ids]
    return ToolRun(run.tool, run.set_name, run.score, millis)
