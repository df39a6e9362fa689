"""CSV export whose list and object fields are JSON in their cells.

Scrapy's CSV exporter joins a list of strings with commas (ambiguous when a string holds one) and writes
anything else, such as ``mentioned_films`` (a list of objects), as a Python repr no other program reads.
Here every list and dict field is one JSON text, non-ASCII as is.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter


class JsonCellCsvItemExporter(CsvItemExporter):
    def _join_if_needed(self, value: Any) -> Any:
        if isinstance(value, list | tuple | dict):
            return json.dumps(value, ensure_ascii=False)
        return value
