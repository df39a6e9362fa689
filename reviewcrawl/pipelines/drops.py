"""A page that is not exported: counted under its reason, then dropped."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from reviewcrawl.stats import Drop


def drop(stats: StatsCollector, reason: Drop, url: str | None) -> DropItem:
    """Count a dropped page under its reason and build the exception that drops it."""
    stats.inc_value(reason.key)
    return DropItem(f"{reason}: {url}")
