"""A JSON-lines exporter that survives being killed: whole lines only, each on disk before it counts.

Scrapy's feed files are buffered, so a killed crawl can lose lines it already reported as written, or
leave half a line. This exporter writes each record with a single unbuffered write, so a killed crawl
keeps every line it wrote, and cuts a half line a killed run left at the end of the file before
appending. ``review_written``, which the state store waits for, is sent once the line is on disk:
lines are fsync'ed in groups (every ``SYNC_LINES`` lines or ``SYNC_SECONDS``, and on ``flush_exports``),
since one fsync per line would stall the crawl's only thread for the disk's latency every time.
``REVIEWCRAWL_EXPORT_FSYNC`` off sends it as soon as the line is written. A sync that fails sends
``export_failed`` (reviewcrawl.export.feeds stops the crawl); its lines are never confirmed.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.asyncio import CallLaterResult, call_later
from w3lib.url import file_uri_to_path

logger = logging.getLogger(__name__)

# Signals: sent with ``item`` once its line is in the file; with ``path`` when an export file is opened;
# ``flush_exports`` asks exporters to put every written line on disk now (and send review_written);
# ``record_exported`` (with ``item``) once every feed took a record; ``export_failed`` (with ``error``)
# when a feed cannot be written.
review_written = object()
export_opened = object()
flush_exports = object()
record_exported = object()
export_failed = object()

SYNC_LINES = 64
SYNC_SECONDS = 0.5

TAIL_CHUNK = 64 * 1024


def file_path_of_uri(uri: str) -> Path | None:
    """The local file a feed URI names (a plain path or ``file://``); None for remote storage."""
    if uri.startswith("file:"):
        return Path(file_uri_to_path(uri))
    scheme = urlsplit(uri).scheme
    return None if len(scheme) > 1 else Path(uri)  # a one-letter scheme is a Windows drive


def exported_signal(settings: Any) -> object:
    """What says a record is in the export: ``record_exported`` when there are feeds, else (nothing to
    write) Scrapy's ``item_scraped``."""
    return record_exported if settings.getdict("FEEDS") else signals.item_scraped


def file_descriptor(file: IO[bytes]) -> int | None:
    try:
        return file.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None


def last_line_end(path: Path) -> int:
    """The size ``path`` has up to and including its last newline (0 when it has none)."""
    with path.open("rb") as data:
        end = data.seek(0, os.SEEK_END)
        while end > 0:
            start = max(0, end - TAIL_CHUNK)
            data.seek(start)
            newline = data.read(end - start).rfind(b"\n")
            if newline >= 0:
                return start + newline + 1
            end = start
    return 0


def cut_partial_line(fd: int, path: Path) -> int:
    """Truncate a trailing line without its newline; the number of bytes cut."""
    size = os.fstat(fd).st_size
    keep = last_line_end(path) if size else 0
    if keep < size:
        os.ftruncate(fd, keep)
    return size - keep


def write_fully(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class CrashSafeJsonLinesExporter(JsonLinesItemExporter):
    """``JsonLinesItemExporter`` whose every line is whole and on disk before the crawl hears of it."""

    def __init__(self, file: IO[bytes], crawler: Crawler | None = None, **kwargs: Any) -> None:
        self.fsync = bool(kwargs.pop("fsync", True))
        super().__init__(file, **kwargs)  # type: ignore[arg-type]
        self.crawler = crawler
        self.fd = file_descriptor(file)
        self.path = Path(file.name) if isinstance(getattr(file, "name", None), str) else None
        self.unsynced: list[Any] = []  # written, not yet fsync'ed: their review_written waits
        self.sync_timer: CallLaterResult | None = None
        if self.fd is not None and self.path is not None and self.path.is_file():
            self._repair_and_announce(self.fd, self.path)
        if crawler is not None:
            crawler.signals.connect(self.sync, signal=flush_exports)

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("fsync", crawler.settings.getbool("REVIEWCRAWL_EXPORT_FSYNC"))
        return cls(file, crawler, *args, **kwargs)

    def _repair_and_announce(self, fd: int, path: Path) -> None:
        self.file.flush()
        cut = cut_partial_line(fd, path)
        if cut:
            logger.warning("Cut %d bytes of a half-written last line from %s", cut, path)
        self._send(export_opened, path=path.resolve())

    def export_item(self, item: Any) -> None:
        text = self.encoder.encode(dict(self.get_serialized_fields(item))) + "\n"
        line = text.encode(self.encoding or "utf-8")
        if self.fd is None:
            self.file.write(line)
            self.file.flush()
        else:
            write_fully(self.fd, line)
        if self.fd is None or not self.fsync:
            self._send(review_written, item=item)
            return
        if self.crawler is None:  # nobody waits for review_written: sync each line
            os.fsync(self.fd)
            return
        self.unsynced.append(item)
        if len(self.unsynced) >= SYNC_LINES:
            self.sync()
        elif self.sync_timer is None:
            self.sync_timer = call_later(SYNC_SECONDS, self.sync)

    def sync(self) -> None:
        """Put the written lines on disk, then tell the crawl they are there."""
        if self.sync_timer is not None:
            self.sync_timer.cancel()
            self.sync_timer = None
        if not self.unsynced or self.fd is None:
            return
        try:
            os.fsync(self.fd)
        except OSError as exc:  # the lines may not be on disk: none of them counts as exported
            self.unsynced = []
            self._send(export_failed, error=exc)
            return
        synced, self.unsynced = self.unsynced, []
        for item in synced:
            self._send(review_written, item=item)

    def finish_exporting(self) -> None:
        self.sync()
        super().finish_exporting()

    def _send(self, signal: object, **kwargs: Any) -> None:
        if self.crawler is not None:
            self.crawler.signals.send_catch_log(signal, **kwargs)
