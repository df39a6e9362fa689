"""The near-duplicate index of a Redis state backend: MinHash signatures and LSH bands every worker shares.

Keys, under the backend's prefix ``P``: ``P:nd:sig`` (hash: canonical URL -> signature bytes),
``P:nd:bk`` (hash: canonical URL -> its band buckets, space-separated, to unband it later),
``P:nd:b:<bucket>`` (set of canonical URLs) and ``P:nd:layout`` (the signature scheme and band layout).
Look-up and add are one Lua script, so of two near-copies met at once by two workers exactly one is kept.
The index holds every review kept or on its way to the export; a claim the state backend forgets leaves
the index in the same script (``FORGET`` in reviewcrawl/store/redisstate.py).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from reviewcrawl.store.neardup import (
    NUM_PERM,
    SCHEME,
    band_buckets,
    band_layout,
    signature_bytes,
)

logger = logging.getLogger(__name__)

# KEYS: signatures, buckets-by-key. ARGV: prefix, key, signature, equal values needed, buckets...
# The closest indexed review other than the key (highest score, then greatest key, as SQLite's max),
# else nil after (re)indexing the key under its new bands.
ORIGINAL_OR_ADD = """
local prefix, key, sig, need = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local looked, best, best_score = {}, false, -1
for i = 5, #ARGV do
  for _, other in ipairs(redis.call('SMEMBERS', prefix .. ':nd:b:' .. ARGV[i])) do
    if other ~= key and not looked[other] then
      looked[other] = true
      local theirs = redis.call('HGET', KEYS[1], other)
      if theirs and #theirs == #sig then
        local same = 0
        for j = 1, #sig, 4 do
          if string.sub(sig, j, j + 3) == string.sub(theirs, j, j + 3) then same = same + 1 end
        end
        if same >= need and (same > best_score or (same == best_score and other > best)) then
          best, best_score = other, same
        end
      end
    end
  end
end
if best then return best end
local old = redis.call('HGET', KEYS[2], key)
if old then
  for bucket in string.gmatch(old, '%S+') do redis.call('SREM', prefix .. ':nd:b:' .. bucket, key) end
end
for i = 5, #ARGV do redis.call('SADD', prefix .. ':nd:b:' .. ARGV[i], key) end
redis.call('HSET', KEYS[1], key, sig)
redis.call('HSET', KEYS[2], key, table.concat(ARGV, ' ', 5))
return false
"""


def values_needed(threshold: float, num_perm: int = NUM_PERM) -> int:
    """The fewest equal signature values whose share reaches ``threshold`` (similarity's own test)."""
    return next((n for n in range(num_perm + 1) if n / num_perm >= threshold), num_perm + 1)


class RedisNearDuplicateIndex:
    """Signatures of kept reviews keyed by canonical URL, with their LSH bands, in Redis."""

    def __init__(self, server: Any, prefix: str, threshold: float) -> None:
        self.server = server
        self.prefix = prefix
        self.threshold = threshold
        self.bands, self.rows = band_layout(threshold)
        self.need = values_needed(threshold)
        self.signatures, self.bucket_lists = f"{prefix}:nd:sig", f"{prefix}:nd:bk"
        self._original_or_add = server.register_script(ORIGINAL_OR_ADD)
        self._check_layout()

    def _check_layout(self) -> None:
        layout = f"{SCHEME} bands={self.bands}x{self.rows}"
        known = self.server.get(f"{self.prefix}:nd:layout")
        if known is not None and known.decode() != layout:
            # Signatures of another scheme, or bands cut for another threshold: start afresh; reviews
            # are indexed again as they come round.
            logger.info("Near-duplicate index of another layout (%s) cleared", known.decode())
            self.clear()
        self.server.set(f"{self.prefix}:nd:layout", layout)

    def clear(self) -> None:
        for key in self.server.scan_iter(f"{self.prefix}:nd:b:*", count=1000):
            self.server.delete(key)
        self.server.delete(self.signatures, self.bucket_lists)

    def original_or_add(self, key: str, values: np.ndarray) -> str | None:
        buckets = band_buckets(values, self.bands, self.rows)
        found = self._original_or_add(
            keys=[self.signatures, self.bucket_lists],
            args=[self.prefix, key, signature_bytes(values), self.need, *buckets],
        )
        return found.decode() if found else None

    def __contains__(self, key: str) -> bool:
        return bool(self.server.hexists(self.signatures, key))

    def __len__(self) -> int:
        return int(self.server.hlen(self.signatures))

    def close(self) -> None:
        """The connection is the state backend's: it closes it."""
