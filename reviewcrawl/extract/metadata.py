"""Record metadata of a review page: headline, author, date, source, canonical URL, language.

Each field is read from the most deliberate statement the page makes about itself (JSON-LD, then OpenGraph and
<meta>, then the article's own markup) and never from site chrome such as the top-bar date or the logo.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from reviewcrawl.extract.dates import parse_date
from reviewcrawl.extract.language import detect_language
from reviewcrawl.extract.page import Page
from reviewcrawl.extract.structured import (
    clean_text,
    find_reviews,
    find_typed,
    first_text,
    read_meta,
    type_names,
)

JsonObject = dict[str, Any]

ARTICLE_TYPES = (
    "NewsArticle",
    "ReviewNewsArticle",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "ReportageNews",
    "Article",
    "BlogPosting",
    "SocialMediaPosting",
    "Report",
)
ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website", "brand"})

_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
_TITLE_SEPARATORS = (" - ", " | ", " \u2013 ", " \u2014 ", " :: ", " · ", " » ", " • ")
_PLAIN_PUNCTUATION = str.maketrans("\u2013\u2014\u2018\u2019\u201c\u201d", "--''\"\"")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")

HEADLINE_SELECTORS = (
    "h1.entry-title",
    "h1.tdb-title-text",
    "article h1",
    "h1",
    # Themes that keep the h1 for the logo give the post title one of these instead.
    "[itemprop=headline]",
    ".entry-title",
    ".post-title",
    ".article-title",
    ".headline",
    "header .heading",
)
# Where themes print the site's name in the page header; used to recognise " - Site" title suffixes.
SITE_NAME_SELECTORS = (
    ".site-title",
    ".td-logo",
    ".tdb-logo-text-title",
    ".navbar-brand",
    ".logo",
    ".header-logo",
)
# Site chrome: an h1, date or byline found inside these is not the article's.
CHROME_TAGS = frozenset({"nav", "footer", "aside"})
CHROME_IDS = frozenset(
    {"header", "masthead", "jp-relatedposts", "wpdcom", "comments", "cookie-notice", "cookie-law-info-bar"}
)
CHROME_CLASSES = frozenset(
    {
        "site-header",
        "header",
        "tdc-header-wrap",
        "site-title",
        "site-branding",
        "logo",
        "td-logo",
        "td-header-wrap",
        "tdb-header-wrap",
        "td-header-top-menu",
        "td-top-bar",
        "top-bar",
        "td_data_time",
        "tdb-head-date-txt",
        "tdb_header_date",
        "td-weather-top-widget",
        "tdb_header_weather",
        "td_block_related_posts",
        "tdb_single_related",
        "yarpp",
        "related-posts",
        "comment",
        "widget",
        "sidebar",
        "td-ss-main-sidebar",
        "author-box-wrap",
        "saboxplugin-wrap",
        "cookie-notice",
        "relation",
        "related",
        "most-viewed",
        # Teaser modules of other posts (tagDiv module loops and "other content" blocks, generic cards).
        "td_module_wrap",
        "td_module_flex",
        "td-module-container",
        "tdb_single_other",
        "tdb_module_loop",
        "teaser",
        "post-teaser",
        "entry-card",
    }
)
BYLINE_SELECTORS = (
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
DATE_SELECTORS = (
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
AUTHOR_META_KEYS = ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")
# Below this much paragraph text, language detection reads all visible text instead.
MIN_PARAGRAPH_TEXT = 200
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
LANGUAGE_META_KEYS = ("content-language", "og:locale", "dc.language", "language")

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
_KOREAN_REPORTER = re.compile(
    r"(?<![가-힣])([가-힣]{2,4})\s*(?:선임|수석|객원|인턴)?\s*(?:기자|특파원|평론가)(?![가-힣])"
)
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
_REPORTER_WORDS = ("기자", "특파원", "평론가")
_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
# Chrome regions per document, found once: pages ask about hundreds of elements.
_CHROME_BY_TREE: weakref.WeakKeyDictionary[Any, frozenset[Any]] = weakref.WeakKeyDictionary()


@dataclass
class Metadata:
    headline: str | None
    author: str | None
    published: str | None
    source: str | None
    source_domain: str | None
    canonical_url: str | None
    language: str | None


def read_metadata(page: Page) -> Metadata:
    meta = read_meta(page.tree)
    main = main_object(page.jsonld)
    described = described_objects(page.jsonld, main)
    canonical = read_canonical_url(page, meta)
    domain = domain_of(canonical or page.url)
    source = read_source(meta, page.jsonld, main, domain)
    site_names = {name.lower() for name in (source, meta.get("og:site_name"), domain) if name}
    site_names |= header_site_names(page.tree)
    return Metadata(
        headline=read_headline(page.tree, meta, main, site_names),
        author=read_author(page.tree, meta, described, site_names, page.jsonld),
        published=read_published(page.tree, meta, described),
        source=source,
        source_domain=domain,
        canonical_url=canonical,
        language=read_language(page.tree, meta, page.jsonld),
    )


def main_object(objects: list[JsonObject]) -> JsonObject | None:
    """The JSON-LD object describing the page's article: a review first, else a news or blog article."""
    reviews = find_reviews(objects)
    if reviews:
        return reviews[0]
    articles = find_typed(objects, *ARTICLE_TYPES)
    return articles[0] if articles else None


def described_objects(objects: list[JsonObject], main: JsonObject | None) -> list[JsonObject]:
    """The main object first, then the page's other article objects, for fields the main one lacks."""
    others = [obj for obj in find_typed(objects, *ARTICLE_TYPES) if obj is not main]
    return [main, *others] if main is not None else others


# Headline


def read_headline(
    tree: lxml_html.HtmlElement, meta: dict[str, str], main: JsonObject | None, site_names: set[str]
) -> str | None:
    h1 = article_h1(tree)
    if main is not None:
        declared = first_text(main.get("headline")) or first_text(main.get("name"))
        if declared:
            return prefer_h1(strip_site_suffix(declared, site_names), h1)
    og_title = meta.get("og:title") or meta.get("twitter:title")
    if og_title:
        return prefer_h1(strip_site_suffix(collapse(og_title), site_names), h1)
    if h1:
        return h1
    title = tree.findtext(".//title")
    if title and title.strip():
        return strip_site_suffix(collapse(title), site_names)
    return None


def header_site_names(tree: lxml_html.HtmlElement) -> set[str]:
    """The site's name as its header prints it (logo text), lower-cased."""
    names = set()
    for selector in SITE_NAME_SELECTORS:
        for element in select(tree, selector):
            text = collapse(element.text_content()) or collapse(element.get("title"))
            if text and len(text) <= 40:
                names.add(text.lower())
    return names


def article_h1(tree: lxml_html.HtmlElement) -> str | None:
    for selector in HEADLINE_SELECTORS:
        for element in select(tree, selector):
            if in_chrome(element):
                continue
            text = collapse(element.text_content())
            if text:
                return text
    return None


def prefer_h1(candidate: str, h1: str | None) -> str:
    """The h1 when the candidate is only a truncated, suffixed or re-punctuated variant of it."""
    if not h1 or candidate == h1:
        return candidate
    cut = _comparable(_ELLIPSIS.sub("", candidate))
    heading = _comparable(h1)
    # A cut-off copy, or the h1 with a site name, section or SEO tail added ("…, Tested & Reviewed").
    if heading.startswith(cut) or cut.startswith(heading):
        return h1
    return candidate


def _comparable(text: str) -> str:
    """Case, dashes and curly quotes folded, so re-punctuated copies of a title compare equal."""
    return text.casefold().translate(_PLAIN_PUNCTUATION)


def strip_site_suffix(title: str, site_names: set[str]) -> str:
    """Drop a " - Site" suffix (or "Site | " prefix) when its text is the site's name."""
    for separator in _TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if head and _is_site_name(tail, site_names):
            return head.strip()
        first, _, rest = title.partition(separator)
        if rest and _is_site_name(first, site_names):
            return rest.strip()
    return title


def _is_site_name(text: str, site_names: set[str]) -> bool:
    name = text.strip().lower()
    if not name:
        return False
    return any(name == site or name.replace(" ", "") == site.split(".")[0] for site in site_names)


# Author


def read_author(
    tree: lxml_html.HtmlElement,
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
    return byline_author(tree, site_names) or korean_reporter(tree)


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
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    values = value if isinstance(value, list) else [value]
    resolved = [
        by_id.get(item["@id"], item) if isinstance(item, dict) and set(item) == {"@id"} else item
        for item in values
    ]
    return resolved if isinstance(value, list) else resolved[0]


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
    text = _BYLINE_CUT.split(text, maxsplit=1)[0].strip(" ,;:|\"'\u201c\u201d\u2018\u2019" + _DASHES)
    text = _drop_affiliation(text)
    if not text or text.lower() in excluded or len(text) > 60 or any(char.isdigit() for char in text):
        return None
    if len(text.split()) > 5 or _NOT_A_PERSON.search(text) or _CALENDAR_WORD.fullmatch(text):
        return None
    return text


def _drop_affiliation(text: str) -> str:
    """ "Steve Peoples, AP National Political Writer" -> "Steve Peoples"; "Doe, Jane" stays."""
    name, comma, rest = text.partition(",")
    if comma and (_ROLE_WORDS.search(rest) or len(text.split()) > 5):
        return name.strip()
    return text


def byline_author(tree: lxml_html.HtmlElement, site_names: set[str]) -> str | None:
    for selector in BYLINE_SELECTORS:
        for element in select(tree, selector):
            if in_chrome(element):
                continue
            name = clean_person(element.text_content(), site_names)
            if name:
                return name
    return None


def korean_reporter(tree: lxml_html.HtmlElement) -> str | None:
    """A "홍길동 기자" line in the article: a short element that is only the reporter credit."""
    for element in _elements_with_text(tree, _REPORTER_WORDS):
        text = collapse(element.text_content())
        if len(text) > 60 or in_chrome(element):
            continue
        found = _KOREAN_REPORTER.search(_EMAIL_OR_URL.sub("", text))
        if found:
            return found.group(1)
    return None


def _elements_with_text(tree: lxml_html.HtmlElement, words: tuple[str, ...]) -> list[lxml_html.HtmlElement]:
    """Elements holding a text node that contains one of ``words``, in document order.

    Walking text nodes keeps this linear; asking every element for its text_content() is quadratic.
    """
    condition = " or ".join(f"contains(., '{word}')" for word in words)
    found: list[lxml_html.HtmlElement] = []
    for node in tree.xpath(f"//text()[{condition}]"):
        element = node.getparent()
        if node.is_tail and element is not None:
            element = element.getparent()
        if element is not None and element not in found:
            found.append(element)
    return found


# Published date


def read_published(
    tree: lxml_html.HtmlElement, meta: dict[str, str], described: Sequence[JsonObject]
) -> str | None:
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
    return article_date(tree)


def article_date(tree: lxml_html.HtmlElement) -> str | None:
    """The date printed with the post (time element, post meta), never the site's top-bar clock.

    A "Last updated" stamp is taken only when the post prints no other date.
    """
    return _marked_date(tree, updates=False) or labelled_date(tree) or _marked_date(tree, updates=True)


def _marked_date(tree: lxml_html.HtmlElement, updates: bool) -> str | None:
    for selector in DATE_SELECTORS:
        for element in select(tree, selector):
            if in_chrome(element) or is_update_stamp(element) != updates:
                continue
            for value in (element.get("datetime"), element.get("content"), element.text_content()):
                parsed = parse_date(value)
                if parsed:
                    return parsed
    return None


def is_update_stamp(element: lxml_html.HtmlElement) -> bool:
    """A "Last updated" date: labelled so in its text or its parent's, or named so in its class/id.

    WordPress themes put the "updated" class on the published date too, so it counts only on its own.
    """
    classes = set((element.get("class") or "").lower().split())
    # hAtom: "updated" alone marks the modified date; beside "published"/"entry-date" it is the post's date.
    if "updated" in classes and classes.isdisjoint(_PUBLISHED_CLASSES):
        return True
    parent = element.getparent()
    for node in (element, parent) if parent is not None else (element,):
        if _UPDATE_LABEL.match(collapse(node.text_content())[:40]):
            return True
        names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if any(name in names for name in _UPDATE_NAMES):
            return True
    return False


def labelled_date(tree: lxml_html.HtmlElement) -> str | None:
    """A short line such as "입력 2022.06.29 14:05" or "Published: 1 Dec 2023" (not "수정"/"Updated")."""
    for element in _elements_with_text(tree, _PUBLISHED_WORDS):
        parent = element.getparent()
        for node in (element, parent) if parent is not None else (element,):
            text = collapse(node.text_content())
            if len(text) > 60 or not _PUBLISHED_LABEL.match(text) or in_chrome(node):
                continue
            parsed = parse_date(_PUBLISHED_LABEL.sub("", text, count=1))
            if parsed:
                return parsed
    return None


# Source, URL, language


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
    base = page.url or ""
    for link in page.tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            return urljoin(base, href)
    if meta.get("og:url"):
        return urljoin(base, meta["og:url"])
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


def read_language(tree: lxml_html.HtmlElement, meta: dict[str, str], objects: list[JsonObject]) -> str | None:
    declared = [tree.get("lang"), tree.get("xml:lang")]
    declared += [meta.get(key) for key in LANGUAGE_META_KEYS]
    declared += [first_text(obj.get("inLanguage")) for obj in objects]
    for value in declared:
        code = language_code(value)
        if code:
            return code
    return detect_language(article_text(tree))


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code from a tag such as "en-US", "ko_KR" or "FR"; None for anything else."""
    if not value:
        return None
    primary = re.split(r"[-_,;\s]", value.strip(), maxsplit=1)[0].lower()
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else None


def article_text(tree: lxml_html.HtmlElement) -> str:
    """Paragraph text outside chrome; the page's visible text when it has hardly any paragraphs."""
    paragraphs = [collapse(p.text_content()) for p in tree.iter("p", "h1", "h2") if not in_chrome(p)]
    text = "\n".join(part for part in paragraphs if part)
    return text if len(text) >= MIN_PARAGRAPH_TEXT else visible_text(tree)


def visible_text(tree: lxml_html.HtmlElement, limit: int = 20_000) -> str:
    parts: list[str] = []
    size = 0
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _INVISIBLE_TAGS:
            continue
        for piece in (element.text, *(child.tail for child in element)):
            if piece and piece.strip():
                parts.append(piece.strip())
                size += len(piece)
        if size >= limit:
            break
    return " ".join(parts)


# Shared helpers


def in_chrome(element: lxml_html.HtmlElement) -> bool:
    """True when the element sits in site chrome: nav, footer, sidebar widgets, the page header."""
    roots = chrome_regions(element.getroottree().getroot())
    node: lxml_html.HtmlElement | None = element
    while node is not None:
        if node in roots:
            return True
        node = node.getparent()
    return False


def chrome_regions(root: lxml_html.HtmlElement) -> frozenset[Any]:
    """Every element of the document that starts a chrome region (cached per document root)."""
    regions = _CHROME_BY_TREE.get(root)
    if regions is None:
        regions = frozenset(element for element in root.iter() if _is_chrome(element))
        _CHROME_BY_TREE[root] = regions
    return regions


def _is_chrome(element: lxml_html.HtmlElement) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag in CHROME_TAGS or (tag == "header" and not _is_post_header(element)):
        return True
    if element.get("id") in CHROME_IDS:
        return True
    classes = element.get("class")
    return bool(classes) and not CHROME_CLASSES.isdisjoint(classes.split())


@cache
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select(root: lxml_html.HtmlElement, selector: str) -> list[lxml_html.HtmlElement]:
    """Elements matching a CSS selector; selectors are compiled once per process."""
    return list(_compiled(selector)(root))


def _is_post_header(header: lxml_html.HtmlElement) -> bool:
    classes = header.get("class") or ""
    if any(word in classes for word in ("post", "entry", "article", "tdb-")):
        return True
    return bool(header.xpath("ancestor::article or ancestor::main"))


def collapse(text: str | None) -> str:
    return clean_text(text or "")
