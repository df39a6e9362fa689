"""A generated film catalogue at IMDb's scale, in IMDb's dataset layout, to measure the crawl against.

    python -m devtools.imdbgen --films 700000 OUT_DIR

writes OUT_DIR/title.basics.tsv.gz, title.akas.tsv.gz, title.principals.tsv.gz and name.basics.tsv.gz
(the columns ``reviewcrawl.films.imdb`` reads), then builds OUT_DIR/films.jsonl with that builder.
Titles are made of common English words (a share are one word, many of them everyday words such as
"Drive", "But" or "John"), some films have English or Korean aliases, and each has a director and
cast drawn from a pool of generated people. The sample web's own films are in it too, with their
real aliases and people, so the sample crawl can be run against it. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from devtools.imdbwords import COMMON_ONE_WORD_TITLES, FAMILY_NAMES, FIRST_NAMES, HANGUL_SYLLABLES, WORDS
from devtools.sampleweb import fixtures_root
from reviewcrawl.films import imdb

PEOPLE = 200_000
BASICS_HEADER = (
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres"
)
AKAS_HEADER = "titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle"
PRINCIPALS_HEADER = "tconst\tordering\tnconst\tcategory\tjob\tcharacters"
NAMES_HEADER = "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles"


@dataclass
class Title:
    tconst: str
    kind: str
    title: str
    year: int
    aliases: list[str] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)  # (nconst, category)


def title_words(rng: random.Random) -> str:
    """A title of one to five words, shaped as real ones often are; one in twenty is one word, so an
    everyday word names some sixty films, as "Drive" or "Love" name dozens on IMDb."""
    roll = rng.random()
    if roll < 0.005:
        return rng.choice(COMMON_ONE_WORD_TITLES)
    if roll < 0.05:
        return rng.choice(WORDS).title()
    if roll < 0.3:
        return f"The {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}"
    if roll < 0.5:
        return f"{rng.choice(WORDS).title()} of the {rng.choice(WORDS).title()}"
    count = rng.choice((2, 2, 3, 3, 4, 5))
    return " ".join(rng.choice(WORDS).title() for _ in range(count))


def korean_alias(rng: random.Random) -> str:
    return "".join(rng.choice(HANGUL_SYLLABLES) for _ in range(rng.randint(2, 5)))


def person_name(rng: random.Random) -> str:
    given = rng.choice(FIRST_NAMES)
    if rng.random() < 0.3:
        given = f"{given} {rng.choice(FIRST_NAMES)}"
    return f"{given} {rng.choice(FAMILY_NAMES)}"


def generated_titles(films: int, rng: random.Random) -> Iterator[Title]:
    """``films`` films, with a series after every ninth (the builder leaves those out)."""
    for number in range(1, films + films // 9 + 1):
        kind = "tvSeries" if number % 10 == 0 else rng.choice(("movie", "movie", "movie", "tvMovie"))
        entry = Title(f"tt{number:08d}", kind, title_words(rng), rng.randint(1920, 2025))
        if rng.random() < 0.25:
            entry.aliases.append(title_words(rng))
        if rng.random() < 0.04:
            entry.aliases.append(korean_alias(rng))
        entry.people.append((f"nm{rng.randrange(PEOPLE):08d}", "director"))
        entry.people += [
            (f"nm{rng.randrange(PEOPLE):08d}", rng.choice(("actor", "actress"))) for _ in range(4)
        ]
        yield entry


def sample_web_titles(first_number: int) -> tuple[list[Title], dict[str, str]]:
    """The sample web's catalogue as IMDb rows, with its people as extra named persons."""
    titles: list[Title] = []
    people: dict[str, str] = {}
    lines = (fixtures_root() / "films.jsonl").read_text("utf-8").splitlines()
    for offset, line in enumerate(line for line in lines if line.strip()):
        film = json.loads(line)
        entry = Title(
            f"tt{first_number + offset:08d}", "movie", film["title"], film["year"], list(film["aliases"])
        )
        for category, names in (("director", film["directors"]), ("actor", film["cast"])):
            for name in names:
                nconst = people.setdefault(name, f"nm{PEOPLE + len(people):08d}")
                entry.people.append((nconst, category))
        titles.append(entry)
    return titles, {nconst: name for name, nconst in people.items()}


def write_tables(titles: Iterator[Title], out: Path) -> int:
    with (
        _gz(out / "title.basics.tsv.gz", BASICS_HEADER) as basics,
        _gz(out / "title.akas.tsv.gz", AKAS_HEADER) as akas,
        _gz(out / "title.principals.tsv.gz", PRINCIPALS_HEADER) as principals,
    ):
        count = 0
        for entry in titles:
            count += 1
            genre = "Drama"
            basics.write(
                f"{entry.tconst}\t{entry.kind}\t{entry.title}\t{entry.title}\t0\t{entry.year}\t\\N\t95\t{genre}\n"
            )
            for ordering, alias in enumerate(entry.aliases, 1):
                akas.write(f"{entry.tconst}\t{ordering}\t{alias}\t\\N\t\\N\t\\N\t\\N\t0\n")
            for ordering, (nconst, category) in enumerate(entry.people, 1):
                principals.write(f"{entry.tconst}\t{ordering}\t{nconst}\t{category}\t\\N\t\\N\n")
    return count


def write_people(rng: random.Random, known: dict[str, str], out: Path) -> None:
    with _gz(out / "name.basics.tsv.gz", NAMES_HEADER) as names:
        for number in range(PEOPLE):
            names.write(f"nm{number:08d}\t{person_name(rng)}\t\\N\t\\N\tactor\t\\N\n")
        for nconst, name in known.items():
            names.write(f"{nconst}\t{name}\t\\N\t\\N\tactor\t\\N\n")


def _gz(path: Path, header: str) -> IO[str]:
    handle = gzip.open(path, "wt", encoding="utf-8", compresslevel=1)  # noqa: SIM115 - closed by the caller
    handle.write(header + "\n")
    return handle


def generate(films: int, out: Path, seed: int) -> int:
    rng = random.Random(seed)
    sample, sample_people = sample_web_titles(films + films // 9 + 1)
    count = write_tables(_chain(generated_titles(films, rng), sample), out)
    write_people(rng, sample_people, out)
    return count


def _chain(generated: Iterator[Title], sample: list[Title]) -> Iterator[Title]:
    yield from generated
    yield from sample


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.imdbgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=700_000, help="films to generate (series are added)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("out", type=Path, help="directory for the datasets and films.jsonl")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    count = generate(args.films, args.out, args.seed)
    print(f"wrote {count} titles in {time.perf_counter() - started:.1f} s")
    return imdb.main(
        [
            *("--basics", str(args.out / "title.basics.tsv.gz")),
            *("--akas", str(args.out / "title.akas.tsv.gz")),
            *("--principals", str(args.out / "title.principals.tsv.gz")),
            *("--names", str(args.out / "name.basics.tsv.gz")),
            *("-o", str(args.out / "films.jsonl")),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
