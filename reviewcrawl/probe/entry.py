"""The registry entry ``--write`` appends: sources.toml's format, commented for a person to review."""

from __future__ import annotations

import json
import re
import tomllib
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from reviewcrawl.planning.sources import RegistryError, Source, source_from_table
from reviewcrawl.probe.run import Findings
from reviewcrawl.probe.search import registry_search
from reviewcrawl.probe.shape import segments, template


def toml_string(value: str) -> str:
    """A literal string when it can be one (regexes read best so), else a basic string."""
    if "'" not in value and "\n" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def relative(url: str, base: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "") if url.startswith(base) else url


def entry_key(base: str, taken: set[str]) -> str:
    host = urlsplit(base).netloc.lower().removeprefix("www.")
    key = re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "site"
    number, chosen = 2, key
    while chosen in taken:
        chosen, number = f"{key}-{number}", number + 1
    return chosen


def listing_pattern(findings: Findings) -> str | None:
    """The listing pages the probe read to find articles (sections, archives), as a pagination regex."""
    listings = findings.review_listings()
    if not listings:
        return None
    groups: dict[tuple[int, bool], list[str]] = defaultdict(list)
    for url in listings:
        parts, slash = segments(url)
        groups[(len(parts), slash)].append(url)
    shapes = sorted({template(group) for group in groups.values()})
    return "^(?:" + "|".join(shapes) + r")(?:\?.*)?$"


def comment_lines(findings: Findings, command: str) -> list[str]:
    lines = [f"# Written by `{command}` on {date.today():%Y-%m-%d}; review it before crawling."]
    shape = findings.shape
    if shape is not None:
        lines.append(
            f"# review_links: from {shape.sampled_reviews} sampled reviews, e.g. {shape.examples[0]}"
        )
        if shape.untested:
            lines.append("# Only reviews were sampled: whether it also covers other articles is not known.")
        elif not shape.separates:
            lines.append(
                "# It also covers non-review pages (news, interviews): here the page tells, not the address."
            )
    if findings.robots.crawl_delay:
        lines.append(
            f"# robots.txt asks for a Crawl-delay of {findings.robots.crawl_delay:g} s; the crawl honours it."
        )
    if findings.selector.selector is None:
        lines.append("# No content selector: the generic extractor did as well on the sampled reviews.")
    return lines


def entry_text(findings: Findings, key: str, command: str) -> str:
    if findings.shape is None:
        raise RegistryError("no review was found among the sampled pages: no review_links to write")
    base = findings.base
    lines = [*comment_lines(findings, command), f"[sources.{key}]"]
    lines.append(f"name = {toml_string(urlsplit(base).netloc)}")
    lines.append(f"base_url = {toml_string(base)}")
    lines.append('start_urls = ["/"]')
    if findings.feeds:
        lines.append(f"feeds = {toml_list([relative(f.url, base) for f in findings.feeds])}")
    if findings.sitemaps:
        lines.append(f"sitemaps = {toml_list([relative(s.url, base) for s in findings.sitemaps])}")
    lines.append(f"review_links = {toml_string(findings.shape.pattern)}")
    pagination = listing_pattern(findings)
    if pagination:
        lines.append(f"pagination = {toml_string(pagination)}")
    search = registry_search(findings.search)
    if search:
        lines.append(f"search = {toml_string(search)}")
    lines.append(f"js = {'true' if findings.needs_js else 'false'}")
    if findings.selector.selector:
        lines.append(f"content_selectors = {toml_list([findings.selector.selector])}")
    return "\n".join(lines) + "\n"


def write_entry(findings: Findings, path: Path, command: str) -> Source:
    """Append the entry to ``path`` (created if need be) once the whole file, entry included, parses."""
    existing = path.read_text("utf-8") if path.exists() else ""
    try:
        taken = set(tomllib.loads(existing).get("sources", {}))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path} is not valid TOML, nothing written: {exc}") from exc
    key = entry_key(findings.base, taken)
    text = entry_text(findings, key, command)
    separator = (
        "" if not existing or existing.endswith("\n\n") else "\n" if existing.endswith("\n") else "\n\n"
    )
    combined = existing + separator + text
    source = source_from_table(key, tomllib.loads(combined)["sources"][key])
    path.write_text(combined, "utf-8")
    return source
