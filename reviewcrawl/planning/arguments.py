"""Spider arguments, checked before any request is made."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from reviewcrawl.films.cache import cached_catalogue
from reviewcrawl.films.catalogue import CatalogueError
from reviewcrawl.planning.sitediscovery import site_source
from reviewcrawl.planning.sources import Registry, RegistryError, Source

ARGUMENT_NAMES = ("urls", "url_file", "source", "site", "title", "year", "films", "since")
PASSED_BY_SCRAPYD = ("_job",)  # Scrapyd names each job it runs with this argument
MAX_URL_LENGTH = 2048
FIRST_FILM_YEAR = 1870
LAST_FILM_YEAR = 2100


class ArgumentError(ValueError):
    """A spider argument has a bad value; the message is one line for the user."""


@dataclass(frozen=True)
class CrawlPlan:
    """What a run was asked to do, validated."""

    urls: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    title: str | None = None
    year: int | None = None
    films: Path | None = None  # a film catalogue given for this run
    since: date | None = None  # feed and sitemap entries dated before it are skipped
    sites: tuple[Source, ...] = ()  # -a site= sites with no registry entry, discovered as they are crawled


def check_url(url: str, where: str = "") -> str:
    url = url.strip()
    malformed = ArgumentError(f"malformed URL{where}: {url!r} (expected http:// or https://)")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port out of range
    except ValueError:
        raise malformed from None
    host = parts.hostname or ""
    if parts.scheme not in {"http", "https"} or not host:
        raise malformed
    if any(c.isspace() for c in url):  # two URLs run together, or one cut by a space: either way not a URL
        raise ArgumentError(f"malformed URL{where}: {url!r} holds a space (separate URLs with commas)")
    if port == 0:
        raise malformed
    if len(url) > MAX_URL_LENGTH:
        raise ArgumentError(f"URL{where} is longer than {MAX_URL_LENGTH} characters")
    return url


def urls_from_argument(value: str) -> list[str]:
    urls = [u for u in (part.strip() for part in value.split(",")) if u]
    if not urls:
        raise ArgumentError("urls is empty")
    return [check_url(u) for u in urls]


def urls_from_file(value: str) -> list[str]:
    path = Path(value)
    if not path.is_file():
        raise ArgumentError(f"url_file not found: {value}")
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ArgumentError(f"url_file {value} cannot be read: {exc}") from exc
    urls = [
        check_url(line, f" in {value} line {number}")
        for number, line in enumerate(lines, 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not urls:
        raise ArgumentError(f"url_file {value} holds no URLs")
    return urls


def parse_year(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    # ASCII digits only: str.isdigit() also takes '²', which int() refuses.
    if not re.fullmatch(r"[0-9]+", text) or not FIRST_FILM_YEAR <= int(text) <= LAST_FILM_YEAR:
        raise ArgumentError(
            f"year must be a number between {FIRST_FILM_YEAR} and {LAST_FILM_YEAR}: {value!r}"
        )
    return int(text)


def parse_since(value: str | None) -> date | None:
    if value is None:
        return None
    text = str(value).strip()
    try:
        if len(text) != len("YYYY-MM-DD"):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentError(f"since must be a date written YYYY-MM-DD: {value!r}") from None


def select_sources(registry: Registry, value: str | None) -> list[Source]:
    if value is None:
        return []
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise ArgumentError("source is empty")
    try:
        return registry.select(names)
    except RegistryError as exc:
        raise ArgumentError(str(exc)) from exc


def sources_for_sites(registry: Registry, value: str | None) -> tuple[list[Source], list[Source]]:
    """(registry sources, registry-less sites) for ``-a site=``: a host's registry entry wins."""
    if value is None:
        return [], []
    urls = [u for u in (part.strip() for part in value.split(",")) if u]
    if not urls:
        raise ArgumentError("site is empty")
    known: dict[str, Source] = {}
    sites: dict[str, Source] = {}
    for url in urls:
        entry = registry.for_url(check_url(url, " in site"))
        if entry is not None:
            known[entry.key] = entry
        else:
            site = site_source(url)
            sites[site.key] = site
    return list(known.values()), list(sites.values())


def check_catalogue(value: str | None) -> Path | None:
    if value is None:
        return None
    try:
        cached_catalogue(value)  # kept: the crawl uses this very copy
    except CatalogueError as exc:
        raise ArgumentError(f"films: {exc}") from exc
    return Path(value)


def check_argument_names(args: Mapping[str, object]) -> None:
    unknown = sorted(name for name in args if name not in ARGUMENT_NAMES + PASSED_BY_SCRAPYD)
    if unknown:
        near = difflib.get_close_matches(unknown[0], ARGUMENT_NAMES, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise ArgumentError(f"unknown argument {unknown[0]!r} ({hint}known: {', '.join(ARGUMENT_NAMES)})")


def plan_crawl(registry: Registry, args: Mapping[str, str | None]) -> CrawlPlan:
    """Turn raw ``-a`` arguments into a plan, or raise ArgumentError."""
    check_argument_names(args)
    urls: list[str] = []
    if args.get("urls") is not None:
        urls += urls_from_argument(args["urls"] or "")
    if args.get("url_file") is not None:
        urls += urls_from_file(args["url_file"] or "")
    sources = select_sources(registry, args.get("source"))
    known, sites = sources_for_sites(registry, args.get("site"))
    sources += [s for s in known if s not in sources]
    title = args.get("title")
    if title is not None and not title.strip():
        raise ArgumentError("title is empty")
    year = parse_year(args.get("year"))
    films = check_catalogue(args.get("films"))
    since = parse_since(args.get("since"))
    if year is not None and title is None:
        raise ArgumentError("year needs a title (-a title=...)")
    if title is not None and not sources and not sites:
        sources = list(registry.sources.values())
        if not sources:
            raise ArgumentError("title needs configured sources, and the registry has none")
    if not urls and not sources and not sites:
        raise ArgumentError(
            "nothing to crawl: give -a urls=..., -a url_file=..., -a source=..., -a site=... or -a title=..."
        )
    title = title.strip() if title else None
    return CrawlPlan(tuple(urls), tuple(sources), title, year, films, since, tuple(sites))
