"""Reading reviewcrawl's own settings (all named ``REVIEWCRAWL_…``)."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import BaseSettings

from reviewcrawl.planning.sources import Registry, load_registry

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def resolve_path(value: str | None) -> Path | None:
    """A relative path is tried from the working directory, then the project root."""
    if not value:
        return None
    path = Path(value)
    if path.is_absolute() or path.exists():
        return path
    beside_project = PROJECT_ROOT / path
    return beside_project if beside_project.exists() else path


def registry_from_settings(settings: BaseSettings) -> Registry:
    return load_registry(resolve_path(settings.get("REVIEWCRAWL_SOURCES")))
