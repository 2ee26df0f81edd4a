"""Reciprocal rank fusion: several rankings of the same things into one, by rank alone, so
scores on different scales (bm25, cosine) never have to be calibrated against each other."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

# The usual constant: a first place is worth little more than a fifth, so agreement between
# rankings counts for more than one ranking's top spot.
RRF_K = 60


def fuse(*rankings: Sequence[K], k: int = RRF_K) -> dict[K, float]:
    """Each item's fused score, summed over the rankings it appears in (best first order is
    ``sorted(scores, key=scores.get, reverse=True)``)."""
    scores: dict[K, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return scores
