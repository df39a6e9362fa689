"""The benchmark table reads the speed target off directly: mean-time ratio per tool, one verdict per set."""

from __future__ import annotations

from devtools.bench import ToolRun, format_table, mean_ratio
from devtools.benchmetrics import SetScore


def run(tool: str, set_name: str, millis: list[float]) -> ToolRun:
    return ToolRun(tool, set_name, SetScore(0.9, 0.9, 0.9, 0.1, len(millis)), millis)


def test_mean_ratio_is_reviewcrawls_mean_over_the_tools() -> None:
    assert mean_ratio(run("reviewcrawl", "s", [1.0, 3.0]), run("trafilatura", "s", [8.0, 12.0])) == 0.2
    assert mean_ratio(run("reviewcrawl", "s", []), run("trafilatura", "s", [8.0])) is None


def test_table_has_the_mean_ratio_and_a_verdict_per_set() -> None:
    runs = [
        run("reviewcrawl", "fast", [2.0, 2.0]),
        run("trafilatura", "fast", [10.0, 10.0]),
        run("reviewcrawl", "slow", [3.0, 3.0]),
        run("trafilatura", "slow", [10.0, 10.0]),
    ]
    table = format_table(runs)
    rows = {
        line.split()[0] + " " + line.split()[1]: line for line in table.splitlines() if "trafilatura" in line
    }
    assert rows["fast trafilatura"].rstrip().endswith("0.200")
    assert rows["slow trafilatura"].rstrip().endswith("0.300")
    assert "speed fast: mean 2.00 ms vs trafilatura 10.00 ms = 0.200x, meets the 0.25x target" in table
    assert "speed slow: mean 3.00 ms vs trafilatura 10.00 ms = 0.300x, MISSES the 0.25x target" in table


def test_no_verdict_without_trafilatura() -> None:
    table = format_table([run("reviewcrawl", "s", [2.0]), run("readability", "s", [4.0])])
    assert "target" not in table
