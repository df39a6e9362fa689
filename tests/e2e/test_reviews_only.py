"""Listing, category, tag, author, search and home pages never become review records."""

from __future__ import annotations

from pathlib import Path

from devtools.sampleweb import SampleWeb
from tests.conftest import run_crawl


def listing_urls(web: SampleWeb) -> list[str]:
    urls = []
    for site in web.sites:
        for index in sorted(site.root.glob("**/index.html")):
            if not (index.parent / "expected.json").exists():
                relative = index.parent.relative_to(site.root).as_posix()
                urls.append(f"{site.base}/" + (f"{relative}/" if relative != "." else ""))
        if site.config.search:
            urls.append(f"{site.base}/?s=ballerina")
    return urls


def test_every_listing_page_is_dropped_as_listing(
    sample_web: SampleWeb, sample_registry: Path, tmp_path: Path
) -> None:
    urls = listing_urls(sample_web)
    assert len(urls) >= 25
    url_file = tmp_path / "listings.txt"
    url_file.write_text("\n".join(urls) + "\n", "utf-8")
    result = run_crawl(tmp_path, {"url_file": str(url_file)}, {"REVIEWCRAWL_SOURCES": str(sample_registry)})
    assert result.returncode == 0
    assert result.records == []
    assert result.summary["dropped"] == {"listing": len(urls)}
