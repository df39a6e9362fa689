"""The ``reviewcrawl`` command: serve the sample web, re-extract saved pages, probe a site."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib
import json
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from reviewcrawl.config import PROJECT_ROOT
from reviewcrawl.export.command import add_export_command
from reviewcrawl.report.command import add_report_command


def error(message: str) -> int:
    print(f"reviewcrawl: error: {message}", file=sys.stderr)
    return 2


NO_CHECKOUT = "needs a source checkout of reviewcrawl (its devtools/ folder is not installed)"


def checkout_tool(name: str) -> ModuleType | None:
    """A module of devtools/ beside the package: a source checkout has it, an installed wheel not."""
    if (PROJECT_ROOT / "devtools").is_dir() and str(PROJECT_ROOT) not in sys.path:
        sys.path.append(str(PROJECT_ROOT))
    try:
        return importlib.import_module(f"devtools.{name}")
    except ImportError:
        return None


def sample_web_tools() -> ModuleType | None:
    """The sample web's server (devtools.sampleweb)."""
    return checkout_tool("sampleweb")


def serve(args: argparse.Namespace) -> int:
    tools = sample_web_tools()
    if tools is None:
        return error(f"serve {NO_CHECKOUT}")
    root = Path(args.root) if args.root else tools.fixtures_root()
    if not (root / "sites").is_dir():
        return error(f"no sites/ folder under {root}")
    port = tools.DEFAULT_FIRST_PORT if args.port is None else args.port
    web = tools.SampleWeb(root, port)
    if not web.sites:
        return error(f"no site folders in {root / 'sites'}")
    last = port + len(web.sites) - 1
    if not 1 <= port <= last <= tools.LAST_PORT:  # one port per site, each a real port
        highest = tools.LAST_PORT - len(web.sites) + 1
        return error(f"--port must be between 1 and {highest} for {len(web.sites)} sites, got {port}")
    try:
        web.start()
    except OSError as exc:
        return error(f"cannot listen on ports {port}-{last}: {exc}")
    for site in web.sites:
        print(f"{site.key:<16} {site.base}/", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    web.stop()
    return 0


def read_saved_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def extract(args: argparse.Namespace) -> int:
    from reviewcrawl.extract.body.audit import StripAudit
    from reviewcrawl.films.catalogue import CatalogueError
    from reviewcrawl.reading.catalogue import catalogue_for
    from reviewcrawl.reading.record import review_or_reason
    from reviewcrawl.stats import Drop

    try:
        catalogue = catalogue_for(args.films, "--films")
    except CatalogueError as exc:
        return error(str(exc))
    failures = 0
    for name in args.paths:
        path = Path(name)
        try:
            data = read_saved_page(path)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            print(f"reviewcrawl extract: cannot read {path}: {exc}", file=sys.stderr)
            failures += 1
            continue
        audit = StripAudit(keep_text=args.show_removed)
        record = review_or_reason(data, args.url, audit, catalogue)
        if args.show_removed:
            print(f"removed from {path}:\n{audit.report()}", file=sys.stderr)
        if isinstance(record, Drop):
            why = f"{record} ({record.description})"
            print(f"reviewcrawl extract: no review in {path}: {why}", file=sys.stderr)
            failures += 1
            continue
        print(json.dumps(dict(record), ensure_ascii=False), flush=True)
    return 1 if failures else 0


def enqueue(args: argparse.Namespace) -> int:
    from reviewcrawl.distributed.addon import run_enqueue

    return run_enqueue(args.redis_url, args.crawl_id, args.arguments, args.settings)


def probe(args: argparse.Namespace) -> int:
    from reviewcrawl.planning.sources import RegistryError
    from reviewcrawl.probe.entry import write_entry
    from reviewcrawl.probe.fetch import ProbeError
    from reviewcrawl.probe.report import render
    from reviewcrawl.probe.run import ProbeOptions, probe_site

    if args.budget < 5 or args.samples < 1 or args.delay < 0:
        return error("--budget must be at least 5, --samples at least 1 and --delay not negative")
    options = ProbeOptions(budget=args.budget, samples=args.samples, min_delay=args.delay)
    try:
        findings = probe_site(args.url, options)
    except ProbeError as exc:
        return error(str(exc))
    print(render(findings), end="", flush=True)
    if args.write:
        try:
            source = write_entry(findings, Path(args.write), f"reviewcrawl sources probe {args.url}")
        except (RegistryError, OSError) as exc:
            return error(f"--write {args.write}: {exc}")
        print(f"appended [sources.{source.key}] to {args.write}")
    return 0


def add_sources_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sources_cmd = commands.add_parser("sources", help="work on the source registry (sources.toml)")
    actions = sources_cmd.add_subparsers(dest="action", required=True)
    probe_cmd = actions.add_parser(
        "probe",
        help="look at one site politely and print how to crawl it (robots, sitemaps, feeds, search, shapes)",
    )
    probe_cmd.add_argument("url", metavar="URL", help="the site's home page (or any page of it)")
    probe_cmd.add_argument("--write", metavar="FILE", help="append a commented registry entry to FILE")
    probe_cmd.add_argument("--budget", type=int, default=40, help="requests in all (default 40)")
    probe_cmd.add_argument("--samples", type=int, default=10, help="article pages to judge (default 10)")
    probe_cmd.add_argument(
        "--delay",
        type=float,
        default=0.5,
        help="seconds between requests, raised to robots.txt's Crawl-delay (default 0.5)",
    )
    probe_cmd.set_defaults(run=probe)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reviewcrawl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser("serve", help="serve the bundled sample web on 127.0.0.1")
    serve_cmd.add_argument("--port", type=int, help="port of the first site (default 8711)")
    serve_cmd.add_argument("--root", help="a sample web folder (default: the bundled fixtures)")
    serve_cmd.set_defaults(run=serve)

    extract_cmd = commands.add_parser(
        "extract", help="print one JSON record per saved page (.html, .html.gz)"
    )
    extract_cmd.add_argument("paths", nargs="+", metavar="PATH")
    extract_cmd.add_argument("--url", help="the URL the pages were saved from")
    extract_cmd.add_argument(
        "--films",
        metavar="PATH",
        help="the film catalogue to tag films with, as the crawl's -a films= (default: REVIEWCRAWL_FILMS)",
    )
    extract_cmd.add_argument(
        "--show-removed", action="store_true", help="print what each stripping rule group removed (stderr)"
    )
    extract_cmd.set_defaults(run=extract)

    enqueue_cmd = commands.add_parser(
        "enqueue", help="push a crawl's start requests into a shared crawl on Redis, for workers to take"
    )
    enqueue_cmd.add_argument("--redis-url", required=True, help="e.g. redis://host:6379/0")
    enqueue_cmd.add_argument("--crawl-id", required=True, help="the crawl's name (REVIEWCRAWL_CRAWL_ID)")
    enqueue_cmd.add_argument(
        "-a",
        dest="arguments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="spider argument, as for scrapy crawl (source=..., urls=...)",
    )
    enqueue_cmd.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="setting, as for scrapy crawl",
    )
    enqueue_cmd.set_defaults(run=enqueue)
    add_sources_command(commands)
    add_export_command(commands)
    add_report_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
