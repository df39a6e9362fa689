"""Page readers that fail on purpose, run inside reader processes by tests/component/test_readers.py."""

from __future__ import annotations

import os
import time

from reviewcrawl.reading.page import PageJob, PageOutcome, read_in_worker


def crash_or_hang_or_read(job: PageJob) -> PageOutcome:
    """A URL naming "crash" kills its reader process, one naming "hang" never finishes."""
    if "crash" in job.url:
        os._exit(3)
    if "hang" in job.url:
        time.sleep(3600)
    return read_in_worker(job)
