"""Every stats key reviewcrawl counts under, each reason with one line on what it means.

The one place these names are spelt: components count through the members below, the summary reads them back,
and README.md's stats table is ``markdown_table()`` (tests/test_stats_keys.py keeps the two equal). A key is
``<family>/<reason>``, e.g. ``Skip.OFF_SITE.key == "reviewcrawl/skipped/off_site"``.
"""

from __future__ import annotations

import re
from enum import StrEnum, nonmember

ROOT = "reviewcrawl"


class Reason(StrEnum):
    """A reason (or counter) of one family of keys; the member is its own short name, a ``str``."""

    description: str

    def __new__(cls, value: str, description: str) -> Reason:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    @classmethod
    def family(cls) -> str:
        return "/".join(filter(None, (ROOT, cls.FAMILY)))  # type: ignore[attr-defined]

    @classmethod
    def key_of(cls, reason: str) -> str:
        """The key of ``reason``, a member or a name built at run time (``http_404``)."""
        return f"{cls.family()}/{reason}"

    @property
    def key(self) -> str:
        return self.key_of(self.value)


class Error(Reason):
    """A fetch that failed (one WARNING line each); run-time names are in ``PATTERNS``."""

    FAMILY = nonmember("errors")
    TIMEOUT = "timeout", "no complete answer within DOWNLOAD_TIMEOUT, stalls mid-body included (retried)"
    TOO_LARGE = "too_large", "the body, or the body decompressed, passed DOWNLOAD_MAXSIZE (10 MB)"
    REDIRECT_LOOP = "redirect_loop", "a redirect back into its own chain"
    TOO_MANY_REDIRECTS = "too_many_redirects", "more than REDIRECT_MAX_TIMES (20) redirects"
    DNS = "dns", "the host is unknown"
    CONNECTION = "connection", "the connection was refused or lost"
    DATA_LOSS = "data_loss", "a body cut short"
    SCHEME = "scheme", "a URL scheme no download handler serves"
    IGNORED = "ignored", "a request a Scrapy component refused for another reason"
    UNKNOWN = "unknown", "a failure that came without an exception"


class Skip(Reason):
    """A request reviewcrawl chose not to make, or a discovered URL it did not follow (one INFO line each)."""

    FAMILY = nonmember("skipped")
    OFF_SITE = "off_site", "outside the crawled sites"
    SCHEME = "scheme", "not an http(s) URL"
    URL_TOO_LONG = "url_too_long", "URL longer than REVIEWCRAWL_MAX_URL_LENGTH"
    QUERY_VARIANTS = "query_variants", "too many query variants of one path (REVIEWCRAWL_MAX_QUERY_VARIANTS)"
    BINARY = "binary", "binary data served as a web page"
    NOT_HTML = "not_html", "a content type other than HTML"
    PAGES_PER_SOURCE = "pages_per_source", "the source had REVIEWCRAWL_MAX_PAGES_PER_SOURCE pages requested"
    LISTING_DEPTH = "listing_depth", "listing deeper than REVIEWCRAWL_MAX_LISTING_DEPTH"
    PATH_SHAPE = "path_shape", "listing path shape seen REVIEWCRAWL_MAX_PATH_SHAPE_VARIANTS times"
    SITEMAP_DEPTH = "sitemap_depth", "sitemap nested deeper than REVIEWCRAWL_MAX_SITEMAP_DEPTH"
    SITEMAPS_PER_SOURCE = (
        "sitemaps_per_source",
        "the source had REVIEWCRAWL_MAX_SITEMAPS_PER_SOURCE sitemaps requested",
    )
    SITEMAP_URLS = "sitemap_urls", "sitemap entries past REVIEWCRAWL_SITEMAP_MAX_URLS in one file"
    SITEMAP_CUT = (
        "sitemap_cut",
        "a sitemap or feed inflated past REVIEWCRAWL_SITEMAP_MAX_BYTES, the rest unread",
    )
    BEFORE_SINCE = "before_since", "a feed or sitemap entry dated before `-a since`"
    NO_REVIEW_SHAPE = "no_review_shape", "a -a site= URL whose shape gave no review in its sample"
    NOT_MODIFIED = (
        "not_modified",
        "a known review unchanged since it was last seen: its sitemap says so, or its server answered 304",
    )
    NOT_DUE = (
        "not_due",
        "a known review its revisit schedule does not check on this run (REVIEWCRAWL_REVISIT_…)",
    )


class Drop(Reason):
    """A page fetched but not exported."""

    FAMILY = nonmember("dropped")
    UNREADABLE = "unreadable", "an empty page, or one with no HTML to parse"
    LISTING = "listing", "a listing or index page, not a review"
    COLLECTION = "collection", "a category grid or collection: sibling cards with a link and a price each"
    PRODUCT = "product", "a shop's product page (og:type product, a price, a schema.org Product or Offer)"
    FORUM = "forum", "a forum thread or Q&A page (schema.org DiscussionForumPosting, QAPage)"
    NOT_ARTICLE = (
        "not_article",
        "a service, landing or documentation page: the page-type model holds it no article",
    )
    NO_BODY = "no_body", "no review text found"
    SHORT_BODY = "short_body", "a body shorter than REVIEWCRAWL_MIN_WORDS"
    NOT_REVIEW = (
        "not_review",
        "a -a site= page with no review signal (rating, Review data, review headline or breadcrumb)",
    )
    OTHER_FILM = "other_film", "a review of a film the title crawl did not ask for"
    UNPROCESSED = "unprocessed", "a page that reached validation without being read"
    READ_FAILED = "read_failed", "a page that broke an extraction step (logged with its traceback)"
    READ_TIMEOUT = "read_timeout", "reading took longer than REVIEWCRAWL_READ_TIMEOUT"
    READ_CRASHED = "read_crashed", "the page killed its reader process"
    DUPLICATE = "duplicate", "a copy of a review already exported (same or near-same body)"
    UNCHANGED = "unchanged", "exported before with the same body (state store)"
    EXPORTED_BEFORE = (
        "exported_before",
        "already in this JOBDIR's export files (a job started again after a kill)",
    )


class Robots(Reason):
    """robots.txt."""

    FAMILY = nonmember("robots")
    FORBIDDEN = "forbidden", "a request robots.txt disallows (never made)"
    UNREACHABLE = (
        "unreachable",
        (
            "a host whose robots.txt answered 5xx/429 or not at all: nothing there is fetched (RFC 9309); "
            "the failed fetch also counts under `errors/<reason>`"
        ),
    )
    REQUESTS = "requests", "robots.txt files requested"
    CRAWL_DELAY_HOSTS = "crawl_delay_hosts", "hosts whose Crawl-delay is honoured"
    SHARED = "shared", "hosts whose robots.txt another worker of the shared crawl fetched (read from Redis)"


class Blocked(Reason):
    """A request of the browser refused; also any ``Skip`` reason of the crawl's scope (``off_site``, …)."""

    FAMILY = nonmember("browser/blocked")
    IMAGE = "image", "an image (never needed for the text)"
    MEDIA = "media", "audio or video"
    FONT = "font", "a font"
    WEBSOCKET = "websocket", "a WebSocket"
    ROBOTS = "robots", "disallowed by robots.txt, or on a host whose robots.txt cannot be read"
    TOO_MANY_REDIRECTS = "too_many_redirects", "more than REDIRECT_MAX_TIMES redirects"


class Count(Reason):
    """What the crawl did, counted under keys of their own (``reviewcrawl/<value>``)."""

    FAMILY = nonmember("")
    BROWSER_RENDERED = "browser/rendered", "pages rendered in the browser"
    BROWSER_FALLBACK = "browser/fallback", "script-built pages fetched again through the browser"
    RETRY_WAITS = "retry/waits", "retries that waited (backoff or Retry-After)"
    READERS_PROCESSES = "readers/processes", "processes reading pages (0: read in the crawl's own process)"
    READERS_CPU_SECONDS = "readers/cpu_seconds", "CPU seconds the reader processes used"
    READERS_PEAK_RSS_MB = "readers/peak_rss_mb", "the largest resident size of one reader process, MB"
    READERS_RESTARTS = "readers/restarts", "reader processes replaced after a crash or a timeout"
    EXPORT_ERROR = "export/error", "why a feed could not be written (the crawl stops: export_failed)"
    EXPORT_FAILED_RECORDS = "export/failed_records", "records a feed could not take"
    NOT_MODIFIED_ANSWERS = (
        "revisit/not_modified",
        "known reviews their server answered 304 Not Modified (no body read; unchanged in the summary)",
    )
    RECORDS_NEW = "records/new", "records exported for the first time (revision 1)"
    RECORDS_CHANGED = "records/changed", "records exported again with a changed body (a later revision)"
    FILM_WANTED_TITLE = (
        "film/wanted_title",
        "title-crawl reviews the tagger could not name, headlined with the asked-for title alone",
    )
    SITE_REQUESTS = "site/requests", "requests to the hosts of -a site= sites, robots.txt included"
    SITE_REVIEWS = "site/reviews", "reviews found on -a site= sites"
    JOBDIR_NEW = "jobdir/new", "a run with JOBDIR started afresh"
    JOBDIR_RESUMED = "jobdir/resumed", "a run with JOBDIR went on from a paused run's queue"
    JOBDIR_DISCARDED = "jobdir/discarded", "a killed run's queue was discarded and discovery started again"
    HOST_GATE_WAITS = (
        "hosts/gate_waits",
        "requests that waited for their host's turn (shared crawl: host gate)",
    )
    HOST_GATE_REDIS_SECONDS = "hosts/gate_redis_seconds", "seconds the host gate spent in Redis round trips"
    HOST_GATE_REDIS_CALLS = "hosts/gate_redis_calls", "the host gate's Redis round trips"


FAMILIES: tuple[type[Reason], ...] = (Error, Skip, Drop, Robots, Blocked, Count)


def removed(group: str, measure: str) -> str:
    """What one stripping rule group removed: ``elements`` or ``chars``."""
    return f"{ROOT}/removed/{group}/{measure}"


def guarded(group: str) -> str:
    """Elements one stripping rule group matched but kept, since they held review text."""
    return f"{ROOT}/guarded/{group}"


# Keys named at run time, beyond the members above.
PATTERNS: dict[str, str] = {
    Error.key_of(
        "http_<status>"
    ): "an error status: `http_404`, `http_410`, … (404 and 410 are not retried; 429 and 5xx are)",
    Error.key_of("<exception>"): "an unforeseen failure, named after its exception in snake case",
    Blocked.key_of(
        "<skip reason>"
    ): "a request of the browser outside the crawl's scope (`off_site`, `scheme`, …)",
    removed("<group>", "elements"): "elements a stripping rule group removed",
    removed("<group>", "chars"): "characters of text a stripping rule group removed",
    guarded("<group>"): "elements a stripping rule group matched but kept, since they held review text",
}


def rows() -> list[tuple[str, str]]:
    """Every key and what it means, as README.md's stats table lists them."""
    found: list[tuple[str, str]] = []
    for family in FAMILIES:
        found += [(member.key, member.description) for member in family]
        found += [
            row for row in PATTERNS.items() if row[0].startswith(family.family() + "/") and row not in found
        ]
    return found + [row for row in PATTERNS.items() if row not in found]


def markdown_table() -> str:
    lines = ["| stats key | what happened |", "|---|---|"]
    lines += [f"| `{key}` | {description} |" for key, description in rows()]
    return "\n".join(lines) + "\n"


def is_named(key: str) -> bool:
    """Whether ``key`` is one this module names: a member's, or one of ``PATTERNS`` filled in."""
    shapes = (re.sub(r"<[^>]+>", "[^/]+", re.escape(pattern)) for pattern in PATTERNS)
    return key in {row[0] for row in rows()} or any(re.fullmatch(shape, key) for shape in shapes)
