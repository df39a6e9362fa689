"""The whole-record speed table: mean-time ratio per set and per site half, one verdict per row."""

from __future__ import annotations

from devtools.bench import BenchPage, BenchSet, ToolRun, domain_half
from devtools.benchmetrics import PageScore, SetScore, word_page_score, word_set_score
from devtools.recordbench import format_record_speed

# Two sites, one in each half of the split.
SITES = sorted({domain_half(f"site{n}.example"): f"site{n}.example" for n in range(20)}.items())


def bench_set() -> BenchSet:
    pages = [BenchPage(f"p{i}", "", b"", "", SITES[i % 2][1]) for i in range(4)]
    return BenchSet("s", pages, word_page_score, word_set_score)


def run(tool: str, millis: list[float]) -> ToolRun:
    outputs = {f"p{i}": (PageScore(1.0, 1.0, 1.0, True), "") for i in range(len(millis))}
    return ToolRun(tool, "s", SetScore(0.9, 0.9, 0.9, 0.1, len(millis)), millis, outputs)


def rows(table: str) -> dict[str, str]:
    return {line.split()[1]: line for line in table.splitlines() if line.startswith("s ")}


def test_rows_per_set_and_half_with_the_mean_ratio_and_verdict() -> None:
    # Pages 0 and 2 are on one site, 1 and 3 on the other: one half fast, the other slow.
    own = run("reviewcrawl", [2.0, 4.0, 2.0, 4.0])
    other = run("trafilatura", [10.0, 10.0, 10.0, 10.0])
    table = rows(format_record_speed([own, other], [bench_set()]))
    assert table["all"].split()[-2:] == ["0.300", "MISSES"]
    fast_half, slow_half = (SITES[0][0], SITES[1][0])
    assert table[fast_half].split()[-2:] == ["0.200", "meets"]
    assert table[slow_half].split()[-2:] == ["0.400", "MISSES"]
    assert table[fast_half].split()[2] == "2"


def test_no_row_without_both_tools() -> None:
    table = format_record_speed([run("reviewcrawl", [2.0, 2.0, 2.0, 2.0])], [bench_set()])
    assert rows(table) == {}
