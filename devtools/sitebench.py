"""How ``-a site=`` does on each generated site shape (devtools.siteshapes), with an empty registry.

For each shape: reviews found out of the site's reviews, non-review pages exported, and requests per review
found (every request the site's server answered, robots.txt included, over the reviews exported).

    python -m devtools.sitebench [SHAPE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from devtools.siteshapes import SHAPES, WITH_SITEMAPS, ShapeServer

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ShapeFigures:
    shape: str
    reviews_found: int
    reviews: int
    non_reviews_exported: int
    others_exported: int  # exported URLs the site does not list at all (should be none)
    requests: int
    returncode: int

    @property
    def recall(self) -> float:
        return self.reviews_found / self.reviews if self.reviews else 0.0

    @property
    def requests_per_review(self) -> float:
        return self.requests / self.reviews_found if self.reviews_found else float("inf")

    def row(self) -> str:
        sitemap = "yes" if self.shape in WITH_SITEMAPS else "no"
        return (
            f"| {self.shape} | {sitemap} | {self.reviews_found} / {self.reviews} "
            f"| {self.non_reviews_exported} | {self.requests} | {self.requests_per_review:.2f} |"
        )


def site_crawl(base: str, workdir: Path, extra: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Run ``scrapy crawl reviews -a site=base`` with an empty registry; (return code, exported URLs)."""
    workdir.mkdir(parents=True, exist_ok=True)
    registry, out = workdir / "empty.toml", workdir / "reviews.jsonl"
    registry.write_text("", "utf-8")
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews", "-O", str(out), "-a", f"site={base}"]
    for name, value in (extra or {}).items():
        command += ["-a", f"{name}={value}"]
    settings = {"REVIEWCRAWL_SOURCES": str(registry), "LOG_FILE": str(workdir / "crawl.log")}
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=600, env=env)
    lines = out.read_text("utf-8").splitlines() if out.exists() else []
    return done.returncode, [json.loads(line)["url"] for line in lines]


def crawl_shape(shape: str, workdir: Path) -> ShapeFigures:
    with ShapeServer(shape) as server:
        returncode, exported = site_crawl(server.base, workdir)
        reviews, others = server.review_urls(), server.other_urls()
        found = set(exported)
        return ShapeFigures(
            shape,
            len(found & reviews),
            len(reviews),
            len(found & others),
            len(found - reviews - others),
            server.requests,
            returncode,
        )


def table(figures: Sequence[ShapeFigures]) -> str:
    head = (
        "| shape | sitemap | reviews found | non-reviews exported | requests | requests per review |\n"
        "|---|---|---|---|---|---|"
    )
    return "\n".join([head, *(f.row() for f in figures)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "shapes", nargs="*", metavar="SHAPE", help=f"any of {', '.join(SHAPES)} (all by default)"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.shapes) - set(SHAPES))
    if unknown:
        parser.error(f"unknown shape {unknown[0]!r}")
    with tempfile.TemporaryDirectory() as tmp:
        figures = [crawl_shape(shape, Path(tmp) / shape) for shape in args.shapes or SHAPES]
    print(table(figures))
    return 0 if all(f.returncode == 0 for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
