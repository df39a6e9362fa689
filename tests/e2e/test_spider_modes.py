"""The reviews spider's ways in: URLs, a URL file, a title; and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.sampleweb import SampleWeb
from tests.conftest import run_crawl, run_refused_crawl, write_registry


def review_url(web: SampleWeb, site: str, slug: str | None = None) -> str:
    root = web.site(site).root / "reviews"
    slug = slug or sorted(p.parent.name for p in root.glob("*/expected.json"))[0]
    return f"{web.site(site).base}/reviews/{slug}/"


def test_urls_give_one_record_per_review_page_and_none_for_listings(
    sample_web: SampleWeb, sample_registry: Path, tmp_path: Path
) -> None:
    reviews = [review_url(sample_web, "reeltalk"), review_url(sample_web, "filmfolio")]
    listings = [sample_web.site("reeltalk").base + "/", sample_web.site("filmfolio").base + "/page/2/"]
    result = run_crawl(
        tmp_path, {"urls": ",".join(reviews + listings)}, {"REVIEWCRAWL_SOURCES": str(sample_registry)}
    )
    assert result.returncode == 0
    assert sorted(r["url"] for r in result.records) == sorted(reviews)
    assert result.summary["dropped"].get("listing") == 2


def test_url_file_with_comments_and_blank_lines(
    sample_web: SampleWeb, sample_registry: Path, tmp_path: Path
) -> None:
    url = review_url(sample_web, "criticsledger")
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# reviews to fetch\n\n{url}\n", "utf-8")
    result = run_crawl(tmp_path, {"url_file": str(url_file)}, {"REVIEWCRAWL_SOURCES": str(sample_registry)})
    assert [r["url"] for r in result.records] == [url]


def test_script_shell_page_is_rendered_automatically(sample_web: SampleWeb, tmp_path: Path) -> None:
    # A registry that does not know the site: the spider cannot know it needs a browser.
    empty_registry = tmp_path / "empty.toml"
    empty_registry.write_text("", "utf-8")
    url = review_url(sample_web, "screenscript")
    result = run_crawl(tmp_path, {"urls": url}, {"REVIEWCRAWL_SOURCES": str(empty_registry)})
    assert [r["url"] for r in result.records] == [url]
    assert result.stat("reviewcrawl/browser/fallback") == 1
    assert result.summary["pages_rendered"] == 1


@pytest.mark.parametrize(
    ("year", "expected_sites"),
    [("2025", {"criticsledger"}), ("2023", {"reeltalk", "filmfolio", "yeonghwa"})],
)
def test_title_crawl_returns_only_that_film(
    year: str, expected_sites: set[str], sample_web: SampleWeb, sample_registry: Path, tmp_path: Path
) -> None:
    result = run_crawl(
        tmp_path, {"title": "Ballerina", "year": year}, {"REVIEWCRAWL_SOURCES": str(sample_registry)}
    )
    assert result.returncode == 0
    assert {r["film_title"] for r in result.records} == {"Ballerina"}
    assert {r["film_year"] for r in result.records} == {int(year)}
    by_port = {site.base: site.key for site in sample_web.sites}
    assert {by_port[r["url"].split("/reviews/")[0]] for r in result.records} == expected_sites
    assert result.summary["dropped"].get("other_film", 0) >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "source=nosuchsite"], "unknown source nosuchsite"),
        (["-a", "urls=not-a-url"], "malformed URL"),
        (["-a", "url_file=/no/such/file.txt"], "url_file not found"),
        (["-a", "title=Drive", "-a", "year=last"], "year must be a number"),
        ([], "nothing to crawl"),
    ],
)
def test_bad_arguments_stop_before_any_request(
    args: list[str], message: str, sample_web: SampleWeb, sample_registry: Path
) -> None:
    seen_before = sum(len(site.requests_seen) for site in sample_web.sites)
    done = run_refused_crawl(args, {"REVIEWCRAWL_SOURCES": str(sample_registry)}, timeout=60)
    assert done.returncode == 2
    assert len(done.errors) == 1 and message in done.errors[0]
    assert "Traceback" not in done.stderr
    assert sum(len(site.requests_seen) for site in sample_web.sites) == seen_before


def test_polite_by_default(sample_web: SampleWeb, sample_registry: Path, tmp_path: Path) -> None:
    site = sample_web.site("reeltalk")
    run_crawl(
        tmp_path, {"urls": review_url(sample_web, "reeltalk")}, {"REVIEWCRAWL_SOURCES": str(sample_registry)}
    )
    assert "/robots.txt" in site.requests_seen
    assert any(ua.startswith("reviewcrawl/") and "+http" in ua for ua in site.user_agents)


def test_registry_override_of_base_urls(sample_web: SampleWeb, tmp_path: Path) -> None:
    text = write_registry(sample_web, tmp_path / "r.toml").read_text("utf-8")
    assert all(site.base in text for site in sample_web.sites)


def test_unreachable_redis_is_one_line_before_any_request(
    sample_web: SampleWeb, sample_registry: Path
) -> None:
    seen_before = sum(len(site.requests_seen) for site in sample_web.sites)
    settings = {"REVIEWCRAWL_SOURCES": str(sample_registry), "REVIEWCRAWL_REDIS_URL": "redis://127.0.0.1:1/0"}
    done = run_refused_crawl(["-a", "source=reeltalk"], settings, timeout=60)
    assert done.returncode == 2
    assert len(done.errors) == 1 and "cannot reach Redis" in done.errors[0]
    assert "Traceback" not in done.stderr
    assert sum(len(site.requests_seen) for site in sample_web.sites) == seen_before
