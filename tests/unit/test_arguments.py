from __future__ import annotations

from pathlib import Path

import pytest

from reviewcrawl.planning.arguments import ArgumentError, parse_year, plan_crawl, urls_from_file
from reviewcrawl.planning.sources import Registry, load_registry
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(PROJECT / "sources.toml")


def test_urls_and_sources_combine(registry: Registry) -> None:
    plan = plan_crawl(registry, {"urls": "http://a.example/x, https://b.example/y", "source": "reeltalk"})
    assert plan.urls == ("http://a.example/x", "https://b.example/y")
    assert [s.key for s in plan.sources] == ["reeltalk"]


def test_title_alone_uses_every_source(registry: Registry) -> None:
    plan = plan_crawl(registry, {"title": " Ballerina ", "year": "2023"})
    assert plan.title == "Ballerina" and plan.year == 2023
    assert len(plan.sources) == len(registry.sources)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"urls": "javascript:alert(1)"}, "malformed URL"),
        ({"urls": ","}, "urls is empty"),
        ({"urls": "http://x.example/" + "a" * 3000}, "longer than"),
        ({"source": "reeltalk,ghost"}, "unknown source ghost"),
        ({"title": "X", "year": "20x5"}, "year must be a number"),
        ({"title": "X", "year": "1500"}, "year must be a number"),
        ({"year": "2020"}, "year needs a title"),
        ({"title": "  "}, "title is empty"),
        ({"urls": "http://x.example/", "films": "/no/such/films.jsonl"}, "film catalogue not found"),
        ({}, "nothing to crawl"),
    ],
)
def test_bad_values_are_named(registry: Registry, args: dict[str, str], message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        plan_crawl(registry, dict(args))


def test_url_file_reports_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("http://ok.example/\n# comment\nnot a url\n", "utf-8")
    with pytest.raises(ArgumentError, match="line 3"):
        urls_from_file(str(path))


def test_year_accepts_blank() -> None:
    assert parse_year(None) is None and parse_year("") is None
