"""reviewcrawl: a crawler that builds a clean corpus of film reviews."""

from __future__ import annotations

from typing import Any

__all__ = ["extract_review"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Imported on first use, so loading the Scrapy settings stays light.
    if name == "extract_review":
        from reviewcrawl.reading.record import extract_review

        return extract_review
    raise AttributeError(name)
