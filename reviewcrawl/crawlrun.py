"""What one crawl's components share: its plan, its source registry, its film catalogue and its state store.

One ``CrawlRun`` per crawler, reached with ``crawl_run(crawler)``. The spider is built first and hands it
the plan it made from its arguments, so every middleware and pipeline built after finds the plan here.
The state store (``REVIEWCRAWL_STATE_DB``) is opened once, at its first use (the spider's freshness check,
before any feed is opened or truncated), and settled then: what a killed run left pending is decided
before anyone reads the store. The freshness check and the pipelines share that one connection; it is
closed when the engine has stopped, after the pipelines and the feeds are done with it.
"""

from __future__ import annotations

import logging
from functools import cached_property
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from reviewcrawl.config import registry_from_settings, resolve_path
from reviewcrawl.films.cache import cached_catalogue
from reviewcrawl.films.wanted import WantedFilm, resolve_wanted
from reviewcrawl.planning.arguments import CrawlPlan
from reviewcrawl.planning.reviewshapes import ReviewShapes
from reviewcrawl.planning.sources import Registry
from reviewcrawl.store.backend import StateBackend, open_state_backend
from reviewcrawl.store.validators import Validators

logger = logging.getLogger(__name__)


class CrawlRun:
    def __init__(self, settings: BaseSettings) -> None:
        self.settings = settings
        self.plan: CrawlPlan | None = None  # given by the spider; None for a crawl of another spider

    @cached_property
    def registry(self) -> Registry:
        return registry_from_settings(self.settings)

    @cached_property
    def review_shapes(self) -> ReviewShapes:
        """In a ``-a site=`` crawl, the URL shapes that held reviews: the pipelines learn, the spider asks."""
        return ReviewShapes()

    @cached_property
    def page_signals(self) -> dict[str, set[str]]:
        """URL -> review signals of its markup, for ``-a site=`` pages on their way to be read."""
        return {}

    @cached_property
    def store(self) -> StateBackend | None:
        location = self.settings.get("REVIEWCRAWL_STATE_DB")
        return settled_store(location, self.settings) if location else None

    @cached_property
    def validators(self) -> Validators | None:
        """Each review page's validators and checks (reviewcrawl/store/validators.py), beside the store."""
        return self.store.validators() if self.store is not None else None

    @property
    def catalogue_path(self) -> str | None:
        """The film catalogue this crawl tags films with: the one given with ``-a films=``, else
        ``REVIEWCRAWL_FILMS``."""
        if self.plan is not None and self.plan.films is not None:
            return str(self.plan.films)
        path = resolve_path(self.settings.get("REVIEWCRAWL_FILMS"))
        return str(path) if path else None

    @cached_property
    def wanted(self) -> WantedFilm | None:
        """In a title crawl, the catalogue entries its title means: resolved once, when the plan is made."""
        if self.plan is None or not self.plan.title:
            return None
        wanted = resolve_wanted(self.plan.title, self.plan.year, cached_catalogue(self.catalogue_path))
        logger.info("Title crawl: %s", wanted.describe())
        return wanted

    def close(self) -> None:
        validators = self.__dict__.get("validators")
        if validators is not None:
            validators.flush()
        store = self.__dict__.get("store")  # never opened: nothing to close
        if store is not None:
            store.close()


def settled_store(location: str, settings: BaseSettings) -> StateBackend:
    """The backend, its dead claims settled. In a shared backend this process's claims are named by its
    worker id and lapse after half the worker timeout: sooner than the frontier hands the dead worker's
    requests to others, so a refetched review never meets its dead claim still standing."""
    owner = settings.get("REVIEWCRAWL_WORKER_ID")
    lease = settings.getfloat("REVIEWCRAWL_WORKER_TIMEOUT") / 2
    store = open_state_backend(location, owner=str(owner) if owner else None, lease_seconds=lease)
    kept, forgotten = store.settle_pending()
    if kept or forgotten:
        logger.warning("A killed run left reviews pending: %d were exported, %d not", kept, forgotten)
    return store


_runs: WeakKeyDictionary[Crawler, CrawlRun] = WeakKeyDictionary()


def crawl_run(crawler: Crawler) -> CrawlRun:
    """The crawler's ``CrawlRun``, made at the first call."""
    run = _runs.get(crawler)
    if run is None:
        run = _runs[crawler] = CrawlRun(crawler.settings)
        crawler.signals.connect(run.close, signal=signals.engine_stopped)
    return run
