"""Find republished copies of the same story in bulk with MinHash-LSH (datasketch).

For offline work (re-deduping an archive, the bench): the pipeline compares stored 16-digit
fingerprints instead, because an LSH index lives in memory. Candidates from the LSH buckets are
checked against the estimated Jaccard similarity, so a bucket collision alone never makes two
texts duplicates.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from newsdesk.dedupe.shingles import word_shingles

__all__ = ["IndexOptions", "NearDuplicateIndex"]


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Similarity threshold (Jaccard of word shingles) and MinHash size.

    The LSH buckets are tuned ``candidate_margin`` below the threshold: at the threshold itself
    LSH finds only about half the pairs, and the estimate check discards the extra candidates.
    256 permutations keep that estimate within about 0.03 of the true Jaccard.
    """

    threshold: float = 0.8
    num_perm: int = 256
    candidate_margin: float = 0.15


class NearDuplicateIndex:
    """An in-memory index of texts by key; ``query`` returns keys of near-duplicate texts.

    Texts without words are never indexed nor matched: every empty text would otherwise be
    a "duplicate" of every other.
    """

    def __init__(self, options: IndexOptions | None = None) -> None:
        self._options = options or IndexOptions()
        self._lsh = MinHashLSH(
            threshold=max(0.05, self._options.threshold - self._options.candidate_margin),
            num_perm=self._options.num_perm,
        )
        self._signatures: dict[Hashable, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._signatures

    def add(self, key: Hashable, text: str) -> None:
        """Index ``text`` under ``key``; adding a key again replaces its text."""
        if key in self._signatures:
            self._lsh.remove(key)
            del self._signatures[key]
        signature = self._signature(text)
        if signature is None:
            return
        self._lsh.insert(key, signature)
        self._signatures[key] = signature

    def query(self, text: str) -> list[Hashable]:
        """Keys whose text has estimated Jaccard similarity ≥ the threshold, most similar first."""
        signature = self._signature(text)
        if signature is None:
            return []
        scored = [
            (self._signatures[key].jaccard(signature), key) for key in self._lsh.query(signature)
        ]
        scored = [(score, key) for score, key in scored if score >= self._options.threshold]
        return [key for _, key in sorted(scored, key=lambda item: item[0], reverse=True)]

    def _signature(self, text: str) -> MinHash | None:
        shingles = word_shingles(text)
        if not shingles:
            return None
        signature = MinHash(num_perm=self._options.num_perm)
        signature.update_batch([shingle.encode() for shingle in shingles])
        return signature
