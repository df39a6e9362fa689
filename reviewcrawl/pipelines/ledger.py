"""What a job has exported already, so that a run started again from discovery exports nothing twice.

A job (``JOBDIR``) whose queue was lost — its last run was killed, or the queue is damaged — starts again
from discovery and fetches pages whose reviews are already in its export. With a state store the store
skips them; without one, this pipeline does. The job directory lists the export files the job has written
to (``reviewcrawl.exports``, one JSON string per line, added before the file's first line is written); at
its first review a run reads the records already in those files — whole lines only, as the crash-safe
exporter leaves them, so the files themselves are the truth even after a kill — and drops a review whose
canonical URL or body is among them as ``exported_before``. A run that finishes clears the list: the job's
next run is a new crawl.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.job import job_dir

from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.export.jsonlines import export_opened
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines.drops import drop
from reviewcrawl.stats import Drop
from reviewcrawl.store.state import read_records

logger = logging.getLogger(__name__)

EXPORTS_LIST = "reviewcrawl.exports"


def url_key(canonical_url: str) -> bytes:
    """A short digest of a canonical URL: the ledger of a big job holds millions."""
    return hashlib.blake2b(canonical_url.encode("utf-8"), digest_size=16).digest()


def body_key(content_hash: str) -> bytes:
    return content_hash[:32].encode("ascii", "replace")


class ExportLedgerPipeline:
    """Drops reviews that an earlier run of the job already exported (JOBDIR, no state store)."""

    def __init__(self, stats: StatsCollector, jobdir: Path) -> None:
        self.stats = stats
        self.listing = jobdir / EXPORTS_LIST
        self.urls: set[bytes] | None = None  # read at the first review, once every feed is open
        self.bodies: set[bytes] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExportLedgerPipeline:
        path = job_dir(crawler.settings)
        if not path:
            raise NotConfigured("no JOBDIR")
        if crawl_run(crawler).store is not None:
            raise NotConfigured("the state store knows what was exported")
        assert crawler.stats is not None
        pipeline = cls(crawler.stats, Path(path))
        crawler.signals.connect(pipeline.export_opened, signal=export_opened)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def export_files(self) -> list[str]:
        """The export files listed; a line cut by a kill (before its file got any record) is skipped."""
        if not self.listing.is_file():
            return []
        paths = []
        for line in self.listing.read_text("utf-8", errors="replace").splitlines():
            try:
                path = json.loads(line)
            except ValueError:
                continue
            if isinstance(path, str):
                paths.append(path)
        return paths

    def export_opened(self, path: Any) -> None:
        if str(path) in self.export_files():
            return
        with self.listing.open("a", encoding="utf-8") as listing:
            listing.write(json.dumps(str(path)) + "\n")
            listing.flush()
            os.fsync(listing.fileno())

    def load(self) -> set[bytes]:
        urls: set[bytes] = set()
        for path in self.export_files():
            for record in read_records(Path(path)):
                canonical, content_hash = record.get("canonical_url"), record.get("content_hash")
                if isinstance(canonical, str):
                    urls.add(url_key(canonical))
                if isinstance(content_hash, str):
                    self.bodies.add(body_key(content_hash))
        if urls:
            logger.info(
                "The job's export files hold %d reviews already: they are not exported again", len(urls)
            )
        return urls

    def process_item(self, item: ReviewItem) -> ReviewItem:
        if self.urls is None:
            self.urls = self.load()
        canonical, content_hash = item.get("canonical_url") or item["url"], item.get("content_hash") or ""
        if url_key(canonical) in self.urls or (content_hash and body_key(content_hash) in self.bodies):
            raise drop(self.stats, Drop.EXPORTED_BEFORE, item.get("url"))
        return item

    def spider_closed(self, reason: str) -> None:
        if reason == "finished":
            self.listing.unlink(missing_ok=True)
