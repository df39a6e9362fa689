"""Clean text for records: what a page may carry but an export must not.

A lone UTF-16 surrogate (``"\\ud800"`` in JSON-LD) cannot be encoded as UTF-8, so it would break the
export of its record; NUL and the other C0 controls break CSV readers and terminals. Tab and newline
are text, so they stay.
"""

from __future__ import annotations

import re
from typing import Any

_UNWANTED = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without lone surrogates and C0 controls other than tab and newline."""
    return _UNWANTED.sub("", text)


def clean_value(value: Any) -> Any:
    """``value`` with every string in it cleaned, also inside lists, tuples and dicts (keys too)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(item) for item in value)
    if isinstance(value, dict):
        return {clean_value(key): clean_value(item) for key, item in value.items()}
    return value


def clean_fields(record: Any) -> Any:
    """Clean every field of a record (a dict or a scrapy Item) in place; the record."""
    for name in list(record.keys()):
        record[name] = clean_value(record[name])
    return record
