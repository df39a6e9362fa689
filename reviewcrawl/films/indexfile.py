"""Where a catalogue's index file lives, and building it once for all the processes that load it.

The file sits in a cache directory under a name made of the catalogue's path and of its modification
time and size, so a changed catalogue gets a new file. It is written under another name and renamed
into place, so a reader never opens half a file; a lock makes processes that start together wait for
one build instead of each doing its own.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

FORMAT = "1"  # bumped when the index's layout changes, so old files are not opened
Builder = Callable[[Path, sqlite3.Connection], None]


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reviewcrawl" / "film-index"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def index_name(catalogue: Path) -> tuple[str, str]:
    """(the catalogue's own part of the name, the whole file name) of its index."""
    stat = catalogue.stat()
    own = _digest(str(catalogue.resolve()))
    return own, f"{own}-{_digest(f'{stat.st_mtime_ns}:{stat.st_size}:{FORMAT}')}.sqlite"


def index_file(catalogue: Path, build: Builder) -> Path:
    """The index of ``catalogue``, built by ``build`` unless a current one exists."""
    own, name = index_name(catalogue)
    directory = _writable(cache_dir())
    target = directory / name
    if target.is_file():
        return target
    with (directory / f"{own}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not target.is_file():
            _build_into(target, catalogue, build)
            _remove_stale(directory, own, target)
    return target


def _writable(preferred: Path) -> Path:
    try:
        preferred.mkdir(parents=True, exist_ok=True)
        if os.access(preferred, os.W_OK):
            return preferred
    except OSError:
        pass
    fallback = Path(tempfile.gettempdir()) / f"reviewcrawl-film-index-{os.getuid()}"
    fallback.mkdir(mode=0o700, exist_ok=True)
    return fallback


def _build_into(target: Path, catalogue: Path, build: Builder) -> None:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=target.stem, suffix=".building")
    os.close(handle)
    partial = Path(name)
    try:
        connection = sqlite3.connect(partial)
        try:
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            build(catalogue, connection)
        finally:
            connection.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _remove_stale(directory: Path, own: str, current: Path) -> None:
    """Indexes of earlier versions of the same catalogue (a process still reading one keeps it open)."""
    for old in directory.glob(f"{own}-*.sqlite"):
        if old != current:
            old.unlink(missing_ok=True)
