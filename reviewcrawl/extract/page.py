"""A decoded, parsed page: the one input every extraction step reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import html as lxml_html

from reviewcrawl.extract.decode import decode_html


@dataclass
class Page:
    url: str | None
    html: str
    tree: lxml_html.HtmlElement
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object on the page, @graph members flattened."""
        from reviewcrawl.extract.structured import read_jsonld

        return read_jsonld(self.tree)


def parse_html(text: str) -> lxml_html.HtmlElement | None:
    """Parse markup with lxml; None when there is nothing to parse."""
    if not text or not text.strip():
        return None
    try:
        return lxml_html.document_fromstring(text)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None


def load_page(data: str | bytes, url: str | None = None, encoding: str | None = None) -> Page | None:
    """Decode (bytes) and parse a page. ``encoding`` is a transport-level hint."""
    text = decode_html(data, encoding) if isinstance(data, bytes) else data
    tree = parse_html(text)
    if tree is None:
        return None
    return Page(url=url, html=text, tree=tree)
