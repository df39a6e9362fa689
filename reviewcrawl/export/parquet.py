"""A Parquet feed (``-o out/reviews.parquet``): the record's typed columns, written in row groups.

Records are held until ``row_group_records`` of them are waiting (FEEDS option
``item_export_kwargs: {"row_group_records": N}``), then written as one row group, so memory stays bounded
however long the crawl. The file becomes readable when the feed is closed, which writes Parquet's footer:
at the end of the crawl, including one stopped by Ctrl-C or SIGTERM. A killed process (SIGKILL, power loss)
leaves a file without a footer, which no reader opens; the JSON-lines feed is the crash-safe one, and
``reviewcrawl export`` makes Parquet from it.

A Parquet file cannot be appended to, so ``-o`` on a file that already holds data fails the export (the
crawl stops with ``export_failed``) and leaves the file as it was; ``-O`` replaces it.
"""

from __future__ import annotations

import logging
from typing import IO, Any

import pyarrow.parquet as pq
from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exporters import BaseItemExporter

from reviewcrawl.export.arrowschema import record_batch, record_schema
from reviewcrawl.export.jsonlines import export_failed
from reviewcrawl.items import RECORD_FIELDS

logger = logging.getLogger(__name__)

ROW_GROUP_RECORDS = 1000  # about 5-10 MB of review text held at once
COMPRESSION = "zstd"  # read by pyarrow, pandas, Polars and DuckDB alike; review text shrinks well


class ParquetAppendError(ValueError):
    pass


def holds_data(file: IO[bytes]) -> bool:
    """Whether a file opened for appending already has bytes before the write position."""
    try:
        return file.tell() > 0
    except OSError:
        return False


class ParquetItemExporter(BaseItemExporter):
    def __init__(self, file: IO[bytes], crawler: Crawler | None = None, **kwargs: Any) -> None:
        self.row_group_records = int(kwargs.pop("row_group_records", ROW_GROUP_RECORDS))
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.crawler = crawler
        self.schema = record_schema(tuple(self.fields_to_export or RECORD_FIELDS))
        self.pending: list[dict[str, Any]] = []
        self.writer: pq.ParquetWriter | None = None
        self.refused = holds_data(file)
        if self.refused:
            self._refuse_append()

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], *args: Any, **kwargs: Any) -> Any:
        return cls(file, crawler, *args, **kwargs)

    def _refuse_append(self) -> None:
        error = ParquetAppendError(
            "a Parquet file cannot be appended to (use -O to replace it, or another file name)"
        )
        if self.crawler is None:
            raise error
        self.crawler.signals.send_catch_log(export_failed, error=error)

    def start_exporting(self) -> None:
        if not self.refused and self.writer is None:
            self.writer = pq.ParquetWriter(self.file, self.schema, compression=COMPRESSION)

    def export_item(self, item: Any) -> None:
        if self.refused:
            return
        adapter = ItemAdapter(item)
        self.pending.append({name: adapter.get(name) for name in self.schema.names})
        if len(self.pending) >= self.row_group_records:
            self.write_row_group()

    def write_row_group(self) -> None:
        if not self.pending:
            return
        self.start_exporting()
        assert self.writer is not None
        batch, self.pending = record_batch(self.pending, self.schema), []
        self.writer.write_batch(batch, row_group_size=len(batch))

    def finish_exporting(self) -> None:
        """Write what is held and the footer that makes the file readable."""
        if self.refused:
            return
        self.write_row_group()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
