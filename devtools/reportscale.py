"""What ``reviewcrawl report`` costs on a large corpus: time and peak memory on a generated one.

    python -m devtools.reportscale [--records 1000000] [--runs 10] [--folder /tmp/reportscale]

Writes ``--runs`` export files (one per scheduled run, each with its ``.summary.json``) of generated
records, streamed to disk, then times the report over the first file alone and over all of them in a
fresh process each, with the peak resident memory of that process: memory that stays flat as the
corpus grows tenfold is what a streaming pass promises.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SOURCES = 25
FILMS = 5000
LANGUAGES = ("en", "en", "en", "de", "fr", "es", "it", "nl")
WORDS = ("film", "scene", "actor", "story", "light", "score", "night", "city", "love", "fear", "the", "a")
EVIDENCE = ("catalogue:title+year", "structured_data+catalogue", "catalogue:title", "headline", None)


def film_of(rng: random.Random) -> tuple[str, int] | None:
    """A film, the popular ones far more often (a Pareto draw), or none for one review in ten."""
    if rng.random() < 0.1:
        return None
    number = min(int(rng.paretovariate(1.2)), FILMS)
    return f"Film {number}", 1950 + number % 75


def body(rng: random.Random) -> tuple[str, int]:
    words = max(20, min(int(rng.lognormvariate(6.1, 0.6)), 8000))  # median about 450 words
    return " ".join(rng.choice(WORDS) for _ in range(words)), words


def generated_record(rng: random.Random, number: int, run_day: str) -> dict[str, Any]:
    film = film_of(rng)
    source = rng.randrange(SOURCES)
    text, words = body(rng)
    rated = rng.random() < 0.6
    return {
        "url": f"https://site{source}.example/reviews/{number}",
        "canonical_url": f"https://site{source}.example/reviews/{number}",
        "source": f"Site {source}",
        "source_domain": f"site{source}.example",
        "headline": f"Review {number}",
        "author": f"Critic {rng.randrange(400)}" if rng.random() < 0.8 else None,
        "published": f"{rng.randrange(2015, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        if rng.random() < 0.9
        else None,
        "language": rng.choice(LANGUAGES),
        "film_title": film[0] if film else None,
        "film_year": film[1] if film else None,
        "film_evidence": rng.choice(EVIDENCE[:-1]) if film else None,
        "mentioned_films": [{"title": "Film 1", "year": 1951}] if rng.random() < 0.2 else [],
        "rating": rng.randrange(0, 11) if rated else None,
        "rating_scale": 10 if rated else None,
        "body": text,
        "word_count": words,
        "content_hash": f"{number:064x}",
        "fetched_at": f"{run_day}T02:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z",
        "revision": 2 if rng.random() < 0.05 else 1,
        "also_at": [f"https://mirror.example/{number}"] if rng.random() < 0.03 else [],
    }


def write_corpus(folder: Path, records: int, runs: int) -> list[Path]:
    rng = random.Random(17)
    folder.mkdir(parents=True, exist_ok=True)
    exports = []
    per_run = records // runs
    for run in range(runs):
        day = f"2026-01-{run + 1:02d}"
        export = folder / f"reviews-{day}.jsonl"
        with export.open("w", encoding="utf-8") as out:
            for number in range(run * per_run, (run + 1) * per_run):
                out.write(json.dumps(generated_record(rng, number, day), ensure_ascii=False) + "\n")
        summary = {
            "new": per_run,
            "changed": 0,
            "unchanged": run * 100,
            "duplicates": 7,
            "dropped": {"no_body": 3},
        }
        export.with_name(export.name + ".summary.json").write_text(json.dumps(summary), "utf-8")
        exports.append(export)
    return exports


def timed_report(exports: list[Path], output: Path) -> tuple[float, float]:
    """Seconds and peak resident MB of one ``reviewcrawl report --json`` process."""
    command = [
        sys.executable,
        "-m",
        "reviewcrawl.cli",
        "report",
        *map(str, exports),
        "-o",
        str(output),
        "--json",
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    # the largest of the children so far: the bigger corpus runs last, so this is its peak
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/reportscale"))
    args = parser.parse_args()
    started = time.perf_counter()
    exports = write_corpus(args.folder, args.records, args.runs)
    size = sum(path.stat().st_size for path in exports) / 1e9
    print(f"wrote {args.records} records, {size:.2f} GB, in {time.perf_counter() - started:.0f} s")
    for chosen in (exports[:1], exports):
        count = args.records // args.runs * len(chosen)
        seconds, peak = timed_report(chosen, args.folder / f"report-{count}.html")
        print(
            f"report of {count} records: {seconds:.1f} s, {count / seconds:,.0f} records/s, "
            f"peak RSS {peak:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
