"""In a title crawl, only reviews of the wanted film go on."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl.config import resolve_path
from reviewcrawl.films.catalogue import Catalogue, load_catalogue
from reviewcrawl.films.tagger import is_wanted
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.reading.page import PageOutcome
from reviewcrawl.stats import Drop


def catalogue_setting(crawler: Crawler) -> str | None:
    path = resolve_path(crawler.settings.get("REVIEWCRAWL_FILMS"))
    return str(path) if path else None


def crawl_films(crawler: Crawler | None) -> str | None:
    """The catalogue file given to this crawl with ``-a films=`` (checked by the spider), if any."""
    plan = getattr(crawler.spider, "plan", None) if crawler else None
    return str(plan.films) if plan is not None and plan.films is not None else None


class WantedFilmPipeline:
    """In a title crawl, only reviews of the wanted film go on (the page readers tagged the film)."""

    def __init__(
        self, stats: StatsCollector, catalogue: Catalogue, title: str | None = None, year: int | None = None
    ) -> None:
        self.stats = stats
        self.catalogue = catalogue
        self.title = title
        self.year = year
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WantedFilmPipeline:
        assert crawler.stats is not None
        pipeline = cls(crawler.stats, Catalogue())
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        plan = getattr(self.crawler.spider, "plan", None) if self.crawler else None
        if plan is None or not plan.title:
            return
        self.title, self.year = plan.title, plan.year
        # Aliases decide what counts as the wanted film; the catalogue is only needed in a title crawl.
        if self.crawler is not None:
            self.catalogue = load_catalogue(crawl_films(self.crawler) or catalogue_setting(self.crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageOutcome) or not self.title:
            return item
        if not is_wanted(item.film, self.title, self.year, self.catalogue):
            raise drop(self.stats, Drop.OTHER_FILM, item.record.get("url") if item.record else None)
        return item
