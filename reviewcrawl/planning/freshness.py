"""Which dated feed and sitemap entries a scheduled run fetches.

``-a since=YYYY-MM-DD`` skips entries dated earlier. With the state store, a review URL it already knows is
fetched again only when a sitemap says the page changed after it was last seen (``lastmod`` newer than
``last_seen``), or, when its sitemap entry has no ``lastmod``, once it was last seen
``REVIEWCRAWL_RECHECK_UNDATED_DAYS`` ago or more; a feed entry for a known URL leaves that decision to the
source's sitemaps when it has any, unless it dates the URL newer than it was last seen. Unknown URLs are
always fetched.

A known URL these rules would fetch again is then asked of the revisit policy (planning/revisit.py): unless
a feed or sitemap dates it newer than it was last seen (always fetched), it is skipped as ``not_due`` until
its next check comes round.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scrapy.crawler import Crawler

from reviewcrawl import settings as defaults
from reviewcrawl.canonical import canonical_url
from reviewcrawl.crawlrun import crawl_run
from reviewcrawl.extract.meta.dates import parse_date
from reviewcrawl.planning.discovery import Found
from reviewcrawl.planning.revisit import RevisitPolicy
from reviewcrawl.planning.sources import Source
from reviewcrawl.stats import Skip
from reviewcrawl.store.backend import StateBackend
from reviewcrawl.store.state import parse_moment
from reviewcrawl.store.validators import Validators

REVISIT_OFF = RevisitPolicy.in_days(0, 0)


def entry_moment(found: Found) -> datetime | None:
    return parse_moment(parse_date(found.date))


class FreshnessCheck:
    def __init__(
        self,
        crawler: Crawler,
        since: date | None = None,
        store: StateBackend | None = None,
        recheck_undated_days: float = defaults.REVIEWCRAWL_RECHECK_UNDATED_DAYS,
        revisits: tuple[RevisitPolicy, Validators | None] = (REVISIT_OFF, None),
    ):
        self.crawler = crawler  # its stats exist only once the crawl has started
        self.since = since
        self.store = store
        self.recheck_undated = timedelta(days=recheck_undated_days)
        self.policy, self.validators = revisits
        self._skipped: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FreshnessCheck:
        """The check of the crawl's plan (given by the spider) against the crawl's state store."""
        run = crawl_run(crawler)
        since = run.plan.since if run.plan else None
        settings = crawler.settings
        recheck_days = settings.getfloat("REVIEWCRAWL_RECHECK_UNDATED_DAYS")
        policy = RevisitPolicy.in_days(
            settings.getfloat("REVIEWCRAWL_REVISIT_BASE_DAYS"),
            settings.getfloat("REVIEWCRAWL_REVISIT_MAX_DAYS"),
        )
        return cls(crawler, since, run.store, recheck_days, (policy, run.validators))

    @property
    def dated_discovery(self) -> bool:
        """Feeds and sitemaps say what may be new: listings are walked only for sources with neither."""
        return self.since is not None or self.store is not None

    def wanted(self, found: Found, source: Source, from_sitemap: bool) -> bool:
        moment = entry_moment(found)
        if self.since and moment and moment.date() < self.since:
            return self._skip(found.url, Skip.BEFORE_SINCE)
        last_seen = self.store.last_seen(canonical_url(found.url)) if self.store else None
        if last_seen is None:
            return True
        if moment is not None and moment > last_seen:
            return True  # dated newer than the last look: whatever the schedule says
        if not from_sitemap:
            return not source.sitemaps and self._due(found.url)
        # Dated no newer: unchanged. Undated: the sitemap cannot tell; look again once the last look is old.
        unchanged = moment is not None or datetime.now(UTC) < last_seen + self.recheck_undated
        return self._skip(found.url, Skip.NOT_MODIFIED) if unchanged else self._due(found.url)

    def _due(self, url: str) -> bool:
        """Whether the revisit policy checks this known URL on this run."""
        if self.validators is None or not self.policy.active:
            return True
        revisit = self.validators.lookup(url) or self.validators.lookup(canonical_url(url))
        return self.policy.due(revisit, datetime.now(UTC)) or self._skip(url, Skip.NOT_DUE)

    def _skip(self, url: str, reason: Skip) -> bool:
        seen = self._skipped.setdefault(reason, set())
        if url not in seen:
            seen.add(url)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(reason.key)
        return False
