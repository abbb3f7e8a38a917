"""Near-duplicate articles: word shingles of the body, a MinHash signature, and LSH band keys.

Two articles are near-duplicates (the same wire story run by two outlets, or one outlet storing a story
twice) when the Jaccard similarity of their sets of ``shingle_words``-word shingles is at least the
threshold. A MinHash signature estimates that similarity; LSH bands of the signature find the candidates, so a
new article is compared only with the few stored articles that share a band, never with all of them.

Hashes are exact integer arithmetic modulo the prime 2**32 - 5 over CRC-32 shingle hashes, so a signature is
the same in every process and on every machine (Python's own ``hash`` of a string is not).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from eventwire.group.schema import CopyRules

_WORD = re.compile(r"\w+")
_PRIME = 4_294_967_291  # 2**32 - 5: a*x + b stays below 2**64 for a, b, x < 2**32
_SEED = 20_130_513


@dataclass(frozen=True, slots=True)
class Signature:
    """An article body's MinHash signature (``permutations`` values) and its number of shingles."""

    values: tuple[int, ...]
    shingles: int

    def to_bytes(self) -> bytes:
        return np.asarray(self.values, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int = 0) -> Signature:
        return cls(tuple(int(v) for v in np.frombuffer(data, dtype="<u4")), shingles)


def shingles(text: str, size: int) -> set[int]:
    """The CRC-32 hashes of the ``size``-word shingles of ``text`` (words lowercased; punctuation ignored).

    Example::

        len(shingles("Police arrested 15 protesters in Cairo on Monday", 5))   # 4
    """
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode("utf-8"))} if words else set()
    return {zlib.crc32(" ".join(words[i:i + size]).encode("utf-8")) for i in range(len(words) - size + 1)}


def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, _PRIME, size=count, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=count, dtype=np.uint64)
    return a, b


class CopyFinder:
    """Signatures and band keys for one set of copy rules (the permutations are drawn once)."""

    def __init__(self, rules: CopyRules) -> None:
        self.rules = rules
        self._a, self._b = _permutations(rules.permutations)

    def signature(self, body: str) -> Signature | None:
        """The MinHash signature of ``body``, or None when it has fewer shingles than ``min_shingles``."""
        hashes = shingles(body, self.rules.shingle_words)
        if len(hashes) < self.rules.min_shingles:
            return None
        x = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
        values = ((self._a[:, None] * x[None, :] + self._b[:, None]) % _PRIME).min(axis=1)
        return Signature(tuple(int(v) for v in values), len(hashes))

    def bands(self, signature: Signature) -> list[tuple[int, int]]:
        """(band, bucket) keys: articles sharing any of them are candidate copies of each other."""
        rows = self.rules.rows
        keys = []
        for band in range(self.rules.bands):
            chunk = np.asarray(signature.values[band * rows:(band + 1) * rows], dtype="<u4").tobytes()
            # a signed 63-bit bucket, so SQLite stores it as an integer
            keys.append((band, zlib.crc32(chunk) | ((zlib.adler32(chunk) << 32) & 0x3FFF_FFFF_FFFF_FFFF)))
        return keys

    @staticmethod
    def similarity(first: Signature, second: Signature) -> float:
        """The estimated Jaccard similarity of the two bodies' shingle sets (share of equal signature values)."""
        if len(first.values) != len(second.values) or not first.values:
            return 0.0
        return sum(x == y for x, y in zip(first.values, second.values, strict=True)) / len(first.values)

    def is_copy(self, similarity: float) -> bool:
        return similarity >= self.rules.threshold
