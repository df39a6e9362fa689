"""A title crawl means catalogue entries: a title given by alias means that film only, site search asks for
every name of it; and a saved page extracted with the crawl's catalogue gets the crawl's film tag."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

from devtools.sampleweb import SampleWeb
from tests.conftest import PROJECT, run_crawl

ALIAS_2025 = "From the World of John Wick: Ballerina"
SEARCHING_SITES = ("reeltalk", "filmfolio")  # the sample registry's sources with a `search` template


def site_keys(web: SampleWeb, records: list[dict[str, object]]) -> list[str]:
    by_base = {site.base: site.key for site in web.sites}
    return sorted(by_base[str(r["url"]).split("/reviews/")[0]] for r in records)


def searches_since(web: SampleWeb, seen_before: dict[str, int]) -> dict[str, set[str]]:
    """The search queries each site was sent since ``seen_before`` (its count of requests then)."""
    return {
        site.key: {
            unquote_plus(path.removeprefix("/?s="))
            for path in site.requests_seen[seen_before[site.key] :]
            if path.startswith("/?s=")
        }
        for site in web.sites
    }


@pytest.mark.parametrize(
    ("title", "films", "sites", "searched", "log_line"),
    [
        pytest.param(
            "발레리나",
            {("Ballerina", 2023)},
            ["filmfolio", "reeltalk", "yeonghwa"],
            {"Ballerina", "발레리나"},
            "Title crawl: '발레리나' means Ballerina (2023)",
            id="alias-of-2023",
        ),
        pytest.param(
            ALIAS_2025,
            {("Ballerina", 2025)},
            ["criticsledger"],
            {"Ballerina", ALIAS_2025},
            f"Title crawl: {ALIAS_2025!r} means Ballerina (2025)",
            id="alias-of-2025",
        ),
        pytest.param(
            "Ballerina",
            {("Ballerina", 2023), ("Ballerina", 2025)},
            ["criticsledger", "filmfolio", "reeltalk", "yeonghwa"],
            {"Ballerina", "발레리나", ALIAS_2025},
            "Title crawl: 'Ballerina' names 2 films in the catalogue",
            id="shared-name-without-year",
        ),
    ],
)
def test_a_title_means_its_catalogue_entry_and_every_name_of_it_is_searched(
    title: str,
    films: set[tuple[str, int]],
    sites: list[str],
    searched: set[str],
    log_line: str,
    sample_web: SampleWeb,
    sample_registry: Path,
    tmp_path: Path,
) -> None:
    seen_before = {site.key: len(site.requests_seen) for site in sample_web.sites}
    result = run_crawl(tmp_path, {"title": title}, {"REVIEWCRAWL_SOURCES": str(sample_registry)})
    assert result.returncode == 0, result.stderr
    assert {(r["film_title"], r["film_year"]) for r in result.records} == films
    assert site_keys(sample_web, result.records) == sites
    assert log_line in result.log
    queries = searches_since(sample_web, seen_before)
    assert {key: queries[key] for key in SEARCHING_SITES} == {key: searched for key in SEARCHING_SITES}


def run_extract(page: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "reviewcrawl.cli", "extract", str(page), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert isinstance(record, dict)
    return record


def film_fields(record: dict[str, object]) -> tuple[object, ...]:
    return record["film_title"], record["film_year"], record["film_evidence"], record["mentioned_films"]


def test_extract_with_the_crawls_catalogue_tags_a_saved_page_as_the_crawl_did(
    sample_web: SampleWeb, sample_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A catalogue the page's headline names only by its Korean alias: the tag depends on the catalogue.
    films = tmp_path / "films.jsonl"
    line = {"title": "Ballerina of Seoul", "year": 2023, "aliases": ["발레리나"], "cast": ["Jeon Jong-seo"]}
    films.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    site = sample_web.site("yeonghwa")
    page = site.root / "reviews" / "ballerina" / "index.html"
    settings = {"REVIEWCRAWL_SOURCES": str(sample_registry)}
    url = f"{site.base}/reviews/ballerina/"
    crawled = run_crawl(tmp_path / "crawl", {"urls": url, "films": str(films)}, settings)
    assert len(crawled.records) == 1
    expected = film_fields(crawled.records[0])
    assert expected[:2] == ("Ballerina of Seoul", 2023)

    assert film_fields(run_extract(page, "--films", str(films))) == expected
    assert film_fields(run_extract(page))[:2] == ("Ballerina", 2023)  # the sample catalogue by default
    # The environment variable REVIEWCRAWL_FILMS: read by the extract command and by the crawl alike.
    monkeypatch.setenv("REVIEWCRAWL_FILMS", str(films))
    assert film_fields(run_extract(page, env=dict(os.environ))) == expected
    by_environment = run_crawl(tmp_path / "env", {"urls": url}, settings)
    assert [film_fields(r) for r in by_environment.records] == [expected]


def test_extract_refuses_a_bad_catalogue_with_one_line(tmp_path: Path) -> None:
    page = PROJECT / "fixtures" / "sample-web" / "sites" / "yeonghwa" / "reviews" / "ballerina" / "index.html"
    missing = tmp_path / "none.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "reviewcrawl.cli", "extract", str(page), "--films", str(missing)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == (
        f"reviewcrawl: error: --films must be a film catalogue file that exists, got '{missing}'"
    )
