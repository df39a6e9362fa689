"""``scrapy crawl`` that rejects bad spider arguments with one line, before any request."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from reviewcrawl.arguments import ArgumentError, plan_crawl
from reviewcrawl.config import registry_from_settings
from reviewcrawl.distributed import check_redis, is_shared
from reviewcrawl.films.catalogue import CatalogueError
from reviewcrawl.resume import jobdir_error
from reviewcrawl.sources import RegistryError

CHECKED_SPIDERS = {"reviews"}


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and args[0] in CHECKED_SPIDERS:
            error = self.argument_error(opts.spargs)
            if error:
                print(f"reviewcrawl: error: {error}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)

    def argument_error(self, spider_args: dict[str, str]) -> str | None:
        assert self.settings is not None
        unusable_jobdir = jobdir_error(self.settings)
        if unusable_jobdir:
            return unusable_jobdir
        try:
            plan_crawl(registry_from_settings(self.settings), spider_args)
            if is_shared(self.settings):
                check_redis(self.settings["REVIEWCRAWL_REDIS_URL"])
        except (ArgumentError, RegistryError, CatalogueError, ValueError) as exc:
            return str(exc)
        return None
