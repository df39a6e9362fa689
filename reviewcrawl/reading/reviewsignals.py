"""Whether an article is a review, from what the page says of itself: for sites crawled with no registry
entry, where every article (news, interviews, lists) gives a record and only reviews are wanted.

A review shows at least one of: a rating, schema.org Review or CriticReview data, "review" in its headline
or address, a "Reviews" breadcrumb. The record's fields give the first and the third; the page's own markup
the others (read here with a quick pass over its JSON-LD and breadcrumbs, not the extractor's).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from reviewcrawl.films.tagger import REVIEW_TYPES

REVIEW_WORD = re.compile(r"\breview(s|ed)?\b", re.I)  # a headline or breadcrumb naming a review
REVIEW_IN_PATH = re.compile(r"(?:^|[/_.-])reviews?(?:[/_.-]|$)", re.I)  # an address naming a review
_JSONLD = re.compile(
    rb"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.S | re.I
)  # a regex pass: parsing the whole page twice would cost more


def record_signals(record: Mapping[str, Any]) -> set[str]:
    """Review signals in a record's fields."""
    signals = set()
    if record.get("rating") is not None:
        signals.add("rating")
    if REVIEW_WORD.search(record.get("headline") or ""):
        signals.add("headline")
    if REVIEW_IN_PATH.search(urlsplit(record.get("url") or "").path):
        signals.add("address")
    return signals


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph"))
        yield from _nodes(data.get("itemListElement"))


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(kind).lower() for kind in kinds if kind}


def jsonld_signals(body: bytes) -> set[str]:
    signals = set()
    for match in _JSONLD.finditer(body):
        try:
            data = json.loads(match.group(1))
        except (ValueError, UnicodeDecodeError):
            continue
        for node in _nodes(data):
            if _types(node) & REVIEW_TYPES:
                signals.add("review_data")
            if "listitem" in _types(node) and REVIEW_WORD.search(str(node.get("name") or "")):
                signals.add("breadcrumb")
    return signals


def breadcrumb_signals(body: bytes) -> set[str]:
    try:
        tree = lxml_html.document_fromstring(body)
    except (ValueError, etree.ParserError):
        return set()
    for element in tree.iter("nav", "ol", "ul", "div"):
        marks = " ".join(element.get(name) or "" for name in ("class", "id", "aria-label", "aria-labelledby"))
        if "breadcrumb" in marks.lower() and REVIEW_WORD.search(" ".join(element.itertext())):
            return {"breadcrumb"}
    return set()


def page_signals(body: bytes) -> set[str]:
    """Review signals in a page's markup: Review JSON-LD, a breadcrumb through a "Reviews" section."""
    signals = jsonld_signals(body)
    return signals if signals else breadcrumb_signals(body)
