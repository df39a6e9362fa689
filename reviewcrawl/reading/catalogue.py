"""The film catalogue a saved page is tagged with: the crawl's own, so both give the same film tag."""

from __future__ import annotations

import os
from pathlib import Path

from reviewcrawl import settings as defaults
from reviewcrawl.config import resolve_path
from reviewcrawl.films.cache import cached_catalogue, catalogue_problem
from reviewcrawl.films.catalogue import Catalogue, CatalogueError

SETTING = "REVIEWCRAWL_FILMS"


def catalogue_for(films: str | Path | Catalogue | None, given_as: str = "films") -> Catalogue:
    """The catalogue ``films`` names (a path or a loaded Catalogue); None: ``REVIEWCRAWL_FILMS`` as the crawl
    reads it. Raises CatalogueError, worded as the crawl's setting check, for a path that is bad."""
    if isinstance(films, Catalogue):
        return films
    if films is not None:
        return _loaded(str(films), given_as)
    if SETTING in os.environ:
        return _loaded(os.environ[SETTING], SETTING)
    path = resolve_path(defaults.REVIEWCRAWL_FILMS)
    # The built-in sample catalogue exists in a source checkout only: without it, pages are tagged alone.
    return cached_catalogue(path) if path is not None and path.is_file() else Catalogue()


def _loaded(value: str, given_as: str) -> Catalogue:
    if not value:
        return Catalogue()  # set empty: no catalogue, as for the crawl
    path = resolve_path(value)
    problem = catalogue_problem(path)
    if problem is not None:
        raise CatalogueError(f"{given_as} must be {problem}, got {value!r}")
    return cached_catalogue(path)
