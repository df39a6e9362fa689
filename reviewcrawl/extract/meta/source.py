"""Where the review comes from and what it is written in: site name, canonical URL, its host, language."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from reviewcrawl.canonical import trusted_canonical
from reviewcrawl.extract.body.chrome import in_chrome
from reviewcrawl.extract.meta.language import SAMPLE_CHARS, detect_language
from reviewcrawl.extract.meta.structured import find_typed, first_text
from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.query import PageView, element_text
from reviewcrawl.extract.page.simplecss import Element

JsonObject = dict[str, Any]

LANGUAGE_META_KEYS = ("content-language", "og:locale", "dc.language", "language")
# Below this much paragraph text, language detection reads all visible text instead.
MIN_PARAGRAPH_TEXT = 200
# Visible text is gathered up to this many characters (counted before trimming).
VISIBLE_TEXT_LIMIT = 20_000
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
_LANGUAGE_TAG_END = re.compile(r"[-_,;\s]")


def read_source(
    meta: dict[str, str], objects: list[JsonObject], main: JsonObject | None, domain: str | None
) -> str | None:
    if meta.get("og:site_name"):
        return meta["og:site_name"]
    publisher = first_text(main.get("publisher")) if main is not None else None
    if publisher:
        return publisher
    for obj in find_typed(objects, "WebSite", "NewsMediaOrganization", "Organization"):
        name = first_text(obj.get("name"))
        if name:
            return name
    return meta.get("application-name") or domain


def read_canonical_url(page: Page, meta: dict[str, str]) -> str | None:
    """The first declared canonical URL the page may claim (see ``trusted_canonical``), else its own URL."""
    declared = [
        (link.get("href") or "").strip()
        for link in page.tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    declared.append(meta.get("og:url") or "")
    for href in filter(None, declared):
        try:
            url = urljoin(page.url or "", href)
        except ValueError:  # a malformed host ("http://[::1")
            continue
        trusted = trusted_canonical(url, page.url)
        if trusted is not None:
            return trusted
    return page.url


def domain_of(url: str | None) -> str | None:
    """Lower-cased host without "www." and without port."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def read_language(view: PageView, meta: dict[str, str], objects: list[JsonObject]) -> str | None:
    root = view.root
    declared = [root.get("lang"), root.get("xml:lang")]
    declared += [meta.get(key) for key in LANGUAGE_META_KEYS]
    declared += [first_text(obj.get("inLanguage")) for obj in objects]
    for value in declared:
        code = language_code(value)
        if code:
            return code
    return detect_language(language_sample(view))


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code from a tag such as "en-US", "ko_KR" or "FR"; None for anything else."""
    if not value:
        return None
    primary = _LANGUAGE_TAG_END.split(value.strip(), maxsplit=1)[0].lower()
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else None


def language_sample(view: PageView) -> str:
    """Paragraph text outside chrome; the page's visible text when it has hardly any paragraphs.

    Detection reads only the first SAMPLE_CHARS characters, so gathering stops once there are that many.
    """
    parts: list[str] = []
    size = -1
    for element in view.root.iter("p", "h1", "h2"):
        if size >= SAMPLE_CHARS:
            break
        text = element_text(element)
        if text and not in_chrome(view, element):
            parts.append(text)
            size += len(text) + 1
    text = "\n".join(parts)
    return text if len(text) >= MIN_PARAGRAPH_TEXT else visible_text(view.root)


def visible_text(root: Element, limit: int = VISIBLE_TEXT_LIMIT) -> str:
    """Text outside scripts and styles, up to ``limit``; gathering stops once detection has its sample."""
    parts: list[str] = []
    size = 0
    joined = -1
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _INVISIBLE_TAGS:
            continue
        for piece in (element.text, *(child.tail for child in element)):
            if piece and piece.strip():
                parts.append(piece.strip())
                size += len(piece)
                joined += len(parts[-1]) + 1
        if size >= limit or joined >= SAMPLE_CHARS:
            break
    return " ".join(parts)
