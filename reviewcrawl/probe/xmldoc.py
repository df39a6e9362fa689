"""Forgiving reading of what the probe meets (sitemaps, feeds, OpenSearch, pages): bs4 on lxml."""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning


def xml_soup(data: bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(data, "lxml-xml")


def html_soup(data: bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(data, "lxml")


def local_name(tag: str | None) -> str:
    return (tag or "").rsplit(":", 1)[-1].lower()
