"""A page that is not exported: counted under its reason, then dropped."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

DROP_PREFIX = "reviewcrawl/dropped"


def drop(stats: StatsCollector, reason: str, url: str | None) -> DropItem:
    """Count a dropped page under its reason and build the exception that drops it."""
    stats.inc_value(f"{DROP_PREFIX}/{reason}")
    return DropItem(f"{reason}: {url}")
