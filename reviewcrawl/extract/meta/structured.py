"""schema.org objects and <meta> tags as plain Python values: finding the typed objects, reading their text.

The JSON-LD itself is read when the page is parsed (``reviewcrawl.extract.page.jsonld``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from reviewcrawl.extract.page.jsonld import JsonObject
from reviewcrawl.extract.page.textrepair import clean_text

# Readers' UserReview objects are left out: the record wants the critic's review.
REVIEW_TYPES = ("Review", "CriticReview")
_META_KEY_ATTRIBUTES = frozenset({"property", "name", "itemprop", "http-equiv"})


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
