"""Reading one fetched page into a review record: the extraction's one pass (``ReviewPage``), in one call.

Stripping, metadata, rating and film tagging all read the same parsed tree, so they run together
wherever the page is parsed. Only the page's bytes go in and plain data comes out, which lets the
crawl hand pages to worker processes (``reviewcrawl.reading.pool``) and keep its own process for fetching.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
from dataclasses import dataclass, field

from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.films.catalogue import Catalogue, load_catalogue
from reviewcrawl.items import NoReview, ReviewItem
from reviewcrawl.reading.record import NotAReview, read_review, text_units
from reviewcrawl.stats import Drop
from reviewcrawl.store.neardup import signature, signature_bytes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageJob:
    url: str
    body: bytes
    encoding: str | None = None  # the server's declared charset, a hint only
    profile: ContentProfile | None = None
    keep_removed_text: bool = False
    language: str | None = None  # the source's language, for a page that neither declares nor shows one


@dataclass
class PageOutcome:
    """The page's review (a draft record), or why it gives none; plus what stripping removed."""

    review: ReviewItem | NoReview
    removed: dict[str, dict[str, int]] = field(default_factory=dict)
    removed_report: str = ""
    # The reading process's own CPU seconds and peak RSS so far, for the crawl's accounting.
    reader_pid: int = 0
    reader_cpu_seconds: float = 0.0
    reader_peak_rss_kb: int = 0


def read_page(job: PageJob, catalogue: Catalogue) -> PageOutcome:
    """Strip, read metadata and rating, tag the film; never raises."""
    audit = StripAudit(keep_text=job.keep_removed_text)
    try:
        reading = read_review(job.body, job.url, catalogue, job.encoding, job.profile, audit)
    except NotAReview as exc:
        outcome = PageOutcome(NoReview(exc.reason))
    except Exception:  # one bad page must not take the crawl down
        logger.exception("Reading %s failed", job.url)
        outcome = PageOutcome(NoReview(Drop.READ_FAILED))
    else:
        review, body = reading.record, reading.record["body"]
        # What the pipelines read of the body alone: computed here, off the crawl's own thread.
        review.update(minhash=signature_bytes(signature(body)), text_units=text_units(body))
        if review.get("language") is None:
            review["language"] = job.language
        outcome = PageOutcome(review)
    outcome.removed = audit.as_dict()
    if job.keep_removed_text and audit.groups:
        outcome.removed_report = audit.report()
    return outcome


# --- inside a worker process ------------------------------------------------------------

_worker_catalogue = Catalogue()


def start_worker(catalogue_path: str | None) -> None:
    """Process initializer: load the film catalogue once per worker."""
    global _worker_catalogue
    # Ctrl-C reaches the whole process group; the crawl decides when its readers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_catalogue = load_catalogue(catalogue_path)


def read_in_worker(job: PageJob) -> PageOutcome:
    outcome = read_page(job, _worker_catalogue)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    outcome.reader_pid = os.getpid()
    outcome.reader_cpu_seconds = usage.ru_utime + usage.ru_stime
    outcome.reader_peak_rss_kb = usage.ru_maxrss
    return outcome
