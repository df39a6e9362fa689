"""What the crawl asks of a state backend, whichever holds it: SQLite on one machine, Redis for a cluster.

``REVIEWCRAWL_STATE_DB`` names the backend: a file path (SQLite, reviewcrawl/store/state.py and
neardup.py) or a ``redis://`` / ``rediss://`` / ``unix://`` URL (Redis, reviewcrawl/store/redisstate.py and
redisneardup.py). The pipelines, the freshness check and the crawl's run see only the two protocols below.

The export of a review is *claimed* (``claim_export``) before its line is written and *settled*
(``commit_written``) once the line is in the export file; claims a dead process left are settled against
the export files its run named (``settle_pending``). Per-URL HTTP validators and revisit checks are a
small store of their own (reviewcrawl/store/validators.py), which each backend opens beside its reviews
(``validators``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from reviewcrawl.store.state import Entry, ExportClaim, Seen
from reviewcrawl.store.validators import Validators

__all__ = [
    "ExportClaim",
    "SignatureIndex",
    "StateBackend",
    "claim_state_backend",
    "is_redis_location",
    "open_state_backend",
]

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


class SignatureIndex(Protocol):
    """Near-duplicate lookups over the kept reviews' MinHash signatures."""

    def original_or_add(self, key: str, values: np.ndarray) -> str | None:
        """The kept review ``values`` copies, or None after indexing ``values`` under ``key``: one step, so
        two processes never both keep a pair. (SQLite also answers ``key`` itself when it was indexed in
        this run; on a shared backend a review in flight is its claim's business.)"""
        ...

    def close(self) -> None: ...


class StateBackend(Protocol):
    """Per review: canonical URL, URL fetched, hash, revision, first/last seen, ``also_at``, signature;
    and the runs, with the export files each wrote."""

    # reading
    def seen(self, canonical_url: str) -> Seen | None: ...
    def last_seen(self, url: str) -> datetime | None: ...
    def also_at(self, canonical_url: str) -> list[str]: ...
    def foreign_signatures(self, scheme: str) -> int: ...
    def pending_count(self) -> int: ...

    # writing
    def claim_export(self, entry: Entry, run_id: int) -> tuple[ExportClaim, int]: ...
    def commit_written(self, canonical_url: str, content_hash: str | None = None) -> bool: ...
    def add_also_at(self, url: str, canonical_url: str, seen_at: str) -> None: ...
    def near_duplicate_index(self, threshold: float) -> SignatureIndex: ...
    def touch_urls(self, urls: Iterable[str], seen_at: str) -> None: ...
    def validators(self) -> Validators: ...

    # runs
    def start_run(self) -> int: ...
    def add_export(self, run_id: int, path: Path) -> None: ...
    def run_exports(self, run_id: int) -> list[str]: ...
    def finish_run(self, run_id: int) -> None: ...
    def settle_pending(self) -> tuple[int, int]: ...
    def close(self) -> None: ...


def is_redis_location(location: str) -> bool:
    return location.startswith(REDIS_SCHEMES)


def claim_state_backend(location: str) -> None:
    """Before a crawl starts: a state file is claimed for this process (a second run on it is refused);
    a shared backend is only checked to answer, as all workers of a cluster use it at once.
    Raises StateFileError or ValueError, in one line."""
    if is_redis_location(location):
        from reviewcrawl.store.redisstate import check_reachable

        check_reachable(location)
        return
    from reviewcrawl.store.state import claim_state_file

    claim_state_file(location)


def open_state_backend(location: str, owner: str | None = None, lease_seconds: float = 15.0) -> StateBackend:
    """The backend ``REVIEWCRAWL_STATE_DB`` names. ``owner`` names this process's claims in a shared
    backend; they stay its own while it renews them every ``lease_seconds`` or sooner."""
    if is_redis_location(location):
        from reviewcrawl.store.redisstate import RedisStateStore

        return RedisStateStore(location, owner=owner, lease_seconds=lease_seconds)
    from reviewcrawl.store.state import StateStore

    return StateStore(location)
