"""One loaded catalogue per file per process, and the one check of a catalogue path.

A catalogue can be large (IMDb's films with their aliases): the crawl's pipelines, the extract command and
``extract_review`` share the copy loaded first, and load it again only when the file has changed since.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reviewcrawl.films.catalogue import Catalogue, CatalogueError, load_catalogue

_lock = threading.Lock()
# resolved path -> ((mtime in ns, size), the catalogue read then)
_loaded: dict[str, tuple[tuple[int, int], Catalogue]] = {}


def cached_catalogue(path: str | Path | None) -> Catalogue:
    """The catalogue in ``path`` (an empty one for no path), loaded once while the file is unchanged.

    Raises CatalogueError when the file is missing or malformed."""
    if not path:
        return Catalogue()
    file = Path(path).resolve()
    try:
        stat = file.stat()
    except OSError:
        raise CatalogueError(f"film catalogue not found: {path}") from None
    version = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        known = _loaded.get(str(file))
        if known is not None and known[0] == version:
            return known[1]
        catalogue = load_catalogue(path)  # named as given in its errors
        _loaded[str(file)] = (version, catalogue)
        return catalogue


def catalogue_problem(path: Path | None) -> str | None:
    """What a catalogue path must be when it is bad (the words of the setting check), or None."""
    if path is None or not path.is_file():
        return "a film catalogue file that exists"
    try:
        cached_catalogue(path)
    except CatalogueError as exc:
        return f"a valid film catalogue ({exc})"
    return None
