"""Film tagging on the benchmark pages: how often a film title and year are found, and what tagging costs.

    python -m devtools.filmbench [--shared PATH] [--films PATH] [--limit N]

Reads each page of ``../shared/bench`` once (outside the timing), then times ``tag_film`` plus
``mentioned_films`` alone, with the given catalogue (none by default: the page's own statements only), and
prints, per set and half, the pages tagged with a title, with a year, and the median and mean ms per page.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

from devtools.bench import HALVES, domain_half, find_shared, load_sets
from reviewcrawl.extract.review import ReviewPage
from reviewcrawl.films.catalogue import Catalogue, load_catalogue
from reviewcrawl.films.mentions import mentioned_films
from reviewcrawl.films.tagger import tag_film


def _row(name: str, half: str, tags: list[tuple[bool, bool, float]]) -> str:
    titled = sum(t for t, _, _ in tags)
    dated = sum(y for _, y, _ in tags)
    times = [ms for _, _, ms in tags] or [0.0]
    return (
        f"{name:<22} {half:<9} {len(tags):>5} {titled:>6} {dated:>5}"
        f" {statistics.median(times):>7.3f} {statistics.fmean(times):>7.3f}"
    )


def _tag(data: bytes, url: str, catalogue: Catalogue) -> tuple[bool, bool, float] | None:
    review = ReviewPage.read(data, url or None)
    if review is None or not review.body():
        return None
    headline, body, published = review.headline(), review.body(), review.published()
    start = time.perf_counter()
    film = tag_film(review.page.jsonld, headline, body, catalogue, url or None, published)
    mentioned_films(body, film, catalogue)
    return film.title is not None, film.year is not None, (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.filmbench", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="path of the shared material (holds bench/)")
    parser.add_argument("--films", help="film catalogue (JSON lines); none by default")
    parser.add_argument("--limit", type=int, help="first N pages of each set")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("no benchmark data (../shared/bench): nothing to measure")
        return 0
    catalogue = load_catalogue(args.films)
    print(f"{'set':<22} {'half':<9} {'pages':>5} {'title':>6} {'year':>5} {'med ms':>7} {'mean ms':>7}")
    for bench in load_sets(shared, args.limit):
        halves: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
        for page in bench.pages:
            tagged = _tag(page.html, page.url, catalogue)
            if tagged is not None:
                halves[domain_half(page.domain)].append(tagged)
        for half in HALVES:
            print(_row(bench.name, half, halves[half]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
