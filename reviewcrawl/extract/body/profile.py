"""Per-site hints for extraction, taken from the source registry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentProfile:
    content_selectors: tuple[str, ...] = ()  # CSS selectors for the review body container
    cruft_selectors: tuple[str, ...] = ()  # CSS selectors always removed
