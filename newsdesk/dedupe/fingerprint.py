"""64-bit SimHash fingerprints: near-identical texts get fingerprints a few bits apart.

datasketch has no SimHash (it offers MinHash, which needs an index to compare); SimHash is a
dozen lines and gives one short string per article that the database can store and compare.
"""

from __future__ import annotations

import hashlib

from newsdesk.dedupe.shingles import word_shingles

BITS = 64
# Up to this many differing bits two fingerprints are the same text with small edits: a wire copy
# with another intro line and site boilerplate differs by ~4 bits (tests/dedupe), unrelated texts
# by ~32 ± 4.
NEAR_DUPLICATE_BITS = 8


def content_fingerprint(text: str) -> str:
    """SimHash of the word shingles of ``text`` as 16 hex digits ("0" * 16 for empty text)."""
    weights = [0] * BITS
    for shingle in word_shingles(text):
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest())
        for bit in range(BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    fingerprint = sum(1 << bit for bit, weight in enumerate(weights) if weight > 0)
    return f"{fingerprint:016x}"


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex fingerprints."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def is_near_duplicate(a: str, b: str, max_bits: int = NEAR_DUPLICATE_BITS) -> bool:
    """Whether two fingerprints are close enough to be the same text."""
    return hamming(a, b) <= max_bits
