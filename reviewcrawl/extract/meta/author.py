"""The review's author: a person's name from JSON-LD, author <meta> or the post's byline; never the site."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reviewcrawl.extract.body.chrome import in_chrome
from reviewcrawl.extract.meta.structured import first_text, type_names
from reviewcrawl.extract.page.query import PageView, collapse, element_text, elements_with_text, raw_text
from reviewcrawl.extract.page.simplecss import css

JsonObject = dict[str, Any]

ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website", "brand"})
AUTHOR_META_KEYS = ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")
BYLINE_SELECTORS = tuple(
    css(selector)
    for selector in (
        "a[rel~=author]",
        ".author.vcard",
        ".td-post-author-name a",
        ".tdb-author-name",
        "[itemprop=author] [itemprop=name]",
        "[itemprop=author]",
        ".byline .author",
        ".byline",
        "span.author",
        ".author-name",
        ".post-author",
        ".reporter",
        ".writer",
    )
)
# Past these a byline is a sentence or a list of credits, not a name.
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 5
MAX_REPORTER_LINE_CHARS = 60

_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
_BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|reviewed|authored|words|review|text)\s+)?by[:\s]+"
    rf"|^(?:author|reviewer|critic)\s*:\s*|^[{_DASHES}]\s*",
    re.IGNORECASE,
)
# Where a byline stops being a name: a separator, a date after a comma, "on <date>".
_BYLINE_CUT = re.compile(
    rf"\s+(?:[|/·•]|[{_DASHES}])\s+|,\s+(?=\d|[A-Z][a-z]{{2,8}}\.? \d)|\s+(?:on|posted)\s+\w+",
    re.IGNORECASE,
)
_NAME_EDGES = " ,;:|\"'\u201c\u201d\u2018\u2019" + _DASHES
_KOREAN_REPORTER = re.compile(
    r"(?<![가-힣])([가-힣]{2,4})\s*(?:선임|수석|객원|인턴)?\s*(?:기자|특파원|평론가)(?![가-힣])"
)
_REPORTER_WORDS = ("기자", "특파원", "평론가")
# Account names and desks that publish under no person's name.
_NOT_A_PERSON = re.compile(
    r"^(?:admin\w*|administrator|webmaster|editor|editors|editorial|staff|staff writer|guest|anonymous"
    r"|unknown|contributor|root|user)$|\b(?:team|staff|desk|newsroom|editors|editorial)$",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"\b(?:writer|editor|correspondent|reporter|critic|contributor|columnist|expert|press|news|staff"
    r"|associated|reuters|afp)\b",
    re.IGNORECASE,
)
_CALENDAR_WORD = re.compile(
    r"(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.IGNORECASE
)
_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


def read_author(
    view: PageView,
    meta: dict[str, str],
    described: Sequence[JsonObject],
    site_names: set[str],
    objects: Sequence[JsonObject] = (),
) -> str | None:
    for obj in described:
        authors = resolve_references(obj.get("author"), objects)
        names = person_names(authors, site_names | publisher_names(obj))
        if names:
            return ", ".join(names)
    for key in AUTHOR_META_KEYS:
        name = clean_person(meta.get(key), site_names)
        if name:
            return name
    return byline_author(view, site_names) or korean_reporter(view)


def person_names(value: Any, excluded: set[str]) -> list[str]:
    """Distinct person names from a JSON-LD author value; organisations and the site itself are skipped."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        if isinstance(item, dict) and type_names(item) & ORGANIZATION_TYPES:
            continue
        name = clean_person(first_text(item), excluded)
        if name and name not in names:
            names.append(name)
    return names


def resolve_references(value: Any, objects: Sequence[JsonObject]) -> Any:
    """Replace ``{"@id": ...}`` stubs by the page's object of that id (Yoast-style graphs)."""
    values = value if isinstance(value, list) else [value]
    if not any(_is_reference(item) for item in values):
        return value
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    resolved = [by_id.get(item["@id"], item) if _is_reference(item) else item for item in values]
    return resolved if isinstance(value, list) else resolved[0]


def _is_reference(item: Any) -> bool:
    return isinstance(item, dict) and set(item) == {"@id"}


def publisher_names(main: JsonObject) -> set[str]:
    name = first_text(main.get("publisher"))
    return {name.lower()} if name else set()


def clean_person(raw: str | None, excluded: set[str]) -> str | None:
    """A person's name from byline text: "By " and trailing dates dropped; None for URLs and site names."""
    if not raw:
        return None
    text = collapse(raw)
    if _EMAIL_OR_URL.fullmatch(text) or text.startswith(("/", "http")):
        return None
    reporter = _KOREAN_REPORTER.search(text)
    if reporter:
        return reporter.group(1)
    text = _EMAIL_OR_URL.sub("", text)
    text = _BY_PREFIX.sub("", text).strip()
    text = _BYLINE_CUT.split(text, maxsplit=1)[0].strip(_NAME_EDGES)
    text = _drop_affiliation(text)
    if not text or text.lower() in excluded or len(text) > MAX_NAME_CHARS or any(c.isdigit() for c in text):
        return None
    if len(text.split()) > MAX_NAME_WORDS or _NOT_A_PERSON.search(text) or _CALENDAR_WORD.fullmatch(text):
        return None
    return text


def _drop_affiliation(text: str) -> str:
    """ "Steve Peoples, AP National Political Writer" -> "Steve Peoples"; "Doe, Jane" stays."""
    name, comma, rest = text.partition(",")
    if comma and (_ROLE_WORDS.search(rest) or len(text.split()) > MAX_NAME_WORDS):
        return name.strip()
    return text


def byline_author(view: PageView, site_names: set[str]) -> str | None:
    for selector in BYLINE_SELECTORS:
        for element in view.select(selector):
            if in_chrome(view, element):
                continue
            name = clean_person(raw_text(element), site_names)
            if name:
                return name
    return None


def korean_reporter(view: PageView) -> str | None:
    """A "홍길동 기자" line in the article: a short element that is only the reporter credit."""
    for element in elements_with_text(view, _REPORTER_WORDS):
        text = element_text(element)
        if len(text) > MAX_REPORTER_LINE_CHARS or in_chrome(view, element):
            continue
        found = _KOREAN_REPORTER.search(_EMAIL_OR_URL.sub("", text))
        if found:
            return found.group(1)
    return None
