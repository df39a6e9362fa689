"""``Validators`` on Redis, beside the Redis state backend: one hash per URL, ``<prefix>:<URL>``, with the
fields of ``revisits`` in the SQLite store (etag, last_modified, checked_at, unchanged_checks).

Writes wait in one pipeline until ``flush`` or ``BATCH`` of them, as the SQLite store's do: one round trip
for many pages, and a lost batch costs a check, never a record.
"""

from __future__ import annotations

from typing import Any

from reviewcrawl.store.validators import BATCH, Revisit, clean_etag, clean_http_date

FIELDS = ("etag", "last_modified", "checked_at", "unchanged_checks")

# KEYS: the URL's hash. ARGV: checked_at. A page that gave no validators keeps no hash of its own, but a
# known page's old validators are dropped.
FORGET_VALIDATORS = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HDEL', KEYS[1], 'etag', 'last_modified')
  redis.call('HSET', KEYS[1], 'checked_at', ARGV[1])
end
return 0
"""


class RedisValidators:
    """``Validators`` in Redis (the state backend's connection, its keys under ``prefix``)."""

    def __init__(self, server: Any, prefix: str) -> None:
        self.server = server
        self.prefix = prefix
        self.forget_script = server.register_script(FORGET_VALIDATORS)
        self.pipe = server.pipeline(transaction=False)
        self.waiting = 0

    def key(self, url: str) -> str:
        return f"{self.prefix}:{url}"

    def _queued(self) -> None:
        self.waiting += 1
        if self.waiting >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.waiting:
            self.waiting = 0
            self.pipe.execute()

    def lookup(self, url: str) -> Revisit | None:
        values = self.server.hmget(self.key(url), *FIELDS)
        if values[2] is None:  # every page with a hash has been checked
            return None
        etag, last_modified, checked_at, unchanged = (v.decode() if v is not None else None for v in values)
        return Revisit(url, etag, last_modified, str(checked_at), int(unchanged or 0))

    def remember(self, url: str, etag: str | None, last_modified: str | None, checked_at: str) -> None:
        etag, last_modified = clean_etag(etag), clean_http_date(last_modified)
        key = self.key(url)
        if etag or last_modified:
            self.pipe.hdel(key, "etag", "last_modified")
            given = {"etag": etag, "last_modified": last_modified, "checked_at": checked_at}
            self.pipe.hset(key, mapping={name: value for name, value in given.items() if value})
        else:
            self.forget_script(keys=[key], args=[checked_at], client=self.pipe)
        self._queued()

    def found_unchanged(self, url: str, checked_at: str) -> None:
        key = self.key(url)
        self.pipe.hset(key, "checked_at", checked_at)
        self.pipe.hincrby(key, "unchanged_checks", 1)
        self._queued()

    def found_changed(self, url: str, checked_at: str) -> None:
        self.pipe.hset(self.key(url), mapping={"checked_at": checked_at, "unchanged_checks": 0})
        self._queued()
