"""Page readers: pages read in worker processes give the same records as in the crawl's own process,
and a page that kills or hangs its reader costs only itself."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from reviewcrawl.items import NoReview, ReviewItem
from reviewcrawl.reading.page import PageJob, PageOutcome
from reviewcrawl.reading.pool import PageReaders
from reviewcrawl.stats import Drop
from tests.conftest import SAMPLE_WEB
from tests.readerfaults import crash_or_hang_or_read

CATALOGUE = SAMPLE_WEB / "films.jsonl"
PAGES = sorted((SAMPLE_WEB / "sites").glob("*/reviews/*/index.html"))


def job_for(page: Path, name: str | None = None) -> PageJob:
    return PageJob(url=f"http://127.0.0.1/{name or page.parent.name}/", body=page.read_bytes())


def readers(processes: int, timeout: float = 60.0) -> PageReaders:
    return PageReaders(processes, str(CATALOGUE), timeout, reader=crash_or_hang_or_read)


def read_all(pool: PageReaders, jobs: list[PageJob]) -> list[PageOutcome]:
    async def run() -> list[PageOutcome]:
        try:
            return list(await asyncio.gather(*(pool.read(job) for job in jobs)))
        finally:
            pool.close()

    return asyncio.run(run())


def comparable(outcome: PageOutcome) -> tuple[object, ...]:
    return (outcome.review, outcome.removed)


def is_review(outcome: PageOutcome) -> bool:
    return isinstance(outcome.review, ReviewItem)


def test_worker_processes_give_the_records_of_the_crawl_process() -> None:
    jobs = [job_for(page) for page in PAGES]
    inline = read_all(readers(0), jobs)
    pooled_readers = readers(2)
    pooled = read_all(pooled_readers, jobs)
    assert len(jobs) >= 10
    assert [comparable(o) for o in pooled] == [comparable(o) for o in inline]
    assert all(isinstance(o.review, ReviewItem) and o.review["film_title"] for o in pooled)
    assert pooled_readers.cpu_seconds > 0 and pooled_readers.peak_rss_mb > 10


def test_a_page_that_kills_its_reader_costs_only_itself() -> None:
    good = [job_for(page) for page in PAGES[:6]]
    jobs = [*good[:3], job_for(PAGES[0], "crash"), *good[3:]]
    pool = readers(1)
    outcomes = read_all(pool, jobs)
    assert outcomes[3].review == NoReview(Drop.READ_CRASHED)
    kept = [o for i, o in enumerate(outcomes) if i != 3]
    assert all(is_review(o) for o in kept), [o.review for o in kept]
    assert pool.replaced == 1


def test_a_page_that_never_finishes_is_skipped_after_the_timeout() -> None:
    jobs = [job_for(PAGES[0], "hang"), *(job_for(page) for page in PAGES[1:4])]
    outcomes = read_all(readers(1, timeout=3.0), jobs)
    assert outcomes[0].review == NoReview(Drop.READ_TIMEOUT)
    assert all(is_review(o) for o in outcomes[1:])


@pytest.mark.parametrize("processes", [0, 1])
def test_a_page_without_a_review_gives_its_reason(processes: int) -> None:
    listing = SAMPLE_WEB / "sites" / "reeltalk" / "index.html"
    outcome = read_all(readers(processes), [PageJob(url="http://127.0.0.1/", body=listing.read_bytes())])[0]
    assert outcome.review == NoReview("listing")
