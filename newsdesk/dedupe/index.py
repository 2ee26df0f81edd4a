"""Find republished copies of the same story with MinHash-LSH (datasketch).

LSH buckets are tuned to a lower similarity than the one we report (``candidate_margin``),
because banding misses a fair share of pairs just above its threshold; every candidate is then
checked against the estimated Jaccard similarity, so a bucket collision alone never makes two
texts duplicates.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from newsdesk.dedupe.shingles import word_shingles


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Similarity threshold (Jaccard of word shingles), MinHash size and LSH recall margin."""

    threshold: float = 0.8
    num_perm: int = 256
    candidate_margin: float = 0.2


class NearDuplicateIndex:
    """An in-memory index of texts by key; ``query`` returns keys of near-duplicate texts."""

    def __init__(self, options: IndexOptions | None = None) -> None:
        self._options = options or IndexOptions()
        self._lsh = MinHashLSH(
            threshold=max(0.05, self._options.threshold - self._options.candidate_margin),
            num_perm=self._options.num_perm,
        )
        self._signatures: dict[Hashable, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: Hashable, text: str) -> None:
        """Index ``text`` under ``key``; adding a key twice replaces its text."""
        if key in self._signatures:
            self._lsh.remove(key)
        signature = self._signature(text)
        self._lsh.insert(key, signature)
        self._signatures[key] = signature

    def query(self, text: str) -> list[Hashable]:
        """Keys whose text has estimated Jaccard similarity ≥ the threshold, most similar first."""
        signature = self._signature(text)
        scored = [
            (self._signatures[key].jaccard(signature), key) for key in self._lsh.query(signature)
        ]
        scored = [(score, key) for score, key in scored if score >= self._options.threshold]
        return [key for _, key in sorted(scored, key=lambda item: item[0], reverse=True)]

    def _signature(self, text: str) -> MinHash:
        signature = MinHash(num_perm=self._options.num_perm)
        signature.update_batch([shingle.encode() for shingle in word_shingles(text)])
        return signature
