"""schema.org JSON-LD as plain Python values, read when the page is parsed.

Review pages in the wild wrap their JSON-LD in CDATA markers or HTML comments, leave trailing commas and raw
control characters in it, and nest objects in ``@graph``; the reader tolerates all of that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

JsonObject = dict[str, Any]

_WRAPPER = (
    r"(?:/\*\s*<!\[CDATA\[\s*\*/|/\*\s*\]\]>\s*\*/"
    r"|//\s*<!\[CDATA\[|//\s*\]\]>|<!\[CDATA\[|\]\]>|<!--|-->)"
)
_WRAPPER_STARTS = ("/*", "//", "<![CDATA[", "]]>", "<!--", "-->")
_WRAPPER_ENDS = ("*/", "<![CDATA[", "]]>", "<!--", "-->")
_LEADING_WRAPPER = re.compile(rf"^\s*{_WRAPPER}")
_TRAILING_WRAPPER = re.compile(rf"{_WRAPPER}\s*$")
_NEXT_SIGNIFICANT = re.compile(r"\s*(.?)", re.DOTALL)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DECODER = json.JSONDecoder(strict=False)


def read_jsonld(tree: etree._Element) -> list[JsonObject]:
    """Every JSON-LD object on the page, in document order, with lists and ``@graph`` members flattened."""
    objects: list[JsonObject] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        for value in parse_jsonld_text(script.text or ""):
            objects.extend(_flatten(value))
    return objects


def parse_jsonld_text(text: str) -> list[Any]:
    """The JSON values in one script body; repaired on a second attempt, empty when beyond repair."""
    text = _unwrap(text)
    if not text:
        return []
    values = _decode_all(text)
    if values is None:
        values = _decode_all(_repair(text))
    return values or []


def _unwrap(text: str) -> str:
    """Peel CDATA markers and HTML comment marks off both ends, however many layers there are."""
    stripped = text.strip()
    # Most scripts have no wrapper; the patterns would scan all of a long script to find that out.
    if not stripped.startswith(_WRAPPER_STARTS) and not stripped.endswith(_WRAPPER_ENDS):
        return stripped
    while True:
        peeled = _TRAILING_WRAPPER.sub("", _LEADING_WRAPPER.sub("", text, count=1), count=1)
        if peeled == text:
            return text.strip()
        text = peeled


def _flatten(value: Any) -> Iterator[JsonObject]:
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
        return
    if not isinstance(value, dict):
        return
    graph = value.get("@graph")
    if graph is None:
        yield value
        return
    if "@type" in value:
        yield value
    yield from _flatten(graph)


def _decode_all(text: str) -> list[Any] | None:
    """Decode one or more concatenated JSON values (separated by whitespace, commas or semicolons)."""
    values: list[Any] = []
    position = 0
    length = len(text)
    while position < length:
        while position < length and (text[position].isspace() or text[position] in ",;"):
            position += 1
        if position >= length:
            break
        try:
            value, position = _DECODER.raw_decode(text, position)
        except ValueError:
            return None
        values.append(value)
    return values


def _repair(text: str) -> str:
    """Drop JS comments and trailing commas outside strings; escape stray control characters."""
    out: list[str] = []
    in_string = False
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if in_string:
            out.append(char)
            if char == "\\" and index + 1 < length:
                out.append(text[index + 1])
                index += 1
            elif char == '"':
                in_string = False
            index += 1
            continue
        if char == '"':
            in_string = True
        elif text.startswith("//", index):
            index = _skip_until(text, index, "\n")
            continue
        elif text.startswith("/*", index):
            index = _skip_until(text, index + 2, "*/")
            continue
        elif char == "," and _next_significant(text, index + 1) in ("}", "]", ""):
            index += 1
            continue
        out.append(char)
        index += 1
    return _CONTROL_CHARS.sub(" ", "".join(out))


def _skip_until(text: str, start: int, marker: str) -> int:
    end = text.find(marker, start)
    return len(text) if end < 0 else end + len(marker)


def _next_significant(text: str, start: int) -> str:
    found = _NEXT_SIGNIFICANT.match(text, start)
    return found.group(1) if found else ""
