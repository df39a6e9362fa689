"""The closing summary of a crawl."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl.pipelines import DROP_PREFIX

logger = logging.getLogger(__name__)


def crawl_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures a user wants at the end of a run, from Scrapy's stats."""
    dropped = {
        key.removeprefix(DROP_PREFIX + "/"): value
        for key, value in sorted(stats.items())
        if key.startswith(DROP_PREFIX + "/")
    }
    errors = sum(v for k, v in stats.items() if k.startswith("reviewcrawl/errors/"))
    return {
        "pages_fetched": stats.get("response_received_count", 0),
        "records_written": stats.get("item_scraped_count", 0),
        "dropped": dropped,
        "pages_rendered": stats.get("reviewcrawl/browser/rendered", 0),
        "browser_fallbacks": stats.get("reviewcrawl/browser/fallback", 0),
        "errors": errors,
    }


def summary_line(summary: dict[str, Any]) -> str:
    dropped = ", ".join(f"{k}={v}" for k, v in summary["dropped"].items()) or "none"
    return (
        f"reviewcrawl summary: pages fetched {summary['pages_fetched']}, "
        f"records written {summary['records_written']}, "
        f"dropped {sum(summary['dropped'].values())} ({dropped}), "
        f"rendered with the browser {summary['pages_rendered']}, errors {summary['errors']}"
    )


def own_stats(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sorted(stats.items()) if k.startswith("reviewcrawl/")}


class CrawlSummary:
    """Logs the summary line and, with REVIEWCRAWL_SUMMARY_PATH, writes it as JSON."""

    def __init__(self, stats: StatsCollector, path: Path | None = None) -> None:
        self.stats = stats
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        assert crawler.stats is not None
        path = crawler.settings.get("REVIEWCRAWL_SUMMARY_PATH")
        extension = cls(crawler.stats, Path(path) if path else None)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        stats = self.stats.get_stats()
        summary = crawl_summary(stats)
        logger.info(summary_line(summary))
        if self.path is not None:
            document = {**summary, "finish_reason": reason, "stats": own_stats(stats)}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
