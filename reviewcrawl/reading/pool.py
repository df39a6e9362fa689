"""Page readers: worker processes that turn fetched pages into records (``REVIEWCRAWL_READER_PROCESSES``).

Reading a page costs several times what fetching it does, and Scrapy runs in one thread, so in the
crawl's own process the reading would set the pace of the whole crawl. In worker processes it runs on
the machine's other cores while the crawl goes on fetching.

Each reader has a pipe of pages in and a pipe of outcomes out, both driven by the crawl's event loop:
no helper threads in the crawl's process to compete with it for the interpreter. A reader takes its
pages in order, so when one dies or stalls, the page at the head of its queue is the culprit: that page
alone is skipped, the others queued behind it go to a fresh reader.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import pickle
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from reviewcrawl import settings as defaults
from reviewcrawl.films.cache import cached_catalogue
from reviewcrawl.films.catalogue import Catalogue
from reviewcrawl.items import NoReview
from reviewcrawl.reading.page import (
    PageJob,
    PageOutcome,
    read_in_worker,
    read_page,
    start_worker,
)
from reviewcrawl.stats import Drop

logger = logging.getLogger(__name__)

PIPE_BYTES = 1 << 20  # Linux's default ceiling for an unprivileged pipe size
_HEADER = struct.Struct("!i")  # the frame header multiprocessing.Connection uses for messages under 2 GB

Reader = Callable[[PageJob], PageOutcome]


def default_processes() -> int:
    """One reader per core beyond the one the crawl itself needs (none on a single core)."""
    return max(0, min((os.cpu_count() or 1) - 1, 8))


def serve(jobs: Connection, outcomes: Connection, catalogue_path: str | None, reader: Reader) -> None:
    """A reader process: pages in, outcomes out, in order, until the crawl closes the pipe."""
    start_worker(catalogue_path)
    while True:
        try:
            job = pickle.loads(jobs.recv_bytes())
        except EOFError:
            return
        try:
            outcome = reader(job)
        except Exception:  # read_page catches what a page can raise; this is a defect of the reader itself
            logger.exception("Reader failed on %s", getattr(job, "url", job))
            outcome = PageOutcome(NoReview(Drop.READ_FAILED))
        outcomes.send_bytes(pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL))


def frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


class _Frames(asyncio.Protocol):
    """Cuts the reader's outcome pipe into messages."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self.buffer)
            end = _HEADER.size + size
            if len(self.buffer) < end:
                return
            message = bytes(self.buffer[_HEADER.size : end])
            del self.buffer[:end]
            self.worker.outcome_received(pickle.loads(message))

    def connection_lost(self, exc: Exception | None) -> None:
        self.worker.lost()


@dataclass
class _Pending:
    job: PageJob
    future: asyncio.Future[PageOutcome]


@dataclass
class _Worker:
    """One reader process and the pages sent to it, oldest (being read now) first."""

    readers: PageReaders
    process: BaseProcess
    send: asyncio.WriteTransport
    receive: asyncio.ReadTransport | None = None
    queue: deque[_Pending] = field(default_factory=deque)
    head_started: float = 0.0  # when the reader started on the page at the head of the queue
    alive: bool = True

    def submit(self, pending: _Pending) -> None:
        if not self.queue:
            self.head_started = asyncio.get_running_loop().time()
        self.queue.append(pending)
        self.send.write(frame(pickle.dumps(pending.job, pickle.HIGHEST_PROTOCOL)))

    def outcome_received(self, outcome: PageOutcome) -> None:
        pending = self.queue.popleft()
        self.head_started = asyncio.get_running_loop().time()
        if not pending.future.done():
            pending.future.set_result(outcome)

    def lost(self) -> None:
        """The outcome pipe closed: the reader died (or was stopped)."""
        if self.alive:
            self.readers.worker_failed(self, Drop.READ_CRASHED)

    def stop(self) -> None:
        self.alive = False
        self.send.close()
        if self.receive is not None:
            self.receive.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class PageReaders:
    """Reads pages in ``processes`` worker processes, or in this process when ``processes`` is 0."""

    def __init__(
        self,
        processes: int,
        catalogue_path: str | None = None,
        timeout: float = defaults.REVIEWCRAWL_READ_TIMEOUT,
        reader: Reader = read_in_worker,
    ) -> None:
        self.processes = processes
        self.catalogue_path = catalogue_path  # the film catalogue, loaded where the pages are read
        self.catalogue = Catalogue() if processes else cached_catalogue(catalogue_path)
        self.timeout = timeout
        self.reader = reader  # what a reader process runs per page: module-level, so it can be pickled
        self.workers: list[_Worker] = []
        self.replaced = 0
        self._usage: dict[int, tuple[float, int]] = {}  # reader pid -> (CPU seconds, peak RSS KB)
        self._watch: asyncio.TimerHandle | None = None
        self._starting = asyncio.Lock()
        self._resubmitting: asyncio.Future[None] | None = None  # kept: a task nobody holds can vanish

    @property
    def cpu_seconds(self) -> float:
        return sum(cpu for cpu, _ in self._usage.values())

    @property
    def peak_rss_mb(self) -> float:
        return sum(peak for _, peak in self._usage.values()) / 1024

    async def read(self, job: PageJob) -> PageOutcome:
        if not self.processes:
            return read_page(job, self.catalogue)
        pending = _Pending(job, asyncio.get_running_loop().create_future())
        await self._dispatch([pending])
        return self._account(await pending.future)

    def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
        for worker in self.workers:
            worker.stop()
        self.workers.clear()

    def worker_failed(self, worker: _Worker, reason: Drop) -> None:
        """Skip the page the reader was on; give the pages queued behind it to a fresh reader."""
        if worker not in self.workers:
            return
        self.workers.remove(worker)
        worker.stop()
        self.replaced += 1
        queue = worker.queue
        culprit = queue.popleft() if queue else None
        if culprit is not None:
            logger.warning("Reading %s %s; page skipped", culprit.job.url, _why(reason, self.timeout))
            if not culprit.future.done():
                culprit.future.set_result(PageOutcome(NoReview(reason)))
        if queue:
            self._resubmitting = asyncio.ensure_future(self._dispatch(list(queue)))

    async def _dispatch(self, pages: list[_Pending]) -> None:
        """Send pages to the readers with the shortest queues, starting readers that are missing."""
        async with self._starting:
            while len(self.workers) < self.processes:
                self.workers.append(await self._start_worker())
        for pending in pages:
            min(self.workers, key=lambda worker: len(worker.queue)).submit(pending)
        self._watch_time()

    async def _start_worker(self) -> _Worker:
        context = get_context("forkserver")  # the crawl's process has threads: forking it is unsafe
        context.set_forkserver_preload(["reviewcrawl.reading.pool"])
        jobs_out, jobs_in = context.Pipe(duplex=False)
        outcomes_out, outcomes_in = context.Pipe(duplex=False)
        for connection in (jobs_in, outcomes_out):
            _widen(connection)
        process = context.Process(
            target=serve, args=(jobs_out, outcomes_in, self.catalogue_path, self.reader), daemon=True
        )
        process.start()
        jobs_out.close()
        outcomes_in.close()
        loop = asyncio.get_running_loop()
        send, _ = await loop.connect_write_pipe(asyncio.Protocol, _file_of(jobs_in, "wb"))
        worker = _Worker(self, process, send)
        receive, _ = await loop.connect_read_pipe(lambda: _Frames(worker), _file_of(outcomes_out, "rb"))
        worker.receive = receive
        return worker

    def _watch_time(self) -> None:
        if self._watch is None:
            loop = asyncio.get_running_loop()
            self._watch = loop.call_later(min(1.0, self.timeout / 4), self._check_stalled)

    def _check_stalled(self) -> None:
        self._watch = None
        now = asyncio.get_running_loop().time()
        for worker in list(self.workers):
            if worker.queue and now - worker.head_started > self.timeout:
                self.worker_failed(worker, Drop.READ_TIMEOUT)
        if any(worker.queue for worker in self.workers):
            self._watch_time()

    def _account(self, outcome: PageOutcome) -> PageOutcome:
        if outcome.reader_pid:
            self._usage[outcome.reader_pid] = (outcome.reader_cpu_seconds, outcome.reader_peak_rss_kb)
        return outcome


def _widen(connection: Connection) -> None:
    """Give a pipe room for many pages (Linux): with the default 64 KB, a reader that finishes a page
    would often wait for the crawl's busy event loop to hand it the next one."""
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _file_of(connection: Connection, mode: str) -> Any:
    """The connection's pipe as a file object, for the event loop to drive."""
    fd = os.dup(connection.fileno())
    connection.close()
    return os.fdopen(fd, mode)


def _why(reason: str, timeout: float) -> str:
    return f"took over {timeout:.0f} s" if reason == Drop.READ_TIMEOUT else "kills its reader process"
