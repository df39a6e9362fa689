"""Every ``REVIEWCRAWL_…`` setting checked for type and range before a crawl makes its first request.

One row per setting in ``SETTING_RULES``: a new setting adds its row here. A value is read the way its
component reads it (``getint``, ``getfloat``, ``getbool``), so what passes here cannot fail there.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from scrapy.settings import BaseSettings

from reviewcrawl import settings as project_settings
from reviewcrawl.config import resolve_path
from reviewcrawl.distributed.addon import check_crawl_id
from reviewcrawl.films.cache import catalogue_problem

PREFIX = "REVIEWCRAWL_"

# A check reads a setting and returns what the value must be when it is bad, None when it is good.
Check = Callable[[BaseSettings, str], str | None]


def whole_number(least: int) -> Check:
    def check(settings: BaseSettings, name: str) -> str | None:
        try:
            value = settings.getint(name)
        except (TypeError, ValueError):
            return "a whole number"
        return None if value >= least else f"a whole number of at least {least}"

    return check


def number(least: float, above: bool = False, most: float | None = None) -> Check:
    """A finite number from ``least`` (or above it) up to ``most``."""
    bounds = f"above {least:g}" if above else f"at least {least:g}"
    in_range = f"a number {bounds}" + (f" and at most {most:g}" if most is not None else "")

    def check(settings: BaseSettings, name: str) -> str | None:
        try:
            value = settings.getfloat(name)
        except (TypeError, ValueError):
            return "a number"
        low_ok = value > least if above else value >= least
        fits = math.isfinite(value) and low_ok and (most is None or value <= most)
        return None if fits else in_range

    return check


def boolean(settings: BaseSettings, name: str) -> str | None:
    try:
        settings.getbool(name)
    except ValueError:
        return "True or False"
    return None


def text(settings: BaseSettings, name: str) -> str | None:
    return None if isinstance(settings.get(name), str) and settings.get(name).strip() else "a non-empty text"


def optional_text(settings: BaseSettings, name: str) -> str | None:
    return None if settings.get(name) is None or isinstance(settings.get(name), str) else "a text, or unset"


def film_catalogue(settings: BaseSettings, name: str) -> str | None:
    if not settings.get(name):
        return None  # no catalogue: films are tagged from the pages alone
    return catalogue_problem(resolve_path(str(settings.get(name))))


def crawl_id(settings: BaseSettings, name: str) -> str | None:
    if settings.get(name) is None:
        return None
    try:
        check_crawl_id(str(settings.get(name)))
    except ValueError:
        return "1-100 letters, digits, '.', '_' or '-'"
    return None


SETTING_RULES: dict[str, Check] = {
    "REVIEWCRAWL_SOURCES": text,
    "REVIEWCRAWL_FILMS": film_catalogue,
    "REVIEWCRAWL_CONTACT_URL": optional_text,
    "REVIEWCRAWL_MIN_WORDS": whole_number(0),
    "REVIEWCRAWL_DEBUG_REMOVED": boolean,
    "REVIEWCRAWL_BROWSER_FALLBACK": boolean,
    "REVIEWCRAWL_SUMMARY_PATH": optional_text,
    "REVIEWCRAWL_STATE_DB": optional_text,
    "REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD": number(0, above=True, most=1),
    "REVIEWCRAWL_EXPORT_FSYNC": boolean,
    "REVIEWCRAWL_READER_PROCESSES": whole_number(-1),
    "REVIEWCRAWL_READ_TIMEOUT": number(0, above=True),
    "REVIEWCRAWL_REDIS_URL": optional_text,
    "REVIEWCRAWL_CRAWL_ID": crawl_id,
    "REVIEWCRAWL_WORKER_TIMEOUT": number(0, above=True),
    "REVIEWCRAWL_SHARED_POLITENESS": boolean,
    "REVIEWCRAWL_ROBOTS_WAIT": number(0),
    "REVIEWCRAWL_ROBOTS_MAX_BYTES": whole_number(1),
    "REVIEWCRAWL_RETRY_BACKOFF": number(0),
    "REVIEWCRAWL_RETRY_BACKOFF_MAX": number(0),
    "REVIEWCRAWL_MAX_URL_LENGTH": whole_number(1),
    "REVIEWCRAWL_MAX_QUERY_VARIANTS": whole_number(0),
    "REVIEWCRAWL_RECHECK_UNDATED_DAYS": number(0),
    "REVIEWCRAWL_CONDITIONAL_REQUESTS": boolean,
    "REVIEWCRAWL_REVISIT_BASE_DAYS": number(0, most=36_500),
    "REVIEWCRAWL_REVISIT_MAX_DAYS": number(0, most=36_500),
    "REVIEWCRAWL_SITEMAP_MAX_BYTES": whole_number(1),
    "REVIEWCRAWL_SITEMAP_MAX_URLS": whole_number(1),
    "REVIEWCRAWL_MAX_PAGES_PER_SOURCE": whole_number(1),
    "REVIEWCRAWL_MAX_LISTING_DEPTH": whole_number(0),
    "REVIEWCRAWL_MAX_PATH_SHAPE_VARIANTS": whole_number(1),
    "REVIEWCRAWL_MAX_SITEMAP_DEPTH": whole_number(0),
    "REVIEWCRAWL_MAX_SITEMAPS_PER_SOURCE": whole_number(1),
    # Set by reviewcrawl itself (workers, `reviewcrawl enqueue`, the crawl benchmark), not by users.
    "REVIEWCRAWL_WORKER_ID": optional_text,
    "REVIEWCRAWL_ENQUEUE_ONLY": boolean,
    "REVIEWCRAWL_BENCH_PROBE": optional_text,
    "REVIEWCRAWL_BENCH_EXPECTED": whole_number(1),
}


def declared_in_project(name: str) -> bool:
    return hasattr(project_settings, name)


def setting_error(settings: BaseSettings) -> str | None:
    """The first bad ``REVIEWCRAWL_…`` setting as one line naming it and its value, or None."""
    for name in sorted(n for n in settings if str(n).startswith(PREFIX)):
        check = SETTING_RULES.get(name)
        if check is None:
            if declared_in_project(name):
                continue  # declared without a row yet: tests/test_settingcheck.py asks for one
            return f"{name} is not a reviewcrawl setting (see the Settings table in README.md)"
        expected = check(settings, name)
        if expected is not None:
            return f"{name} must be {expected}, got {settings.get(name)!r}"
    return None
