"""Pausing and resuming with ``-s JOBDIR=...``, safe against a run that was killed or a damaged job.

Scrapy keeps a job's request queue (``requests.queue/``), the fingerprints of the requests it has seen
(``requests.seen``) and the spider's state (``spider.state``) in the job directory. They are worth going on
from only as one set written by one clean close: a killed run leaves a queue whose bookkeeping was never
written and fingerprints of requests it popped but never finished. So:

- a run that closes cleanly without finishing (Ctrl-C, SIGTERM, a ``CLOSESPIDER_…`` limit) *seals* the set:
  ``reviewcrawl.export.jobdir.json`` holds the size and SHA-256 of each of its files, and whether every start
  request had been scheduled;
- the next run goes on from a sealed set only if it is intact: the saved queue and seen requests, and no
  start requests when they were all scheduled before;
- a set left by a killed run (``reviewcrawl.running`` is still there) is discarded with one warning, and the
  run starts again from discovery, which finds the same pages again; what was exported already is skipped
  (the state store, or without one the job's export ledger, ``reviewcrawl.pipelines.ledger``). Nothing is
  lost and nothing exported twice;
- a set damaged after a clean close (no seal, or files that differ from the seal: truncated, edited, from
  another program) stops the crawl before any request with one line naming the JOBDIR: whoever damaged it
  decides whether to remove it (``jobdir_error``);
- a run that finished clears the set, so the job's next run (a scheduled one) is a new crawl.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.job import job_dir

from reviewcrawl.stats import Count

logger = logging.getLogger(__name__)

RUNNING_MARKER = "reviewcrawl.running"
SEAL = "reviewcrawl.export.jobdir.json"
JOB_STATE = ("requests.queue", "requests.seen", "spider.state")  # Scrapy's, sealed together
HASH_CHUNK = 1024 * 1024


def jobdir_error(settings: BaseSettings) -> str | None:
    """Why the JOBDIR setting cannot hold a job (one line), or None."""
    value = settings.get("JOBDIR")
    if not value:
        return None
    path = Path(value)
    if path.exists() and not path.is_dir():
        return f"JOBDIR {path} is not a directory"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"JOBDIR {path} cannot be created: {exc.strerror or exc}"
    if not os.access(path, os.W_OK | os.X_OK):
        return f"JOBDIR {path} is not writable"
    damage = damage_of(path)
    if damage:
        saved = ", ".join(JOB_STATE)
        return f"JOBDIR {path} is damaged: {damage}; delete {saved} in it to start again from discovery"
    return None


def damage_of(jobdir: Path) -> str | None:
    """What is wrong with the job state a clean close left in ``jobdir``, or None when it can be resumed.

    A killed run's state (its marker still there) is not damage: it is discarded and the run starts again.
    """
    if (jobdir / RUNNING_MARKER).exists():
        return None
    if not has_job_state(jobdir):
        return None  # nothing saved (or deleted by hand): a new start
    seal = read_seal(jobdir)
    if seal is None:
        return "its saved queue has no seal of a clean close"
    if seal["files"] != job_state_files(jobdir):
        return "its saved queue differs from the one sealed when the run paused"
    return None


def file_digest(path: Path) -> str:
    """Size and SHA-256 of a file, after putting it on disk (a seal must not outlive what it vouches for)."""
    status = path.stat()
    return _digest(str(path), status.st_size, status.st_mtime_ns, status.st_ino)


@functools.lru_cache(maxsize=1024)
def _digest(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """Keyed by the file's identity and last change: the crawl command's check and the guard's at the same
    start hash a big saved queue once, and a file written since is hashed (and synced) anew."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        while chunk := data.read(HASH_CHUNK):
            digest.update(chunk)
        os.fsync(data.fileno())
    return f"{size}:{digest.hexdigest()}"


def job_state_files(jobdir: Path) -> dict[str, str]:
    """Every file of the job state under ``jobdir`` (relative path) -> its digest."""
    found: dict[str, str] = {}
    for name in JOB_STATE:
        top = jobdir / name
        paths = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]
        for path in paths:
            if path.is_file():
                found[path.relative_to(jobdir).as_posix()] = file_digest(path)
    return found


def has_job_state(jobdir: Path) -> bool:
    return any((jobdir / name).exists() for name in JOB_STATE)


def discard_job_state(jobdir: Path) -> list[str]:
    """Remove the job state from ``jobdir``; the names removed."""
    removed = []
    for name in JOB_STATE:
        path = jobdir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            continue
        removed.append(name)
    return removed


def read_seal(jobdir: Path) -> dict[str, Any] | None:
    try:
        seal = json.loads((jobdir / SEAL).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return seal if isinstance(seal, dict) and isinstance(seal.get("files"), dict) else None


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` so that a crash leaves either the old file or the whole new one."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class JobDirGuard:
    """Checks the job state a run starts from, marks the job directory while the run is in it, and seals
    or clears the job state when it closes."""

    def __init__(self, jobdir: Path) -> None:
        self.jobdir = jobdir
        self.marker = jobdir / RUNNING_MARKER
        self.outcome = Count.JOBDIR_NEW  # how this run started
        self.seeded_before = False  # an earlier run of the job scheduled every start request
        self.seeded = False
        self.close_reason: str | None = None
        self.crawler: Crawler | None = None
        self._check()
        (jobdir / SEAL).unlink(missing_ok=True)  # from here on this run changes the job state
        self.marker.write_text("", "utf-8")

    def _check(self) -> None:
        seal = read_seal(self.jobdir)
        if self.marker.exists():
            problem = "its last run did not close"
        elif damage := damage_of(self.jobdir):  # the crawl command refuses this; a bare crawler gets here
            problem = f"it is damaged: {damage}"
        else:
            if seal is not None and has_job_state(self.jobdir):  # a seal alone vouches for nothing
                self.outcome = Count.JOBDIR_RESUMED
                self.seeded_before = self.seeded = bool(seal.get("seeded"))
            return
        removed = discard_job_state(self.jobdir)
        self.outcome = Count.JOBDIR_DISCARDED
        logger.warning(
            "JOBDIR %s: %s; starting again from discovery (removed: %s)",
            self.jobdir,
            problem,
            ", ".join(removed) or "nothing",
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobDirGuard:
        path = job_dir(crawler.settings)
        if not path:
            raise NotConfigured
        guard = cls(Path(path))
        guard.crawler = crawler
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        # After every spider_closed handler (Scrapy's SpiderState writes spider.state in one).
        crawler.signals.connect(guard.engine_stopped, signal=signals.engine_stopped)
        return guard

    def all_seeds_scheduled(self) -> None:
        self.seeded = True

    def spider_opened(self) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.set_value(self.outcome.key, 1)
        if self.seeded_before:
            logger.info(
                "JOBDIR %s: every start request was scheduled before the pause; not sent again", self.jobdir
            )

    def spider_closed(self, reason: str) -> None:
        self.close_reason = reason

    def engine_stopped(self) -> None:
        if self.close_reason == "finished":
            discard_job_state(self.jobdir)
        else:  # paused, or stopped before the spider opened: the next run goes on from here
            seal = {"seeded": self.seeded, "files": job_state_files(self.jobdir)}
            write_atomically(self.jobdir / SEAL, json.dumps(seal, indent=1, sort_keys=True))
        self.marker.unlink(missing_ok=True)


def job_guard(crawler: Crawler | None) -> JobDirGuard | None:
    extensions = getattr(crawler, "extensions", None)
    return next((e for e in getattr(extensions, "middlewares", ()) if isinstance(e, JobDirGuard)), None)


def seeds_scheduled_before(crawler: Crawler | None) -> bool:
    """True when this run goes on from a paused one that had scheduled every start request."""
    guard = job_guard(crawler)
    return guard is not None and guard.seeded_before


def all_seeds_scheduled(crawler: Crawler | None) -> None:
    """Tell the job that every start request is in the scheduler (a pause from now on keeps them all)."""
    guard = job_guard(crawler)
    if guard is not None:
        guard.all_seeds_scheduled()
