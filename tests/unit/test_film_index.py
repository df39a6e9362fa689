"""The catalogue's shared name index, on a generated catalogue of 20k films in IMDb's manner."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.imdbgen import generated_titles, korean_alias, title_words
from devtools.imdbwords import WORDS
from reviewcrawl.films.catalogue import Catalogue, CatalogueError, Film, fold, load_catalogue
from reviewcrawl.films.index import WIDE_SCRIPT
from reviewcrawl.films.indexfile import index_name
from reviewcrawl.films.words import word_positions

FILMS = 20_000


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache / "reviewcrawl" / "film-index"


def generated_films(count: int) -> list[Film]:
    rng = random.Random(20)
    return [
        Film(entry.title, entry.year, tuple(entry.aliases), ("Ana Reed",), ("Tom Kim",))
        for entry in generated_titles(count, rng)
        if entry.kind != "tvSeries"
    ]


def write_catalogue(path: Path, films: list[Film]) -> Path:
    lines = (
        json.dumps(
            {
                "title": f.title,
                "year": f.year,
                "aliases": list(f.aliases),
                "directors": list(f.directors),
                "cast": list(f.cast),
            }
        )
        for f in films
    )
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def scanned_names_in(films: list[Film], folded_text: str) -> dict[str, list[Film]]:
    """names_in as a scan over every name: what the index must answer."""
    found: dict[str, dict[Film, None]] = {}  # equal lines are one film
    for film in films:
        for name in dict.fromkeys(fold(n) for n in film.names):
            wide = WIDE_SCRIPT.match(name)  # Hangul, kana, CJK: anywhere, words carry particles
            if name and name in folded_text and (wide or word_positions(folded_text, name)):
                found.setdefault(name, {})[film] = None
    return {name: list(named) for name, named in found.items()}


def page_texts(films: list[Film]) -> list[str]:
    rng = random.Random(7)
    texts = []
    for _ in range(30):
        words = [rng.choice(WORDS) for _ in range(300)]
        words += [title_words(rng) for _ in range(10)] + [rng.choice(films).title for _ in range(5)]
        words += [korean_alias(rng) + "는" for _ in range(5)]
        rng.shuffle(words)
        texts.append(" ".join(words))
    return texts


@pytest.fixture(scope="module")
def films() -> list[Film]:
    return generated_films(FILMS)


def test_index_answers_as_a_scan_of_every_name(tmp_path: Path, films: list[Film]) -> None:
    catalogue = load_catalogue(write_catalogue(tmp_path / "films.jsonl", films))
    in_memory = Catalogue(films)
    assert len(catalogue) == len(in_memory) == len(films)
    for text in page_texts(films):
        folded = fold(text)
        expected = scanned_names_in(films, folded)
        assert len(expected) > 20
        assert catalogue.names_in(folded) == expected
        assert in_memory.names_in(folded) == expected
    for film in films[:: len(films) // 200]:
        for name in film.names:
            assert (
                catalogue.by_name(name)
                == in_memory.by_name(name)
                == scanned_names_in(films, fold(name))[fold(name)]
            )
    assert catalogue.by_name("no such film at all") == []


def test_answers_hold_when_the_process_forgets_what_it_kept(tmp_path: Path, films: list[Film]) -> None:
    catalogue = load_catalogue(write_catalogue(tmp_path / "films.jsonl", films))
    catalogue.films_kept_at_most = 300
    catalogue._index.answers_kept_at_most = 500
    for text in page_texts(films)[:10]:
        folded = fold(text)
        assert catalogue.names_in(folded) == scanned_names_in(films, folded)


def _index_opened_by_another_process(catalogue: Path, cache_home: Path) -> str:
    """The index file a separate process maps after loading ``catalogue``, with its inode."""
    script = (
        "import os, sys; from reviewcrawl.films.catalogue import load_catalogue, fold\n"
        "c = load_catalogue(sys.argv[1]); c.names_in(fold('the night'))\n"
        "path = next(l.split()[-1] for l in open('/proc/self/maps') if l.rstrip().endswith('.sqlite'))\n"
        "print(path, os.stat(path).st_ino)\n"
    )
    env = {
        "XDG_CACHE_HOME": str(cache_home),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "PATH": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(catalogue)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_processes_share_one_index_file(tmp_path: Path, films: list[Film], own_cache: Path) -> None:
    catalogue = write_catalogue(tmp_path / "films.jsonl", films[:2000])
    load_catalogue(catalogue)  # built once, here
    built = list(own_cache.glob("*.sqlite"))
    first = _index_opened_by_another_process(catalogue, tmp_path / "cache")
    second = _index_opened_by_another_process(catalogue, tmp_path / "cache")
    assert first == second
    assert first.split()[0] == str(built[0])
    assert list(own_cache.glob("*.sqlite")) == built


def test_a_changed_catalogue_is_rebuilt(tmp_path: Path, films: list[Film], own_cache: Path) -> None:
    path = write_catalogue(tmp_path / "films.jsonl", films[:500])
    assert load_catalogue(path).by_name("Quite Another Film") == []
    _, before = index_name(path)
    write_catalogue(path, [*films[:500], Film("Quite Another Film", 2024)])
    _, after = index_name(path)
    assert after != before
    assert [f.year for f in load_catalogue(path).by_name("quite another film")] == [2024]
    assert [p.name for p in own_cache.glob("*.sqlite")] == [after]


def test_a_bad_catalogue_leaves_no_index(tmp_path: Path, own_cache: Path) -> None:
    path = tmp_path / "films.jsonl"
    path.write_text('{"title": "Drive", "year": 2011}\n{"title": "Her", "year": "soon"}\n', "utf-8")
    with pytest.raises(CatalogueError, match="line 2"):
        load_catalogue(path)
    assert [p.name for p in own_cache.iterdir() if not p.name.endswith(".lock")] == []


def test_an_empty_catalogue_answers_without_building_an_index() -> None:
    empty = Catalogue()
    assert empty.names_in("ballerina drive") == {}
    assert empty.by_name("Ballerina") == []
    assert "_index" not in empty.__dict__
