"""When the review appeared: from JSON-LD or <meta>, else printed with the post; never the site's clock."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from lxml import etree

from reviewcrawl.extract.body.chrome import in_chrome
from reviewcrawl.extract.meta.dates import parse_date
from reviewcrawl.extract.meta.structured import type_names
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
        "time",
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

# Days by which a printed date may differ from the JSON-LD one (time zones, late edits) and still agree.
DISAGREE_DAYS = 1

_HEADING = css("h1")
_SHORT_TEXTS = etree.XPath("//body//text()[normalize-space()][string-length() < 100]")
_NOT_PRINTED = frozenset({"script", "style", "noscript", "template"})
# How far after the headline a date line may stand: the byline block, not the article's text.
_FOLLOWING_TEXT = etree.XPath("following::text()[normalize-space()][position() <= 12]")
# Above it, a kicker or category and the date: a few lines, not the site's navigation.
_PRECEDING_TEXT = etree.XPath("preceding::text()[normalize-space()][position() <= 4]")
# Class names that call an element the post's date, in the spellings themes use across languages.
_DATE_CLASS = re.compile(r"[Dd]ate|[Tt]ime|[Pp]ublish|[Pp]osted|[Dd]atum|[Ff]echa")
# Marked so, but about something else: comments, related posts, events, reading time, deadlines.
_NOT_DATE_CLASS = re.compile(
    r"comment|related|recommend|popular|event|read|runtime|timeline|timer|footer|list|card|teaser",
    re.IGNORECASE,
)
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
_PUBLISH_KEY = re.compile(r"publi[a-z]*[-_:.]?(?:date|time)|(?:date|time)[-_:.]?publi", re.IGNORECASE)
_UPDATE_KEY = re.compile(r"modif|updat|expir", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})([/-])(\d{1,2})\2(\d{1,2})(?:[/-]|$)")
_PAGE_NAMES = frozenset({"webpage", "itempage", "aboutpage", "profilepage", "qapage", "faqpage"})
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


def read_published(
    view: PageView, meta: dict[str, str], described: Sequence[JsonObject], url: str | None = None
) -> str | None:
    """The most deliberate statement first: JSON-LD, <meta>, the date in the article's URL, the date printed
    with the post; the last modification only when the page states nothing else. A JSON-LD date that
    <meta> does not confirm and the page never prints gives way to the date printed under the headline
    (see ``printed_over_declared``)."""
    declared = declared_date(described)
    stated = meta_date(meta)
    if declared:
        return declared if _agree(stated, declared) else printed_over_declared(view, declared)
    return (
        local_day(stated, url_date(url))
        or article_date(view)
        or _object_date(described, "dateModified")
        or parse_date(meta.get("article:modified_time"))
    )


def printed_over_declared(view: PageView, declared: str) -> str:
    """The date printed right under the headline when it disagrees with the JSON-LD date by more than
    ``DISAGREE_DAYS`` and the page prints the JSON-LD date nowhere: SEO plugins fill datePublished with a
    template's or an import's date, while the line under the headline is the date readers are shown."""
    printed = headline_date(view, updates=False) or headline_date(view, updates=True)
    if printed is None or days_apart(printed, declared) <= DISAGREE_DAYS:
        return declared
    return declared if _declared_day_printed(view, declared[:10]) else printed


def local_day(stated: str | None, in_url: str | None) -> str | None:
    """The <meta> date, unless the URL's date is a day off: a UTC timestamp past midnight, while the
    engine built the address from the author's local day, the day printed on the page."""
    if stated and in_url and 0 < days_apart(stated, in_url) <= DISAGREE_DAYS:
        return in_url
    return stated or in_url


def _agree(first: str | None, second: str) -> bool:
    # Two structured statements of the same day outweigh a printed line.
    return first is not None and days_apart(first, second) <= DISAGREE_DAYS


def days_apart(first: str, second: str) -> int:
    return abs((date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])).days)


def _declared_day_printed(view: PageView, day: str) -> bool:
    """Whether any short visible text on the page states ``day`` ("Published March 3, 2024" in a footer)."""
    for node in _SHORT_TEXTS(view.root):
        parent = node.getparent()
        if parent is not None and parent.tag not in _NOT_PRINTED and (parse_date(node) or "")[:10] == day:
            return True
    return False


def declared_date(described: Sequence[JsonObject]) -> str | None:
    # The review's own dateCreated counts; other objects (and the reviewed film) only by datePublished.
    for index, obj in enumerate(described):
        own = index == 0 and not type_names(obj) & _PAGE_NAMES
        for key in ("datePublished", "dateCreated") if own else ("datePublished",):
            parsed = _object_date([obj], key)
            if parsed:
                return parsed
    return None


def _object_date(described: Sequence[JsonObject], key: str) -> str | None:
    for obj in described:
        value = obj.get(key)
        parsed = parse_date(value) if isinstance(value, str) else None
        if parsed:
            return parsed
    return None


def meta_date(meta: dict[str, str]) -> str | None:
    """The well-known publication keys, then any key that says "publish" with "date" or "time"."""
    for key in PUBLISHED_META_KEYS:
        parsed = parse_date(meta.get(key))
        if parsed:
            return parsed
    for key, value in meta.items():
        if _PUBLISH_KEY.search(key) and not _UPDATE_KEY.search(key):
            parsed = parse_date(value)
            if parsed:
                return parsed
    return None


def url_date(url: str | None) -> str | None:
    """A /2024/05/03/ or /2024-05-03-slug path, as news and blog engines build article addresses."""
    found = _URL_DATE.search(url or "")
    if not found:
        return None
    year, month, day = int(found[1]), int(found[3]), int(found[4])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def article_date(view: PageView) -> str | None:
    """The date printed with the post (time element, post meta), never the site's top-bar clock.

    A "Last updated" stamp is taken only when the post prints no other date.
    """
    return (
        _marked_date(view, updates=False)
        or labelled_date(view)
        or class_marked_date(view, updates=False)
        or headline_date(view, updates=False)
        or _marked_date(view, updates=True)
        or class_marked_date(view, updates=True)
        or headline_date(view, updates=True)
        or headline_date(view, updates=False, header_only=True)
        or date_above_headline(view)
    )


def headline_date(view: PageView, updates: bool, header_only: bool = False) -> str | None:
    """A short line right after the article's h1 that is a date: the post's date line when its markup
    names it nothing ("<p class="text-muted">December 15, 2025</p>"). "Updated …" lines only when
    ``updates``. With ``header_only``, the h1 may stand in a page header, when every h1 does: themes wrap
    the post's title and date line in a header box that reads as chrome."""
    heading = _article_heading(view, header_only)
    if heading is None:
        return None
    for node in _FOLLOWING_TEXT(heading):
        text = node.strip()
        parent = node.getparent()
        if len(text) > MAX_DATE_LINE_CHARS or parent is None or parent.tag in ("script", "style"):
            continue
        if bool(_UPDATE_LABEL.match(text)) != updates:
            continue
        parsed = parse_date(_PUBLISHED_LABEL.sub("", text, count=1))
        if parsed:
            return parsed
    return None


def date_above_headline(view: PageView) -> str | None:
    """A short date line just above the article's h1 and outside chrome ("Dec 12, 2025 · News" over the
    title), nearest first; not an "Updated" stamp."""
    heading = _article_heading(view, header_only=False)
    if heading is None:
        return None
    for node in reversed(_PRECEDING_TEXT(heading)):
        text = node.strip()
        parent = node.getparent()
        if len(text) > MAX_DATE_LINE_CHARS or parent is None or parent.tag in ("script", "style"):
            continue
        if _UPDATE_LABEL.match(text) or in_chrome(view, parent):
            continue
        parsed = parse_date(_PUBLISHED_LABEL.sub("", text, count=1))
        if parsed:
            return parsed
    return None


def _article_heading(view: PageView, header_only: bool) -> Element | None:
    """The first h1 outside chrome; with ``header_only``, the first h1 when all stand in chrome."""
    headings = view.select(_HEADING)
    outside = [heading for heading in headings if not in_chrome(view, heading)]
    if header_only:
        return headings[0] if headings and not outside else None
    return outside[0] if outside else None


def class_marked_date(view: PageView, updates: bool) -> str | None:
    """A short element whose class says date, time or published ("post-date-label", "sno-story-date",
    "datum") and whose text or datetime is a date; outside chrome. "Last updated" stamps only when
    ``updates``."""
    for element in view.with_class_part(_DATE_CLASS):
        if _NOT_DATE_CLASS.search(element.get("class") or ""):
            continue
        text = collapsed_head(raw_text(element), MAX_DATE_LINE_CHARS + 1)
        if len(text) > MAX_DATE_LINE_CHARS or in_chrome(view, element) or is_update_stamp(element) != updates:
            continue
        text = _UPDATE_LABEL.sub("", _PUBLISHED_LABEL.sub("", text, count=1), count=1)
        parsed = parse_date(element.get("datetime")) or parse_date(text)
        if parsed:
            return parsed
    return None


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
