"""Near-duplicate review bodies: MinHash signatures of word shingles, looked up through LSH.

A review syndicated to a second site comes out of boilerplate stripping with the same text, give or take
a line of cruft that slipped through; an estimated Jaccard similarity of the bodies' 5-word shingles at
or above the threshold makes the second one a copy of the first.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 20240611  # fixed: signatures are stored and compared across runs
SCHEME = "affine32"
SHINGLE_WORDS = 5
DEFAULT_THRESHOLD = 0.8
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Overlapping runs of ``size`` words, case-folded; a shorter text is one shingle."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(sorted(shingles(text)))
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    return bytes(np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes())


def signature_from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint32).astype(np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=values)


def _compact(minhash: MinHash) -> np.ndarray:
    # Only the hash values are kept per review: a MinHash object also carries its permutation tables (~4 KB),
    # which would make memory grow with every review kept.
    return np.asarray(minhash.hashvalues, dtype=np.uint32).copy()


class NearDuplicateIndex:
    """Signatures of kept reviews, keyed by canonical URL."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: str) -> bool:
        return key in self._signatures

    def add(self, key: str, minhash: MinHash) -> None:
        """Index ``minhash`` under ``key``, replacing what the key had (a review's edited body)."""
        if key in self._signatures:
            self._lsh.remove(key)
        self._lsh.insert(key, minhash)
        self._signatures[key] = _compact(minhash)

    def original_of(self, minhash: MinHash, key: str) -> str | None:
        """The indexed review, other than ``key`` itself, that ``minhash`` copies; the closest one wins."""
        values = _compact(minhash)
        scored = [
            (float(np.mean(self._signatures[found] == values)), found)
            for found in self._lsh.query(minhash)
            if found != key
        ]
        close = [(score, found) for score, found in scored if score >= self.threshold]
        return max(close)[1] if close else None
