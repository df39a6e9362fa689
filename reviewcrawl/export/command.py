"""``reviewcrawl export CORPUS.jsonl [...] --to parquet|csv [-o OUT]``: arguments checked, outcome reported.

Exit status 0 when every line was converted, 1 when some were skipped (the output is written all the same)
or the output could not be written, 2 for bad arguments (one ``reviewcrawl: error:`` line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewcrawl.export.convert import Outcome

PREFIX = "reviewcrawl export"
FORMATS = ("parquet", "csv")


def error(message: str) -> int:
    print(f"reviewcrawl: error: {message}", file=sys.stderr)
    return 2


def output_path(paths: list[Path], to: str, given: str | None) -> Path | str:
    """Where the output goes, or what is wrong with the arguments."""
    if given is None and len(paths) > 1:
        return f"-o is needed to convert {len(paths)} files into one"
    out = Path(given) if given else paths[0].with_suffix(f".{to}")
    if not out.parent.is_dir():
        return f"-o {out}: no folder {out.parent}"
    if out.is_dir():
        return f"-o {out}: is a folder"
    if any(out.resolve() == path.resolve() for path in paths):
        return f"-o {out}: is one of the files to convert"
    return out


def input_problem(paths: list[Path]) -> str | None:
    for path in paths:
        if not path.is_file():
            return f"cannot read {path}: {'is a folder' if path.is_dir() else 'no such file'}"
    return None


def report(outcome: Outcome, out: Path) -> int:
    shown = outcome.first_bad()
    for where, reason in shown:
        print(f"{PREFIX}: skipped {where}: {reason}", file=sys.stderr)
    if outcome.bad_count > len(shown):
        print(f"{PREFIX}: … and {outcome.bad_count - len(shown)} more lines skipped", file=sys.stderr)
    print(
        f"{PREFIX}: wrote {outcome.written} records to {out}, skipped {outcome.bad_count} bad lines",
        flush=True,
    )
    return 1 if outcome.bad_count else 0


def run_export(args: argparse.Namespace) -> int:
    from reviewcrawl.export.convert import convert  # pyarrow, loaded only for this command

    paths = [Path(name) for name in args.paths]
    problem = input_problem(paths)
    if problem:
        return error(problem)
    out = output_path(paths, args.to, args.output)
    if isinstance(out, str):
        return error(out)
    try:
        outcome = convert(paths, args.to, out)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"reviewcrawl: error: cannot convert into {out}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    return report(outcome, out)


def add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export_cmd = commands.add_parser(
        "export", help="convert JSON-lines corpora to Parquet or CSV (bad lines skipped and named)"
    )
    export_cmd.add_argument("paths", nargs="+", metavar="CORPUS.jsonl")
    export_cmd.add_argument("--to", required=True, choices=FORMATS, help="the output format")
    export_cmd.add_argument(
        "-o",
        dest="output",
        metavar="OUT",
        help="the output file (default: the one input, with .parquet/.csv)",
    )
    export_cmd.set_defaults(run=run_export)
