"""schema.org JSON-LD and <meta> tags as plain Python values.

Review pages in the wild wrap their JSON-LD in CDATA markers or HTML comments, leave trailing commas and raw
control characters in it, and nest objects in ``@graph``; the reader tolerates all of that.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

JsonObject = dict[str, Any]

# Readers' UserReview objects are left out: the record wants the critic's review.
REVIEW_TYPES = ("Review", "CriticReview")

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
_META_KEY_ATTRIBUTES = frozenset({"property", "name", "itemprop", "http-equiv"})
# UTF-8 read as cp1252 or latin-1: "â€" / "â\x80" start quotes and dashes, "Ã©" / "Â " accents and spaces.
_MOJIBAKE = re.compile("\u00e2\u20ac|\u00e2\u0080|[\u00c2\u00c3][\u00a0-\u00bf]")
_MOJIBAKE_LEADS = ("\u00e2", "\u00c2", "\u00c3")
# Numeric references to the characters mojibake starts with (Â Ã â), in any spelling html.unescape reads.
_LEAD_REFERENCE = re.compile(r"#0*(?:194|195|226)(?!\d)|#[xX]0*(?:c2|c3|e2)(?![0-9a-fA-F])", re.IGNORECASE)
# Entity names of the same characters (html.unescape also reads them without the semicolon).
_LEAD_NAMES = ("Acirc", "acirc", "Atilde")
_LEAD_BEFORE_REFERENCE = re.compile("[\u00e2\u00c2\u00c3]&")
# What html.unescape changes: "&#..." and named references, all of whose names start with a letter.
_REFERENCE = re.compile("&[#A-Za-z]")


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


def find_typed(objects: Iterable[Any], *types: str) -> list[JsonObject]:
    """Objects whose ``@type`` (a string or list, possibly a full schema.org IRI) is one of ``types``."""
    wanted = {t.lower() for t in types}
    return [obj for obj in objects if isinstance(obj, dict) and wanted & type_names(obj)]


def find_reviews(objects: list[JsonObject]) -> list[JsonObject]:
    """Review objects at the top level, then those nested as ``review`` / ``mainEntity`` of another object."""
    found = find_typed(objects, *REVIEW_TYPES)
    for obj in objects:
        for key in ("review", "reviews", "mainEntity"):
            nested = obj.get(key)
            found.extend(find_typed(nested if isinstance(nested, list) else [nested], *REVIEW_TYPES))
    return found


def type_names(obj: JsonObject) -> set[str]:
    """Lower-cased local names of an object's types: "http://schema.org/Review" and "Review" agree."""
    raw = obj.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {_local_name(name) for name in names if isinstance(name, str)}


def _local_name(type_name: str) -> str:
    """What follows the last "/", ":" or "#" of a type IRI, lower-cased."""
    type_name = type_name.strip()
    cut = max(type_name.rfind("/"), type_name.rfind(":"), type_name.rfind("#"))
    return type_name[cut + 1 :].lower()


def first_text(value: Any) -> str | None:
    """A readable name from a string, a ``{"name": ...}`` object or a list of either; whitespace collapsed."""
    if isinstance(value, str):
        text = clean_text(value)
        return text or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "@value", "headline", "alternateName"):
            found = first_text(value.get(key))
            if found:
                return found
        return None
    if isinstance(value, list):
        for item in value:
            found = first_text(item)
            if found:
                return found
    return None


def read_meta(tree: etree._Element) -> dict[str, str]:
    """Meta contents keyed by lower-cased property / name / itemprop / http-equiv; first value wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = None
        keys = []
        for attribute, value in meta.items():
            if attribute == "content":
                content = value
            elif attribute in _META_KEY_ATTRIBUTES:
                keys.append(value.strip().lower())
        if content is None or not any(keys):
            continue
        content = clean_text(content)
        for key in keys:
            if key and content:
                found.setdefault(key, content)
    # A common misspelling in themes; readers should only have to ask for the standard name.
    if "og:sitename" in found:
        found.setdefault("og:site_name", found["og:sitename"])
    return found


def clean_text(text: str) -> str:
    """Whitespace collapsed, entities decoded (themes often escape twice: "Critics&amp;#039; Ledger") and
    UTF-8 read as cp1252 repaired ("Investorâ€™s")."""
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    if _has_mojibake(text):
        text = _repair_mojibake(text)
    return " ".join(text.split())


def needs_cleaning(text: str) -> bool:
    """Whether clean_text would do more to ``text`` than collapse its whitespace."""
    return ("&" in text and _REFERENCE.search(text) is not None) or _has_mojibake(text)


def cleaning_spans(text: str) -> list[tuple[int, int]]:
    """Where clean_text might change ``text`` beyond whitespace: character references and mojibake."""
    spans = [found.span() for found in _REFERENCE.finditer(text)] if "&" in text else []
    if _may_have_mojibake(text):
        spans += [found.span() for found in _MOJIBAKE.finditer(text)]
    return spans


def collapsed_head(text: str, size: int) -> str:
    """``clean_text(text)[:size]``, reading only as much of a long text as that takes.

    Character references never contain a space, so unescaping the text up to a space gives the start of the
    unescaped whole; whitespace collapsing is just as local. Mojibake repair is not (it succeeds or fails for
    the whole text), so a text that could hold mojibake, even through its references, is cleaned whole.
    """
    if len(text) <= 2 * size or _may_repair_mojibake(text):
        return clean_text(text)[:size]
    end = 2 * size
    while True:
        # A cut at a space: no reference runs over it, and the words before it are whole.
        end = text.find(" ", end)
        if end < 0:
            return clean_text(text)[:size]
        head = clean_text(text[:end])
        if len(head) >= size:
            return head[:size]
        end *= 4


def _may_repair_mojibake(text: str) -> bool:
    """Whether clean_text could find mojibake in ``text`` once its references are unescaped.

    A mojibake pair there has its lead from the text or from a reference, and its second character right
    after: in the text too, or from a reference that starts there.
    """
    if "&" in text and _may_reference_a_lead(text):
        return True
    if not _may_have_mojibake(text):
        return False
    return _MOJIBAKE.search(text) is not None or _LEAD_BEFORE_REFERENCE.search(text) is not None


def _may_reference_a_lead(text: str) -> bool:
    return any(name in text for name in _LEAD_NAMES) or _LEAD_REFERENCE.search(text) is not None


def _has_mojibake(text: str) -> bool:
    return _may_have_mojibake(text) and _MOJIBAKE.search(text) is not None


def _may_have_mojibake(text: str) -> bool:
    # One pass per lead character in C beats the pattern's own scan many times over.
    return not text.isascii() and any(lead in text for lead in _MOJIBAKE_LEADS)


def _repair_mojibake(text: str) -> str:
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


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
