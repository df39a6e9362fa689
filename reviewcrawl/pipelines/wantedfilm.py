"""In a title crawl, only reviews of the wanted film go on."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.films.catalogue import Catalogue, load_catalogue
from reviewcrawl.films.tagger import FilmTag, is_wanted
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.stats import Drop


class WantedFilmPipeline:
    """In a title crawl, only reviews of the wanted film go on (the page readers tagged the film)."""

    def __init__(
        self, stats: StatsCollector, catalogue: Catalogue, title: str, year: int | None = None
    ) -> None:
        self.stats = stats
        self.catalogue = catalogue
        self.title = title
        self.year = year

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WantedFilmPipeline:
        run = crawl_run(crawler)
        if run.plan is None or not run.plan.title:
            raise NotConfigured  # not a title crawl: every film is wanted
        assert crawler.stats is not None
        # Aliases decide what counts as the wanted film; the catalogue is only needed in a title crawl.
        return cls(crawler.stats, load_catalogue(run.catalogue_path), run.plan.title, run.plan.year)

    def process_item(self, item: ReviewItem) -> ReviewItem:
        tag = FilmTag(item.get("film_title"), item.get("film_year"))
        if not is_wanted(tag, self.title, self.year, self.catalogue):
            raise drop(self.stats, Drop.OTHER_FILM, item.get("url"))
        return item
