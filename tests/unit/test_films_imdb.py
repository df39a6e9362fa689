"""The IMDb dataset converter, on small files in IMDb's own TSV layout."""

from __future__ import annotations

import gzip
from pathlib import Path

from reviewcrawl.films.catalogue import load_catalogue
from reviewcrawl.films.imdb import main


def write_tsv(path: Path, header: str, *lines: str) -> Path:
    data = "\n".join([header, *lines]) + "\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data.encode("utf-8")))
    else:
        path.write_text(data, "utf-8")
    return path


def test_builds_a_catalogue_with_aliases_and_people(tmp_path: Path) -> None:
    basics = write_tsv(
        tmp_path / "title.basics.tsv.gz",
        "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres",
        "tt1\tmovie\tBallerina\tBallerina\t0\t2023\t\\N\t92\tAction",
        "tt2\tmovie\tBallerina\tFrom the World of John Wick: Ballerina\t0\t2025\t\\N\t125\tAction",
        "tt3\ttvSeries\tSome Show\tSome Show\t0\t2020\t\\N\t\\N\tDrama",
        "tt4\tmovie\tUndated\tUndated\t0\t\\N\t\\N\t\\N\tDrama",
    )
    akas = write_tsv(
        tmp_path / "title.akas.tsv",
        "titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle",
        "tt1\t1\t발레리나\tKR\t\\N\t\\N\t\\N\t0",
        "tt1\t2\tBallerina\tUS\t\\N\t\\N\t\\N\t0",
    )
    principals = write_tsv(
        tmp_path / "title.principals.tsv",
        "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
        'tt1\t1\tnm1\tactress\t\\N\t["Ok-ju"]',
        "tt1\t2\tnm2\tdirector\t\\N\t\\N",
        "tt2\t1\tnm3\tactress\t\\N\t\\N",
    )
    names = write_tsv(
        tmp_path / "name.basics.tsv",
        "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
        "nm1\tJeon Jong-seo\t1994\t\\N\tactress\ttt1",
        "nm2\tLee Chung-hyun\t1990\t\\N\tdirector\ttt1",
        "nm3\tAna de Armas\t1988\t\\N\tactress\ttt2",
    )
    out = tmp_path / "films.jsonl"
    assert (
        main(
            [
                "--basics",
                str(basics),
                "--akas",
                str(akas),
                "--principals",
                str(principals),
                "--names",
                str(names),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    catalogue = load_catalogue(out)
    assert len(catalogue) == 2
    korean, spinoff = catalogue.by_name("Ballerina")
    assert (korean.year, korean.aliases, korean.directors, korean.cast) == (
        2023,
        ("발레리나",),
        ("Lee Chung-hyun",),
        ("Jeon Jong-seo",),
    )
    assert spinoff.aliases == ("From the World of John Wick: Ballerina",)
    assert catalogue.by_name("발레리나") == [korean]
