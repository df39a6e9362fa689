"""Page readers: worker processes that turn fetched pages into records (``REVIEWCRAWL_READER_PROCESSES``).

Reading a page costs several times what fetching it does, and Scrapy runs in one thread, so in the
crawl's own process the reading would set the pace of the whole crawl. In worker processes it runs on
the machine's other cores while the crawl goes on fetching.

A page that kills its reader or never finishes must cost only itself: the pool is replaced, and the
pages that were in flight with it are read again one at a time in a separate process, where a page
that fails again is known to be the culprit.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from reviewcrawl.films.catalogue import Catalogue
from reviewcrawl.pagereader import PageJob, PageOutcome, read_in_worker, read_page, start_worker

logger = logging.getLogger(__name__)

READ_CRASHED = "read_crashed"
READ_TIMEOUT = "read_timeout"
DEFAULT_TIMEOUT = 60.0


def default_processes() -> int:
    """One reader per core beyond the one the crawl itself needs (none on a single core)."""
    return max(0, min((os.cpu_count() or 1) - 1, 8))


def _new_pool(processes: int, catalogue_path: str | None) -> ProcessPoolExecutor:
    # forkserver: the crawl's process has threads by the time readers start, and forking it is unsafe.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["reviewcrawl.pagereader"])
    return ProcessPoolExecutor(processes, context, initializer=start_worker, initargs=(catalogue_path,))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now, killing readers that are stuck on a page."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()


class PageReaders:
    """Reads pages in ``processes`` worker processes, or in this process when ``processes`` is 0."""

    def __init__(
        self,
        processes: int,
        catalogue: Catalogue,
        catalogue_path: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        reader: Callable[[PageJob], PageOutcome] = read_in_worker,
    ) -> None:
        self.processes = processes
        self.reader = reader  # what a worker runs per page: a module-level function, so it can be pickled
        self.catalogue = catalogue
        self.catalogue_path = catalogue_path
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._quarantine_lock = asyncio.Lock()
        self._usage: dict[int, tuple[float, int]] = {}  # reader pid -> (CPU seconds, peak RSS KB)
        self.replaced = 0

    @property
    def cpu_seconds(self) -> float:
        return sum(cpu for cpu, _ in self._usage.values())

    @property
    def peak_rss_mb(self) -> float:
        return sum(peak for _, peak in self._usage.values()) / 1024

    async def read(self, job: PageJob) -> PageOutcome:
        if not self.processes:
            return read_page(job, self.catalogue)
        pool = self._pool or self._start()
        try:
            outcome = await self._run(pool, job)
        except (BrokenProcessPool, TimeoutError) as exc:
            self._replace(pool, job, exc)
            return await self._read_alone(job)
        return self._account(outcome)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start(self) -> ProcessPoolExecutor:
        self._pool = _new_pool(self.processes, self.catalogue_path)
        return self._pool

    async def _run(self, pool: ProcessPoolExecutor, job: PageJob) -> PageOutcome:
        future: Future[PageOutcome] = pool.submit(self.reader, job)
        return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)

    def _replace(self, pool: ProcessPoolExecutor, job: PageJob, exc: BaseException) -> None:
        """Retire a broken or stuck pool (once, however many of its pages notice)."""
        if pool is not self._pool:
            return
        self._pool = None
        self.replaced += 1
        why = "a reader process died" if isinstance(exc, BrokenProcessPool) else f"{job.url} timed out"
        logger.warning("Page readers restarted: %s; pages in flight are read again one by one", why)
        _stop(pool)

    async def _read_alone(self, job: PageJob) -> PageOutcome:
        """Read a page that was in flight when its pool failed, alone in a fresh process."""
        async with self._quarantine_lock:
            single = _new_pool(1, self.catalogue_path)
            try:
                return self._account(await self._run(single, job))
            except BrokenProcessPool:
                logger.warning("Reading %s kills its reader process; page skipped", job.url)
                return PageOutcome(record=None, reason=READ_CRASHED)
            except TimeoutError:
                logger.warning("Reading %s took over %.0f s; page skipped", job.url, self.timeout)
                return PageOutcome(record=None, reason=READ_TIMEOUT)
            finally:
                _stop(single)

    def _account(self, outcome: PageOutcome) -> PageOutcome:
        if outcome.reader_pid:
            self._usage[outcome.reader_pid] = (outcome.reader_cpu_seconds, outcome.reader_peak_rss_kb)
        return outcome
