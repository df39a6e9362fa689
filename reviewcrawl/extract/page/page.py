"""Stage: parse. A decoded page parsed into a tree: the one input every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree

from reviewcrawl.extract.page.decode import DecodedPage, decode_page
from reviewcrawl.extract.page.jsonld import read_jsonld


@dataclass(frozen=True)
class Page:
    """The parsed page; later stages keep what they derive from it in ``_cache`` (the tree stays as is)."""

    url: str | None
    html: str
    tree: etree._Element
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object on the page, @graph members flattened."""
        return read_jsonld(self.tree)


# Plain lxml elements, not lxml.html's: the extraction uses none of HtmlElement's methods, and without its
# per-element class lookup every step that walks the tree runs several times faster.
# No table of id attributes: nothing looks elements up by id through libxml2 (no XPath id()), and building
# and freeing the table costs a fifth of parsing a page.
_PARSER = etree.HTMLParser(collect_ids=False)
# libxml2 reads UTF-8 as it is, while text handed over as a str reaches it as UTF-16 or UCS-4 and goes
# through a conversion that costs more than encoding the text here.
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False)


def parse_html(text: str, utf8: bytes | None = None) -> etree._Element | None:
    """Parse markup with lxml; None when there is nothing to parse. ``utf8``: the text as UTF-8, if known."""
    if not text or not text.strip():
        return None
    try:
        return _parse(text, utf8)
    except (ValueError, TypeError, etree.ParserError):
        return None


def _parse(text: str, utf8: bytes | None) -> etree._Element:
    if utf8 is None:
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (text given as a str): lxml takes the text itself
            return etree.fromstring(text, _PARSER)
    return etree.fromstring(utf8, _UTF8_PARSER)


def parse_page(decoded: DecodedPage) -> Page | None:
    """The parsed page, or None when there is nothing to parse."""
    tree = parse_html(decoded.text, decoded.utf8)
    if tree is None:
        return None
    return Page(url=decoded.url, html=decoded.text, tree=tree)


def load_page(data: str | bytes, url: str | None = None, encoding: str | None = None) -> Page | None:
    """Decode (bytes) and parse a page. ``encoding`` is a transport-level hint."""
    return parse_page(decode_page(data, url, encoding))
