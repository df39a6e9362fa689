"""The review's author: a person's name from JSON-LD, author <meta> or the post's byline; never the site."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reviewcrawl.extract.body.chrome import in_chrome
from reviewcrawl.extract.meta.structured import first_text, type_names
from reviewcrawl.extract.page.query import PageView, collapse, element_text, elements_with_text
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
# Class names that call an element the author or the byline, in the spellings themes use across languages.
_AUTHOR_CLASS = ("uthor", "yline", "Autor", "autor", "auteur")
# Marked so, but about something else: a commenter, a photo credit, the author's bio, links to follow them.
_NOT_BYLINE = re.compile(
    r"comment|photo|image|img|foto|caption|credit|avatar|bio|desc|about|social|share|follow|related|thumb"
    r"|tutor|more|list|recommend|popular|footer",
    re.IGNORECASE,
)
# Text in a byline box that names no one: labels, follow links.
_LABEL_ONLY = re.compile(
    r"^(?:(?:written|posted|article|recipe|story|text)\s+by|by|von|par|por|the\s+author|authors?|author\s+posts"
    r"|about\s+the\s+author|autor(?:in|es)?|auteur|more|view\s+all.*|(?:text|font)\s+size|print|listen)$",
    re.IGNORECASE,
)
# A picture's credit ("Foto: SN/APA/KEYSTONE") sits in the same boxes on some sites; it never names the author
_CREDIT = re.compile(r"\b(?:foto|photo|bild|image|picture|credit|copyright)\b|©|/", re.IGNORECASE)
_SOCIAL = re.compile(
    r"\b(?:twitter|facebook|linkedin|instagram|e-?mail|rss|youtube|tiktok|whatsapp|pinterest|threads|bluesky)\b",
    re.IGNORECASE,
)
# Lower-case words a name may hold ("Nick van Mead", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "al",
        "y",
        "e",
        "dos",
    }
)
# A one-word byline shorter than this is initials ("amw"), not a name or a handle.
MIN_HANDLE_CHARS = 4
# A marked element with more text than this is a box (bio, article list), not a byline.
MAX_BYLINE_CHARS = 120
# Past these a byline is a sentence or a list of credits, not a name.
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 5
MAX_REPORTER_LINE_CHARS = 60

_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
_BY_PREFIX = re.compile(
    r"^(?:this\s+(?:post|article|story)\s+(?:was\s+)?)?"
    r"(?:(?:written|posted|reviewed|authored|words|review|text|article|recipe|story)\s+)?by[:\s]+"
    rf"|^(?:author|reviewer|critic)\s*:\s*|^authors?:?\s+(?=\S)|^[{_DASHES}]\s*"
    # "by" in other languages, taken only before two words or more ("Von Miller" is a name).
    r"|^(?:von|par|por|door|av|af|di)\s+(?=\S+\s+\S)",
    re.IGNORECASE,
)
# Where a byline stops being a name: a separator, a date after a comma, "on <date>".
_BYLINE_CUT = re.compile(
    rf"\s+(?:[|/·•]|[{_DASHES}])\s+|,\s+(?=\d|[A-Z][a-z]{{2,8}}\.? \d)|\s+(?:on|posted)\s+\w+",
    re.IGNORECASE,
)
_NAME_EDGES = " ,;:|\"'\u201c\u201d\u2018\u2019(" + _DASHES
_KOREAN_REPORTER = re.compile(
    r"(?<![가-힣])([가-힣]{2,4})\s*(?:선임|수석|객원|인턴)?\s*(?:기자|특파원|평론가)(?![가-힣])"
)
_REPORTER_WORDS = ("기자", "특파원", "평론가")
# Account names, desks and companies that publish under no person's name.
_NOT_A_PERSON = re.compile(
    r"^(?:admin\w*|administrator|webmaster|editor|editors|editorial|staff|staff writer|guest|anonymous"
    r"|unknown|contributor|root|user|undefined|null|none|n/a)$|\b(?:team|staff|desk|newsroom|editors|editorial|admin)$"
    r"|\b(?:gmbh|inc|llc|ltd|plc|corp|co\.?\s?kg|ag|s\.?a|s\.?l|b\.?v|pty)\.?$",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"\b(?:writer|editor|correspondent|reporter|critic|contributor|columnist|expert|press|news|staff"
    r"|associated|reuters|afp|founder|co-founder|ceo|consultant|manager|director|head|specialist|analyst)\b",
    re.IGNORECASE,
)
_TAXONOMY_ADDRESS = re.compile(r"/(?:tags?|category|categories|topics?|section|thema)/", re.IGNORECASE)
_NAME_MARKS = frozenset(" .'-\u2019(),\u00b7")
_NOT_WORD = re.compile(r"[\W_]+")
# A name this short inside the site's domain ("Anna" in "annasblog.com") may still be a person's.
MIN_SITE_CHARS = 6
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
    authors_of = [resolve_references(obj.get("author"), objects) for obj in described]
    site_names = site_names | account_names(authors_of)
    for obj, authors in zip(described, authors_of, strict=True):
        names = person_names(authors, site_names | publisher_names(obj))
        if names:
            return ", ".join(names)
    for key in AUTHOR_META_KEYS:
        name = clean_person(meta.get(key), site_names)
        if name:
            return name
    return byline_author(view, site_names) or korean_reporter(view) or marked_author(view, site_names)


def person_names(value: Any, excluded: set[str]) -> list[str]:
    """Distinct person names from a JSON-LD author value; organisations and the site itself are skipped."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        if isinstance(item, dict) and (type_names(item) & ORGANIZATION_TYPES or _is_account(item)):
            continue
        name = clean_person(first_text(item), excluded)
        if name and name not in names:
            names.append(name)
    return names


def account_names(authors_of: Sequence[Any]) -> set[str]:
    """Names the page's own data gives to accounts ("Ilanga D" at "/author/admin/"): a byline repeating one
    names no person either. ``authors_of``: each described object's author value, references resolved."""
    names = set()
    for authors in authors_of:
        for item in authors if isinstance(authors, list) else [authors]:
            name = first_text(item) if isinstance(item, dict) and _is_account(item) else None
            if name:
                names.add(name.lower())
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
    text = _drop_site_affiliation(_drop_affiliation(text), excluded)
    if (
        not text
        or is_site_name(text, excluded)
        or len(text) > MAX_NAME_CHARS
        or any(c.isdigit() for c in text)
    ):
        return None
    if len(text.split()) > MAX_NAME_WORDS or _NOT_A_PERSON.search(text) or _CALENDAR_WORD.fullmatch(text):
        return None
    if _LABEL_ONLY.match(text):
        return None
    return text


def is_site_name(text: str, site_names: set[str]) -> bool:
    """The site's own name, however spelled: "Stuttgarter Zeitung" is "stuttgarter-zeitung.de"."""
    name = _squash(text)
    if not name:
        return False
    initials = _initials(text)
    for site in site_names:
        squashed = _squash(site)
        if name == squashed or (len(name) >= MIN_SITE_CHARS and name in squashed):
            return True
        if _names_the_site(text, site):
            return True
        if initials and _squash(site.split(".")[0]) == initials:
            return True
    return False


def _names_the_site(text: str, site: str) -> bool:
    """A byline holding the site's whole name beside other words ("Stanford News Service" on stanford.edu,
    "The Verge Staff"): a desk or the site itself, not a person."""
    label = _squash(site.split(".")[0] if "." in site and " " not in site else site)
    if len(label) < MIN_SITE_CHARS:
        return False
    words = _NOT_WORD.sub(" ", text.casefold()).split()
    return len(words) >= 2 and any(
        _squash(" ".join(words[start:end])) == label
        for start in range(len(words))
        for end in range(start + 1, len(words) + 1)
    )


def _initials(text: str) -> str:
    """ "Deutsche Welle" -> "dw": a site often goes by its initials (dw.com, "BBC"); "" for one word."""
    words = _NOT_WORD.sub(" ", text.casefold()).split()
    return "".join(word[0] for word in words) if len(words) >= 2 else ""


def _squash(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())


def _is_account(item: JsonObject) -> bool:
    """A JSON-LD author whose profile address names an account ("/author/admin/"), not a person."""
    for key in ("url", "@id"):
        address = item.get(key)
        if isinstance(address, str):
            slug = address.rstrip("/").rsplit("/", 1)[-1]
            if slug and _NOT_A_PERSON.search(slug):
                return True
    return False


def _drop_affiliation(text: str) -> str:
    """ "Steve Peoples, AP National Political Writer" -> "Steve Peoples"; "Doe, Jane" stays."""
    name, comma, rest = text.partition(",")
    if comma and (_ROLE_WORDS.search(rest) or len(text.split()) > MAX_NAME_WORDS):
        return name.strip()
    return text


def _drop_site_affiliation(text: str, site_names: set[str]) -> str:
    """ "Dana Ward, Riverbend Daily" on Riverbend Daily's pages -> "Dana Ward"."""
    name, comma, rest = text.partition(",")
    if comma and name.strip() and is_site_name(rest.strip(), site_names):
        return name.strip()
    return text


def byline_author(view: PageView, site_names: set[str]) -> str | None:
    for selector in BYLINE_SELECTORS:
        for element in view.select(selector):
            if in_chrome(view, element):
                continue
            name = clean_person("".join(_texts_outside_taxonomy(element)), site_names)
            if name and plausible_name(name):
                return name
    return None


def plausible_name(name: str) -> bool:
    """Letters, spaces and the marks names use; no photo credit ("Foto: AB/CD") or widget text ("Share •")."""
    return not _CREDIT.search(name) and all(char.isalpha() or char in _NAME_MARKS for char in name)


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


def marked_author(view: PageView, site_names: set[str]) -> str | None:
    """A name in an element whose class calls it the author or byline, outside site chrome and not a
    commenter, photo credit or bio: its whole text when that is a bare name, else its first text piece that is
    ("Harry Doe" of "Harry Doe" + "Tech Reporter")."""
    for element in view.with_class_part(_AUTHOR_CLASS):
        if _NOT_BYLINE.search(element.get("class") or ""):
            continue
        pieces = [piece for piece in map(collapse, _texts_outside_taxonomy(element)) if piece]
        whole = " ".join(pieces)
        if not whole or len(whole) > MAX_BYLINE_CHARS or in_chrome(view, element):
            continue
        name = _marked_name(whole, site_names, alone=True)
        for piece in pieces if len(pieces) > 1 and not name else ():
            name = _marked_name(piece, site_names, alone=False)
            if name:
                break
        if name:
            return name
    return None


def _texts_outside_taxonomy(element: Any) -> list[str]:
    """The box's text pieces but those of links to tag or section pages ("Lifestyle" in a byline's tags)."""
    pieces: list[str] = []
    if element.text:
        pieces.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and not _is_taxonomy_link(child):
            pieces.extend(_texts_outside_taxonomy(child))
        if child.tail:
            pieces.append(child.tail)
    return pieces


def _is_taxonomy_link(element: Any) -> bool:
    return element.tag == "a" and bool(_TAXONOMY_ADDRESS.search(element.get("href") or ""))


def _marked_name(text: str, site_names: set[str], alone: bool) -> str | None:
    """A name from a byline box's text; a single cased word ("BeauHD") only as the box's whole text, since
    among its pieces one word is more often a label ("Share", "Updated") or a section name."""
    if _LABEL_ONLY.match(text) or _SOCIAL.search(text) or _ROLE_WORDS.search(text) or _CREDIT.search(text):
        return None
    name = clean_person(text, site_names)
    if not name or not plausible_name(name) or not looks_like_name(name):
        return None
    if " " not in name and (len(name) < MIN_HANDLE_CHARS or (not alone and name.lower() != name.upper())):
        return None
    return name


def looks_like_name(text: str) -> bool:
    """Every word of a name in a cased script starts with a capital, bar particles ("van", "de"); a single
    word ("BeauHD", "jsteinhardt") can be a user name. "Personal finance", "Wellness & Prevention" cannot."""
    words = text.split()
    if sum(char.isalpha() for char in text) < 2:
        return False
    if len(words) == 1:
        return not _LABEL_ONLY.match(text)
    for word in words:
        first = word[0]
        if not first.isalpha() and first not in "(\"'":
            return False
        if first.lower() != first.upper() and first.islower() and word.lower() not in _NAME_PARTICLES:
            return False
    return True
