"""The source registry: which sites reviewcrawl knows and how to walk them.

The registry is a TOML file (``REVIEWCRAWL_SOURCES``), one ``[sources.KEY]``
table per site. Paths are relative to the site's ``base_url``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urljoin, urlsplit

from reviewcrawl.extract.body.profile import ContentProfile


class RegistryError(ValueError):
    """The registry file is missing or malformed."""


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    base_url: str
    review_links: re.Pattern[str]
    pagination: re.Pattern[str] | None = None
    start_urls: tuple[str, ...] = ("/",)
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    search: str | None = None
    js: bool = False
    language: str | None = None
    profile: ContentProfile = field(default_factory=ContentProfile)

    def absolute(self, path: str) -> str:
        return urljoin(self.base_url + "/", path)

    @property
    def netloc(self) -> str:
        return urlsplit(self.base_url).netloc.lower()

    def owns(self, url: str) -> bool:
        return urlsplit(url).netloc.lower() == self.netloc

    def is_review_url(self, url: str) -> bool:
        return self.owns(url) and bool(self.review_links.search(_path_and_query(url)))

    def is_listing_url(self, url: str) -> bool:
        return (
            self.owns(url)
            and self.pagination is not None
            and bool(self.pagination.search(_path_and_query(url)))
        )

    def search_url(self, query: str) -> str | None:
        if not self.search:
            return None
        return self.absolute(self.search.replace("{query}", quote_plus(query)))


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _compile(key: str, name: str, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise RegistryError(f"source {key!r}: {name} must be a regular expression string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RegistryError(f"source {key!r}: {name} is not a valid regular expression: {exc}") from exc


def _strings(key: str, name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RegistryError(f"source {key!r}: {name} must be a string or a list of strings")


def source_from_table(key: str, table: dict[str, Any]) -> Source:
    base_url = table.get("base_url")
    if not isinstance(base_url, str) or urlsplit(base_url).scheme not in {"http", "https"}:
        raise RegistryError(f"source {key!r}: base_url must be an http(s) URL")
    if "review_links" not in table:
        raise RegistryError(f"source {key!r}: review_links is required")
    pagination = table.get("pagination")
    return Source(
        key=key,
        name=str(table.get("name", key)),
        base_url=base_url.rstrip("/"),
        review_links=_compile(key, "review_links", table["review_links"]),
        pagination=_compile(key, "pagination", pagination) if pagination is not None else None,
        start_urls=_strings(key, "start_urls", table.get("start_urls", "/")),
        feeds=_strings(key, "feeds", table.get("feeds")),
        sitemaps=_strings(key, "sitemaps", table.get("sitemaps")),
        search=table.get("search"),
        js=bool(table.get("js", False)),
        language=table.get("language"),
        profile=ContentProfile(
            content_selectors=_strings(key, "content_selectors", table.get("content_selectors")),
            cruft_selectors=_strings(key, "cruft_selectors", table.get("cruft_selectors")),
        ),
    )


@dataclass(frozen=True)
class Registry:
    sources: dict[str, Source]

    def get(self, key: str | None) -> Source | None:
        return self.sources.get(key) if key else None

    def including(self, sources: tuple[Source, ...]) -> Registry:
        """This registry with ``sources`` (sites crawled with no entry) added under their own keys."""
        return Registry({**self.sources, **{s.key: s for s in sources}}) if sources else self

    def for_url(self, url: str) -> Source | None:
        """The source whose site serves ``url``, if any."""
        netloc = urlsplit(url).netloc.lower()
        return next((s for s in self.sources.values() if s.netloc == netloc), None)

    def select(self, names: list[str]) -> list[Source]:
        """Sources by key, in the given order; ``all`` selects every source."""
        if names == ["all"]:
            return list(self.sources.values())
        unknown = [n for n in names if n not in self.sources]
        if unknown:
            known = ", ".join(sorted(self.sources)) or "none"
            raise RegistryError(f"unknown source {', '.join(unknown)} (known: {known})")
        return [self.sources[n] for n in names]


def load_registry(path: str | Path | None) -> Registry:
    """Read a registry file; no path means an empty registry."""
    if not path:
        return Registry({})
    file = Path(path)
    if not file.is_file():
        raise RegistryError(f"source registry not found: {file}")
    try:
        data = tomllib.loads(file.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"source registry {file} is not valid TOML: {exc}") from exc
    tables = data.get("sources", {})
    if not isinstance(tables, dict):
        raise RegistryError(f"source registry {file}: [sources] must be a table")
    return Registry({key: source_from_table(key, table) for key, table in tables.items()})
