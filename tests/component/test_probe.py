"""`reviewcrawl sources probe` on the generated site shapes, served on loopback (devtools.siteshapes).

Each shape's ground truth (its review and non-review addresses) judges what the probe found: its sitemaps,
feeds and search, its review verdicts, the review URL shape and the registry entry it writes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.siteshapes import SHAPES, ShapeServer
from reviewcrawl.planning.sources import load_registry
from reviewcrawl.probe.entry import write_entry
from reviewcrawl.probe.report import render
from reviewcrawl.probe.run import Findings, ProbeOptions, probe_site

PROJECT = Path(__file__).resolve().parents[2]
FAST = ProbeOptions(min_delay=0.0)
# shape -> (top-level sitemaps, feeds, search kinds, JavaScript needed)
EXPECTED = {
    "wp-yoast": (["/sitemap_index.xml"], ["/feed/"], ["wordpress-rest", "wordpress"], False),
    "wp-core": (["/wp-sitemap.xml"], ["/feed/"], ["wordpress"], False),
    "ghost": (["/sitemap.xml"], [], [], False),
    "drupal": ([], ["/rss.xml"], ["opensearch"], False),
    "nextjs": (["/news-sitemap.xml", "/pages-sitemap.xml"], [], [], True),
    "sections": ([], [], [], False),
    "mixed": ([], ["/feed/"], ["wordpress"], False),
}
SITEMAP_PAGES = {"wp-yoast": 74, "wp-core": 74, "ghost": 75, "nextjs": 71}


@pytest.fixture(scope="module")
def probed() -> Iterator[dict[str, tuple[ShapeServer, Findings]]]:
    servers = {shape: ShapeServer(shape).start() for shape in sorted(SHAPES)}
    yield {shape: (server, probe_site(server.base + "/", FAST)) for shape, server in servers.items()}
    for server in servers.values():
        server.stop()


def paths(urls: list[str], base: str) -> list[str]:
    return [url.removeprefix(base) for url in urls]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_discovery_per_shape(probed: dict[str, tuple[ShapeServer, Findings]], shape: str) -> None:
    server, findings = probed[shape]
    sitemaps, feeds, search, js = EXPECTED[shape]
    assert paths([s.url for s in findings.sitemaps], server.base) == sitemaps
    assert paths([f.url for f in findings.feeds], server.base) == feeds
    assert [s.kind for s in findings.search] == search
    assert findings.needs_js is js
    if shape in SITEMAP_PAGES:
        assert sum(s.page_count() for s in findings.sitemaps) == SITEMAP_PAGES[shape]
    assert all(f.items == 10 for f in findings.feeds)
    assert len(findings.requests) <= FAST.budget


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_review_verdicts_and_shape_match_ground_truth(
    probed: dict[str, tuple[ShapeServer, Findings]], shape: str
) -> None:
    server, findings = probed[shape]
    reviews, others = server.review_urls(), server.other_urls()
    for verdict in findings.verdicts:
        assert verdict.review == (verdict.url in reviews), verdict
    assert len(findings.reviews) >= 3
    assert findings.shape is not None
    assert all(findings.shape.matches(url) for url in reviews)
    covered_others = {url for url in others if findings.shape.matches(url)}
    if findings.shape.separates:
        assert not covered_others
    elif findings.shape.untested:
        assert "whether it also covers other articles is not known" in render(findings)
    else:  # the probe says so, naming real non-reviews
        assert set(findings.shape.mixed_with) <= covered_others
        assert "the address does not tell reviews apart here" in render(findings)


def test_shape_separates_where_the_address_does(probed: dict[str, tuple[ShapeServer, Findings]]) -> None:
    server, findings = probed["nextjs"]
    assert findings.shape is not None and findings.shape.pattern == r"^/reviews/[^/]+$"
    assert not any(findings.shape.matches(url) for url in server.other_urls())


def test_report_names_what_was_found(probed: dict[str, tuple[ShapeServer, Findings]]) -> None:
    server, findings = probed["wp-yoast"]
    text = render(findings)
    assert f"Sitemap: {server.base}/sitemap_index.xml" in text
    assert f"{server.base}/post-sitemap.xml: urlset, 69 URLs, lastmod on 69" in text
    assert f"{server.base}/feed/: rss, 10 items" in text
    assert "WordPress REST API (JSON): /wp-json/wp/v2/posts?search={query}" in text
    assert "JavaScript needed: no" in text
    assert "content selector: none, the generic extractor is used" in text
    assert "JavaScript needed: yes" in render(probed["nextjs"][1])


def test_written_entries_parse_and_keep_the_reviews(
    probed: dict[str, tuple[ShapeServer, Findings]], tmp_path: Path
) -> None:
    registry_file = tmp_path / "sources.toml"
    registry_file.write_text("# my registry\n", "utf-8")
    for shape in sorted(SHAPES):
        write_entry(probed[shape][1], registry_file, f"reviewcrawl sources probe {shape}")
    text = registry_file.read_text("utf-8")
    assert text.startswith("# my registry\n") and "review it before crawling" in text
    registry = load_registry(registry_file)
    assert len(registry.sources) == len(SHAPES)
    for shape in SHAPES:
        server, _ = probed[shape]
        source = registry.for_url(server.base + "/")
        assert source is not None
        assert all(source.is_review_url(url) for url in server.review_urls())
    assert registry.for_url(probed["nextjs"][0].base + "/").js  # type: ignore[union-attr]


def test_bad_argument_is_one_line_and_status_2() -> None:
    for url in ("not-a-url", "http://127.0.0.1:9/"):  # no scheme; nothing listens on the discard port
        done = subprocess.run(
            [sys.executable, "-m", "reviewcrawl.cli", "sources", "probe", url],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2
        assert done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("reviewcrawl: error: "), done.stderr
