"""Reading big sitemaps: time and peak memory of the spider's sitemap reading, per sitemap size.

    python -m devtools.sitemapbench [--urls 50000 200000] [--max-urls N]

A sitemap of that many review URLs (about 200 bytes per entry, as real sitemaps with long addresses have) is
written to a file, plain and gzipped; a fresh process loads it (Scrapy holds a body whole, too), reads it with
``XmlDocument`` the way the spider does (every entry turned into a ``Found``, nothing kept), and reports
seconds, its RSS with the body loaded, and its peak RSS while reading: the reading should add next to nothing
whatever the size.
By default the protocol's limit of URLs per file applies (``--max-urls`` changes it), so a 200,000-URL
sitemap gives 50,000 and counts the rest; ``--max-urls 0`` reads everything.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reviewcrawl import settings as defaults
from reviewcrawl.planning.discovery import XmlDocument

ENTRY = (
    "<url><loc>https://www.example.com/reviews/{n}-a-long-descriptive-review-address-for-a-film-from-the-"
    "archive/</loc><lastmod>2024-03-01T10:00:00+00:00</lastmod><changefreq>weekly</changefreq></url>\n"
)


def sitemap(urls: int) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    return (head + "".join(ENTRY.format(n=n) for n in range(urls)) + "</urlset>\n").encode()


def status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process; unlike ru_maxrss, the peak does not carry the parent's."""
    status = Path("/proc/self/status").read_text()
    return int(status.split(f"{field}:", 1)[1].split()[0]) / 1024


def measure(path: Path, max_urls: int) -> str:
    body = path.read_bytes()
    loaded = status_mb("VmRSS")
    started = time.perf_counter()
    document = XmlDocument(body, "https://www.example.com/sitemap.xml")
    read = sum(1 for _ in document.sitemap_entries(max_urls or sys.maxsize))
    seconds = time.perf_counter() - started
    peak = status_mb("VmHWM")
    return (
        f"{path.name:>22} {len(body) / 2**20:4.1f} MB: read {read:>7,},"
        f" past the limit {document.ignored:>7,},"
        f" {seconds:5.2f} s, RSS with the body {loaded:5.1f} MB, peak RSS {peak:5.1f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.sitemapbench", description=__doc__)
    parser.add_argument("--urls", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--max-urls", type=int, default=defaults.REVIEWCRAWL_SITEMAP_MAX_URLS)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # a single measurement, in this process
    args = parser.parse_args(argv)
    if args.one is not None:
        print(measure(args.one, args.max_urls), flush=True)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        for urls in args.urls:
            plain = Path(folder) / f"sitemap-{urls}.xml"
            plain.write_bytes(sitemap(urls))
            zipped = plain.with_name(plain.name + ".gz")
            zipped.write_bytes(gzip.compress(plain.read_bytes(), 6))
            for path in (plain, zipped):
                command = [sys.executable, "-m", "devtools.sitemapbench", "--one", str(path)]
                subprocess.run([*command, "--max-urls", str(args.max_urls)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
