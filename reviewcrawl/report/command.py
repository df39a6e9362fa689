"""``reviewcrawl report CORPUS... [-o report.html] [--json]``: the page, its data card, its figures."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reviewcrawl.report.corpus import read_corpus
from reviewcrawl.report.datacard import data_card
from reviewcrawl.report.figures import report_figures
from reviewcrawl.report.page import render_page


class ReportError(ValueError):
    """A bad argument, said in one line."""


def output_paths(output: Path, with_json: bool) -> list[Path]:
    """The report, its data card (and JSON figures) beside it; refused when they cannot be written."""
    if output.suffix.lower() in (".md", ".json"):
        raise ReportError(f"-o must name the HTML page (e.g. report.html), got {output}")
    if output.is_dir():
        raise ReportError(f"-o {output} is a directory; name the report file in it")
    if not output.parent.is_dir():
        raise ReportError(f"-o {output}: folder {output.parent} does not exist")
    paths = [output, output.with_suffix(".md")]
    return [*paths, output.with_suffix(".json")] if with_json else paths


def write_report(corpus: list[Path], output: Path, with_json: bool) -> list[Path]:
    """Write the report files; returns their paths."""
    paths = output_paths(output, with_json)
    figures = report_figures(read_corpus(corpus))
    contents = [render_page(figures), data_card(figures)]
    if with_json:
        contents.append(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
    for path, content in zip(paths, contents, strict=True):
        # a lone surrogate (a JSON \ud800 escape in a hostile line) has no UTF-8 form: written as "?"
        path.write_text(content, "utf-8", errors="replace")
    return paths


def add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report_cmd = commands.add_parser(
        "report", help="write one HTML page (and a data card) of what a corpus of JSON-lines exports holds"
    )
    report_cmd.add_argument(
        "corpus", nargs="+", metavar="CORPUS", help="JSON-lines exports (.jsonl, .jsonl.gz) and run summaries"
    )
    report_cmd.add_argument("-o", dest="output", default="report.html", help="the page (default report.html)")
    report_cmd.add_argument(
        "--json", action="store_true", help="also write the figures as JSON (<page>.json)"
    )
    report_cmd.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    try:
        paths = write_report([Path(p) for p in args.corpus], Path(args.output), args.json)
    except ReportError as exc:
        return report_error(str(exc))
    except OSError as exc:
        return report_error(f"cannot write the report: {exc}")
    for path in paths:
        print(path)
    return 0


def report_error(message: str) -> int:
    print(f"reviewcrawl: error: {message}", file=sys.stderr)  # as the other commands say it
    return 2
