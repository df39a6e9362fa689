"""The closing summary of a crawl."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from reviewcrawl.export.jsonlines import exported_signal, file_path_of_uri
from reviewcrawl.stats import ROOT, Count, Drop, Error, Reason, Skip

logger = logging.getLogger(__name__)
SUMMARY_SUFFIX = ".summary.json"


def crawl_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures a user wants at the end of a run, from Scrapy's stats."""
    dropped = by_family(stats, Drop)
    errors = sum(by_family(stats, Error).values())
    skipped = by_family(stats, Skip)
    pages_fetched = stats.get("response_received_count", 0)
    return {
        "new": stats.get(Count.RECORDS_NEW.key, 0),
        "changed": stats.get(Count.RECORDS_CHANGED.key, 0),
        # fetched with the same body, or answered 304 Not Modified
        "unchanged": dropped.get(Drop.UNCHANGED, 0) + stats.get(Count.NOT_MODIFIED_ANSWERS.key, 0),
        "duplicates": dropped.get(Drop.DUPLICATE, 0),
        "pages_fetched": pages_fetched,
        # Records every feed took; one that could not be written is not counted (see feedexport.py).
        "records_written": stats.get(Count.RECORDS_NEW.key, 0) + stats.get(Count.RECORDS_CHANGED.key, 0),
        "dropped": dropped,
        "skipped": skipped,
        "pages_rendered": stats.get(Count.BROWSER_RENDERED.key, 0),
        "browser_fallbacks": stats.get(Count.BROWSER_FALLBACK.key, 0),
        "errors": errors,
        # -a site= crawls: what finding their reviews cost
        "requests_per_review": requests_per_review(stats),
        # Every fetch failed and no server answered: the run never reached the web it was sent to.
        "reached_nothing": pages_fetched == 0 and errors > 0,
    }


def requests_per_review(stats: dict[str, Any]) -> float | None:
    reviews = stats.get(Count.SITE_REVIEWS.key, 0)
    return round(stats.get(Count.SITE_REQUESTS.key, 0) / reviews, 2) if reviews else None


def by_family(stats: dict[str, Any], family: type[Reason]) -> dict[str, int]:
    """The counts of one family by reason, in the order of their names."""
    prefix = family.family() + "/"
    return {key.removeprefix(prefix): value for key, value in sorted(stats.items()) if key.startswith(prefix)}


def by_reason(counts: dict[str, int]) -> str:
    return f"{sum(counts.values())} ({', '.join(f'{k}={v}' for k, v in counts.items()) or 'none'})"


def summary_line(summary: dict[str, Any]) -> str:
    line = (
        f"reviewcrawl summary: pages fetched {summary['pages_fetched']}, "
        f"records written {summary['records_written']} "
        f"(new {summary['new']}, changed {summary['changed']}), "
        f"unchanged {summary['unchanged']}, duplicates {summary['duplicates']}, "
        f"dropped {by_reason(summary['dropped'])}, skipped {by_reason(summary['skipped'])}, "
        f"rendered with the browser {summary['pages_rendered']}, errors {summary['errors']}"
    )
    if summary["requests_per_review"] is not None:
        line += f", requests per review found {summary['requests_per_review']}"
    return line + (", nothing reached: no host answered" if summary["reached_nothing"] else "")


def own_stats(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sorted(stats.items()) if k.startswith(ROOT + "/")}


def first_export_path(feeds: dict[str, Any]) -> Path | None:
    """The first feed that is a plain local file (no ``%(...)s`` placeholders), if any."""
    for uri in feeds:
        path = file_path_of_uri(str(uri))
        if path is not None and "%(" not in str(path):
            return path
    return None


def summary_path(settings: Any) -> Path | None:
    """REVIEWCRAWL_SUMMARY_PATH, else ``<export path>.summary.json`` beside the first file export."""
    if settings.get("REVIEWCRAWL_SUMMARY_PATH"):
        return Path(settings.get("REVIEWCRAWL_SUMMARY_PATH"))
    export = first_export_path(settings.getdict("FEEDS"))
    return export.with_name(export.name + SUMMARY_SUFFIX) if export else None


class CrawlSummary:
    """Logs the summary line and writes it as JSON (see ``summary_path``).

    Exported records are counted as new (revision 1) or changed (a later revision) as every feed takes
    them (as they are scraped when there is no feed).
    """

    def __init__(self, stats: StatsCollector, path: Path | None = None) -> None:
        self.stats = stats
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        assert crawler.stats is not None
        extension = cls(crawler.stats, summary_path(crawler.settings))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.record_exported, signal=exported_signal(crawler.settings))
        return extension

    def record_exported(self, item: Any) -> None:
        revision = item.get("revision") if hasattr(item, "get") else None
        kind = Count.RECORDS_CHANGED if isinstance(revision, int) and revision > 1 else Count.RECORDS_NEW
        self.stats.inc_value(kind.key)

    def spider_closed(self, reason: str) -> None:
        stats = self.stats.get_stats()
        summary = crawl_summary(stats)
        logger.info(summary_line(summary))
        if self.path is not None:
            document = {**summary, "finish_reason": reason, "stats": own_stats(stats)}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
