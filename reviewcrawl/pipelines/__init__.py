"""Item pipelines, one a module; thin, each calls one step and counts what it dropped.

Order (settings.ITEM_PIPELINES): read the page (strip boilerplate, metadata, film tag; in the page readers)
-> wanted film (title crawls) -> validate -> near-duplicates -> export ledger (JOBDIR without a store)
-> state store (with REVIEWCRAWL_STATE_DB); Scrapy's feed exports then write the records. The spider's
``PageItem`` goes into the first; a page that gives no review is dropped there, so every later pipeline
takes a ``ReviewItem``. The crawl's plan and state store come from ``reviewcrawl.crawlrun``. The names
below keep ``reviewcrawl.pipelines.<Pipeline>`` importable.
"""

from reviewcrawl.pipelines.drops import drop
from reviewcrawl.pipelines.neardup import NearDuplicatePipeline
from reviewcrawl.pipelines.readpage import ReadPagePipeline
from reviewcrawl.pipelines.state import StatePipeline
from reviewcrawl.pipelines.validate import ValidatePipeline
from reviewcrawl.pipelines.wantedfilm import WantedFilmPipeline

__all__ = [
    "NearDuplicatePipeline",
    "ReadPagePipeline",
    "StatePipeline",
    "ValidatePipeline",
    "WantedFilmPipeline",
    "drop",
]
