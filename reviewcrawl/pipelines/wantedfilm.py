"""In a title crawl, only reviews of the wanted film go on."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.films.tagger import FilmTag
from reviewcrawl.films.wanted import WantedFilm
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.stats import Count, Drop


class WantedFilmPipeline:
    """In a title crawl, only reviews of the wanted film go on (the page readers tagged the film)."""

    def __init__(self, stats: StatsCollector, wanted: WantedFilm) -> None:
        self.stats = stats
        self.wanted = wanted

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WantedFilmPipeline:
        wanted = crawl_run(crawler).wanted
        if wanted is None:
            raise NotConfigured  # not a title crawl: every film is wanted
        assert crawler.stats is not None
        return cls(crawler.stats, wanted)

    def process_item(self, item: ReviewItem) -> ReviewItem:
        tag = FilmTag(item.get("film_title"), item.get("film_year"))
        if tag.title is None:
            tag = self._tag_bare_headline(item) or tag
        if not self.wanted.keeps(tag):
            raise drop(self.stats, Drop.OTHER_FILM, item.get("url"))
        return item

    def _tag_bare_headline(self, item: ReviewItem) -> FilmTag | None:
        """An untagged review headlined with the wanted film's name alone is tagged with that film."""
        found = self.wanted.bare_headline_tag(item.get("headline"))
        if found is None:
            return None
        item["film_title"], item["film_year"], item["film_evidence"] = found.title, found.year, found.evidence
        self.stats.inc_value(Count.FILM_WANTED_TITLE.key)
        return FilmTag(found.title, found.year, found.evidence)
