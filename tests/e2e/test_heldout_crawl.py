"""Pages of sites reviewcrawl has no registry entry for, built on the same real templates.

The crawl gets them as a URL file and must give one clean record per review page,
none for listings, and render the script-built page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from devtools.sampleweb import SampleWeb
from tests.conftest import PROJECT, CrawlResult, free_port_block, run_crawl
from tests.e2e.test_sample_crawl import CHECKED_FIELDS

HELDOUT = PROJECT / "fixtures" / "heldout"
pytestmark = pytest.mark.skipif(not HELDOUT.is_dir(), reason="no held-out pages")


def pages() -> list[Path]:
    return sorted(HELDOUT.glob("*/*.html"))


def expected_for(page: Path, base: str) -> dict[str, Any] | None:
    path = page.with_suffix(".expected.json")
    if not path.exists():
        return None
    return dict(json.loads(path.read_text("utf-8").replace("{{base}}", base)))


@pytest.fixture(scope="module")
def heldout_web() -> Any:
    web = SampleWeb.single_folder(HELDOUT, free_port_block(1), key="heldout").start()
    yield web
    web.stop()


@pytest.fixture(scope="module")
def heldout_crawl(heldout_web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("heldout")
    base = heldout_web.sites[0].base
    url_file = tmp / "urls.txt"
    url_file.write_text("".join(f"{base}/{p.relative_to(HELDOUT)}\n" for p in pages()), "utf-8")
    empty_registry = tmp / "empty.toml"
    empty_registry.write_text("", "utf-8")
    return run_crawl(tmp, {"url_file": str(url_file)}, {"REVIEWCRAWL_SOURCES": str(empty_registry)})


def test_one_record_per_review_page_none_for_listings(
    heldout_crawl: CrawlResult, heldout_web: SampleWeb
) -> None:
    base = heldout_web.sites[0].base
    expected = sorted(f"{base}/{p.relative_to(HELDOUT)}" for p in pages() if expected_for(p, base))
    assert sorted(r["url"] for r in heldout_crawl.records) == expected
    assert "Traceback" not in heldout_crawl.log


def test_script_built_page_was_rendered(heldout_crawl: CrawlResult) -> None:
    assert heldout_crawl.stat("reviewcrawl/browser/fallback") >= 1


@pytest.mark.parametrize("field", CHECKED_FIELDS)
def test_heldout_fields(field: str, heldout_crawl: CrawlResult, heldout_web: SampleWeb) -> None:
    base = heldout_web.sites[0].base
    crawled = {r["url"]: r for r in heldout_crawl.records}
    wrong = []
    for page in pages():
        expected = expected_for(page, base)
        if expected is None:
            continue
        record = crawled.get(expected["url"], {})
        if record.get(field) != expected[field]:
            wrong.append((page.name, record.get(field), expected[field]))
    assert not wrong
