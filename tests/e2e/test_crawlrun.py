"""One crawl's shared facts: the plan the spider made and the one state store, reached through the crawler;
and one item type after reading: a review, or a page dropped under its reason."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.downloadermiddlewares.scope import ScopeMiddleware
from reviewcrawl.items import RECORD_FIELDS, PageItem, ReviewItem
from reviewcrawl.pipelines import NearDuplicatePipeline, ReadPagePipeline, StatePipeline, ValidatePipeline
from reviewcrawl.pipelines.wantedfilm import WantedFilmPipeline
from reviewcrawl.spiders.reviews import ReviewsSpider
from tests.conftest import PROJECT, SAMPLE_WEB

PAGE_URL = "http://127.0.0.1:8711/reviews/past-lives-review/"
REVIEW_PAGE = SAMPLE_WEB / "sites" / "reeltalk" / "reviews" / "past-lives-review" / "index.html"
LISTING_PAGE = SAMPLE_WEB / "sites" / "reeltalk" / "index.html"


def planned_crawler(settings: dict[str, object] | None = None, **arguments: str) -> Crawler:
    """A crawler whose reviews spider was built, as a crawl builds it first."""
    project = {"REVIEWCRAWL_SOURCES": str(PROJECT / "sources.toml"), "REVIEWCRAWL_READER_PROCESSES": 0}
    crawler = get_crawler(ReviewsSpider, settings_dict={**project, **(settings or {})})
    crawler.spider = ReviewsSpider.from_crawler(crawler, urls=PAGE_URL, **arguments)
    return crawler


def claimable_elsewhere(path: Path) -> bool:
    """Whether another process may take the state file now."""
    claim = f"from reviewcrawl.store.state import claim_state_file; claim_state_file({str(path)!r})"
    return subprocess.run([sys.executable, "-c", claim], capture_output=True, check=False).returncode == 0


def test_a_crawl_opens_its_state_store_once_and_closes_it_when_the_engine_stops(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    crawler = planned_crawler({"REVIEWCRAWL_STATE_DB": str(path)})
    near, state = NearDuplicatePipeline.from_crawler(crawler), StatePipeline.from_crawler(crawler)
    spider = crawler.spider
    assert isinstance(spider, ReviewsSpider)
    store = crawl_run(crawler).store
    assert store is not None
    assert spider.freshness.store is store and near.store is store and state.store is store
    assert near.index.path == store.path  # the near-duplicate index keeps its tables in the store's file
    assert not claimable_elsewhere(path)
    near.close_spider()
    state.close_spider()
    crawler.signals.send_catch_log(signals.engine_stopped)
    assert claimable_elsewhere(path)


def test_the_plan_the_spider_made_reaches_the_components() -> None:
    crawler = planned_crawler()
    spider = crawler.spider
    assert isinstance(spider, ReviewsSpider)
    assert crawl_run(crawler).plan is spider.plan
    assert ScopeMiddleware.from_crawler(crawler).sites == {("127.0.0.1", 8711)}
    with pytest.raises(NotConfigured):  # not a title crawl: every film is wanted
        WantedFilmPipeline.from_crawler(crawler)
    films = str(SAMPLE_WEB / "films.jsonl")
    wanted = WantedFilmPipeline.from_crawler(planned_crawler(title="Past Lives", year="2023", films=films))
    assert (wanted.wanted.title, wanted.wanted.year) == ("Past Lives", 2023)
    assert [film.title for film in wanted.wanted.entries] == ["Past Lives"]


def read(crawler: Crawler, page: Path) -> ReviewItem:
    reader = ReadPagePipeline.from_crawler(crawler)
    item = PageItem(url=PAGE_URL, body_bytes=page.read_bytes(), fetched_at="2024-03-01T00:00:00+00:00")
    try:
        return asyncio.run(reader.process_item(item))
    finally:
        reader.close_spider()


def test_reading_gives_a_whole_review_or_drops_the_page_under_its_reason() -> None:
    crawler = planned_crawler()
    review = read(crawler, REVIEW_PAGE)
    assert isinstance(review, ReviewItem)
    assert list(review)[: len(RECORD_FIELDS)] == list(RECORD_FIELDS)
    assert review["fetched_at"] == "2024-03-01T00:00:00+00:00" and review["film_title"] == "Past Lives"
    assert review["text_units"] >= 80 and len(review["minhash"]) == 512
    validated = ValidatePipeline.from_crawler(crawler).process_item(review)
    assert "text_units" not in validated  # read only by validation: kept out of the "Scraped" log lines

    with pytest.raises(DropItem, match=f"^listing: {PAGE_URL}$"):
        read(crawler, LISTING_PAGE)
    assert crawler.stats is not None
    assert crawler.stats.get_value("reviewcrawl/dropped/listing") == 1
