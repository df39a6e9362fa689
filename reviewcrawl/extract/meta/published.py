"""When the review appeared: from JSON-LD or <meta>, else printed with the post; never the site's clock."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reviewcrawl.extract.body.chrome import in_chrome
from reviewcrawl.extract.meta.dates import parse_date
from reviewcrawl.extract.page.query import PageView, elements_with_text, raw_text
from reviewcrawl.extract.page.simplecss import Element, css
from reviewcrawl.extract.page.textrepair import collapsed_head

JsonObject = dict[str, Any]

PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)
DATE_SELECTORS = tuple(
    css(selector)
    for selector in (
        "time.entry-date",
        "[itemprop=datePublished]",
        "time.published",
        "time[pubdate]",
        "time[datetime]",
        ".entry-date",
        ".post-date",
        ".published",
        ".date",
        ".article-date",
        ".byline",
    )
)
# A labelled date line longer than this is prose that mentions a date, not the post's date line.
MAX_DATE_LINE_CHARS = 60
# "Last updated" labels stand at the start of the stamp's text.
UPDATE_LABEL_CHARS = 40

# Dates that say when the post changed, not when it appeared.
_UPDATE_LABEL = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|revised|edited)\b|^\s*수정", re.IGNORECASE)
_UPDATE_NAMES = (
    "modified",
    "changed",
    "last-updated",
    "updated-date",
    "date-updated",
    "updated-on",
    "lastmod",
)
_PUBLISHED_CLASSES = frozenset({"published", "entry-date", "td-module-date", "posted-on", "post-date"})
_PUBLISHED_LABEL = re.compile(
    r"^\s*(?:입력|등록|게재|기사입력|승인|published(?:\s+on)?|posted(?:\s+on)?|date)\s*[:\uff1a]?\s*",
    re.IGNORECASE,
)
_PUBLISHED_WORDS = (
    "입력",
    "등록",
    "게재",
    "승인",
    "Published",
    "published",
    "Posted",
    "posted",
    "Date",
    "date",
)


def read_published(view: PageView, meta: dict[str, str], described: Sequence[JsonObject]) -> str | None:
    # The review's own dateCreated counts; other objects (and the reviewed film) only by datePublished.
    for index, obj in enumerate(described):
        for key in ("datePublished", "dateCreated") if index == 0 else ("datePublished",):
            value = obj.get(key)
            parsed = parse_date(value) if isinstance(value, str) else None
            if parsed:
                return parsed
    for key in PUBLISHED_META_KEYS:
        parsed = parse_date(meta.get(key))
        if parsed:
            return parsed
    return article_date(view)


def article_date(view: PageView) -> str | None:
    """The date printed with the post (time element, post meta), never the site's top-bar clock.

    A "Last updated" stamp is taken only when the post prints no other date.
    """
    return _marked_date(view, updates=False) or labelled_date(view) or _marked_date(view, updates=True)


def _marked_date(view: PageView, updates: bool) -> str | None:
    for selector in DATE_SELECTORS:
        for element in view.select(selector):
            if in_chrome(view, element) or is_update_stamp(element) != updates:
                continue
            for value in (element.get("datetime"), element.get("content"), raw_text(element)):
                parsed = parse_date(value)
                if parsed:
                    return parsed
    return None


def is_update_stamp(element: Element) -> bool:
    """A "Last updated" date: labelled so in its text or its parent's, or named so in its class/id.

    WordPress themes put the "updated" class on the published date too, so it counts only on its own.
    """
    classes = set((element.get("class") or "").lower().split())
    # hAtom: "updated" alone marks the modified date; beside "published"/"entry-date" it is the post's date.
    if "updated" in classes and classes.isdisjoint(_PUBLISHED_CLASSES):
        return True
    parent = element.getparent()
    for node in (element, parent) if parent is not None else (element,):
        if _UPDATE_LABEL.match(collapsed_head(raw_text(node), UPDATE_LABEL_CHARS)):
            return True
        names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if any(name in names for name in _UPDATE_NAMES):
            return True
    return False


def labelled_date(view: PageView) -> str | None:
    """A short line such as "입력 2022.06.29 14:05" or "Published: 1 Dec 2023" (not "수정"/"Updated")."""
    seen: set[Element] = set()
    for element in elements_with_text(view, _PUBLISHED_WORDS):
        parent = element.getparent()
        for node in (element, parent) if parent is not None else (element,):
            if node in seen:
                continue
            seen.add(node)
            # Only the first few characters are needed to tell a date line from a longer text.
            text = collapsed_head(raw_text(node), MAX_DATE_LINE_CHARS + 1)
            if len(text) > MAX_DATE_LINE_CHARS or not _PUBLISHED_LABEL.match(text) or in_chrome(view, node):
                continue
            parsed = parse_date(_PUBLISHED_LABEL.sub("", text, count=1))
            if parsed:
                return parsed
    return None
