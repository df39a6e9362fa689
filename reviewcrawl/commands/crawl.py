"""``scrapy crawl`` that rejects bad spider arguments and an unusable state file with one line, before any
request, and ends with one line and exit status 1 when the export could not be written."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler

from reviewcrawl.arguments import ArgumentError, plan_crawl
from reviewcrawl.config import registry_from_settings
from reviewcrawl.distributed import check_redis, is_shared
from reviewcrawl.feedexport import ERROR_STAT
from reviewcrawl.films.catalogue import CatalogueError
from reviewcrawl.sources import RegistryError
from reviewcrawl.state import StateFileError, claim_state_file

CHECKED_SPIDERS = {"reviews"}


def error(message: str) -> None:
    print(f"reviewcrawl: error: {message}", file=sys.stderr)


class Command(ScrapyCrawlCommand):
    crawlers: list[Crawler]

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and args[0] in CHECKED_SPIDERS:
            problem = self.argument_error(opts.spargs)
            if problem:
                error(problem)
                self.exitcode = 2
                return
        self.crawlers = []
        super().run(args, opts)
        self.report_export_failure()

    def argument_error(self, spider_args: dict[str, str]) -> str | None:
        assert self.settings is not None
        try:
            plan_crawl(registry_from_settings(self.settings), spider_args)
            if is_shared(self.settings):
                check_redis(self.settings["REVIEWCRAWL_REDIS_URL"])
            if self.settings.get("REVIEWCRAWL_STATE_DB"):
                # Held by this process until it ends: a second run on the file is refused here.
                claim_state_file(self.settings["REVIEWCRAWL_STATE_DB"])
        except (ArgumentError, RegistryError, CatalogueError, StateFileError, ValueError) as exc:
            return str(exc)
        return None

    def _create_crawler(self, spidercls: Any) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)  # kept to read its stats once it has finished
        return crawler

    def report_export_failure(self) -> None:
        for crawler in self.crawlers:
            failure = crawler.stats.get_value(ERROR_STAT) if crawler.stats else None
            if failure:
                error(failure)
                self.exitcode = 1
                return
