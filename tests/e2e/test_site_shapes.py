"""`-a site=` with an empty registry on each generated site shape: a real crawl over loopback finds the
site's reviews from the pages themselves, exports nothing else, and on sites with sitemaps spends few
requests per review found."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.sitebench import crawl_shape
from devtools.siteshapes import SHAPES, WITH_SITEMAPS

MIN_RECALL = 0.95
MAX_REQUESTS_PER_REVIEW = 1.5  # on sites with sitemaps


@pytest.mark.parametrize("shape", list(SHAPES))
def test_site_crawl_finds_the_reviews_of_a_shape(shape: str, tmp_path: Path) -> None:
    figures = crawl_shape(shape, tmp_path)
    assert figures.returncode == 0, (tmp_path / "crawl.log").read_text("utf-8")[-3000:]
    assert figures.recall >= MIN_RECALL, figures
    assert figures.non_reviews_exported == 0, figures
    assert figures.others_exported == 0, figures
    if shape in WITH_SITEMAPS:
        assert figures.requests_per_review <= MAX_REQUESTS_PER_REVIEW, figures
