"""``scrapy crawl`` that refuses bad settings, spider arguments and an unusable state file with one line,
before any request; exits with status 1 when the export could not be written or the run reached nothing.

Scrapyd runs this command too (``scrapyd.runner crawl``, the project's ``COMMANDS_MODULE``); its job log is
the run's ``LOG_FILE``, so a refusal is written there as well as on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from reviewcrawl.config import registry_from_settings
from reviewcrawl.distributed.addon import check_redis, is_shared
from reviewcrawl.export.jobdir import jobdir_error
from reviewcrawl.export.summary import crawl_summary
from reviewcrawl.films.catalogue import CatalogueError
from reviewcrawl.planning.arguments import ArgumentError, check_argument_names, plan_crawl
from reviewcrawl.planning.sources import RegistryError
from reviewcrawl.settingcheck import setting_error
from reviewcrawl.stats import Count
from reviewcrawl.store.backend import claim_state_backend
from reviewcrawl.store.state import StateFileError

CHECKED_SPIDERS = {"reviews"}
REFUSED = 2  # bad settings or arguments: nothing was requested
FAILED = 1  # the export could not be written, or every fetch failed and no server answered


def say_error(message: str, settings: BaseSettings | None = None) -> None:
    """One line on stderr and, when the run has a log file (a Scrapyd job's log), in it too."""
    line = f"reviewcrawl: error: {message}"
    print(line, file=sys.stderr)
    log_file = settings.get("LOG_FILE") if settings is not None else None
    if log_file:
        try:
            with Path(log_file).open("a", encoding="utf-8") as log:
                log.write(line + "\n")
        except OSError:
            pass  # stderr has the line already


def argument_error(settings: BaseSettings, spider_args: dict[str, str]) -> str | None:
    """Why the reviews spider cannot start with these arguments and settings, or None."""
    try:
        check_argument_names(spider_args)  # a misspelt argument is named before the registry is read
        plan_crawl(registry_from_settings(settings), spider_args)
        if is_shared(settings):
            check_redis(settings["REVIEWCRAWL_REDIS_URL"])
        if settings.get("REVIEWCRAWL_STATE_DB"):
            # A state file is held by this process until it ends: a second run on it is refused here.
            claim_state_backend(settings["REVIEWCRAWL_STATE_DB"])
    except (ArgumentError, RegistryError, CatalogueError, StateFileError, ValueError) as exc:
        return str(exc)
    return None


def failure_of(crawler: Crawler) -> str | None:
    """Why a finished crawl counts as failed: its export could not be written, or it reached nothing."""
    if crawler.stats is None:
        return None
    export_error = crawler.stats.get_value(Count.EXPORT_ERROR.key)
    if export_error:
        return str(export_error)
    if crawl_summary(crawler.stats.get_stats())["reached_nothing"]:
        return ""  # the summary line says so already
    return None


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) < 1:
            raise UsageError
        if len(args) > 1:
            raise UsageError("running 'scrapy crawl' with more than one spider is not supported")
        assert self.settings is not None and self.crawler_process is not None
        error = setting_error(self.settings) or jobdir_error(self.settings)
        if error is None and args[0] in CHECKED_SPIDERS:
            error = argument_error(self.settings, opts.spargs)
        if error:
            say_error(error, self.settings)
            self.exitcode = REFUSED
            return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = FAILED
            return
        failure = failure_of(crawler)
        if failure is not None:
            if failure:
                say_error(failure, self.settings)
            self.exitcode = FAILED
