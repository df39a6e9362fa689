"""Pausing and resuming with ``-s JOBDIR=...``, made safe against a run that was killed.

Scrapy keeps a crawl's request queue and the fingerprints of requests already seen in the job
directory. Neither is crash-safe: a killed run leaves a queue whose bookkeeping was never written and
fingerprints of requests it popped but never finished, and a resumed run would skip those pages
forever. So:

- the fingerprints of seen requests live for one run only (``RunDupeFilter``); what earlier runs
  exported is the state store's business, which is crash-safe;
- a job directory whose last run did not close (``JobDirGuard`` finds its marker still there) loses its
  queue, and the run starts over from discovery, which finds the same pages again.

A run paused cleanly (one Ctrl-C) keeps its queue and resumes from it.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)

RUNNING_MARKER = "reviewcrawl.running"
UNSAFE_AFTER_A_KILL = ("requests.queue", "requests.seen")


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, remembering requests for this run only, whatever JOBDIR says."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        debug = crawler.settings.getbool("DUPEFILTER_DEBUG")
        return cls(None, debug, fingerprinter=crawler.request_fingerprinter)


def discard_unsafe_state(jobdir: Path) -> list[str]:
    """Remove what a killed run left in ``jobdir`` that cannot be trusted; the names removed."""
    removed = []
    for name in UNSAFE_AFTER_A_KILL:
        path = jobdir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            continue
        removed.append(name)
    return removed


class JobDirGuard:
    """Marks the job directory while a run is in it; finds the mark of a run that never closed."""

    def __init__(self, jobdir: Path) -> None:
        self.marker = jobdir / RUNNING_MARKER
        if self.marker.exists():
            removed = discard_unsafe_state(jobdir)
            logger.warning(
                "The last run in %s did not close; starting again from discovery (removed: %s)",
                jobdir,
                ", ".join(removed) or "nothing",
            )
        self.marker.write_text("", "utf-8")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobDirGuard:
        path = job_dir(crawler.settings)
        if not path:
            raise NotConfigured
        guard = cls(Path(path))
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def spider_closed(self) -> None:
        self.marker.unlink(missing_ok=True)
