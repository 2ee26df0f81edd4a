"""The embedding function the AI features use, injected so tests and benches can choose it.

The production function is `newsdesk.nlp.embed.embed` (float32, L2-normalized rows). It is
imported lazily so importing `newsdesk.ai` never loads a model, and wrapped in a small cache
because one article page asks for a summary, key points and answers over the same sentences.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Maps texts to a float32 matrix with one L2-normalized row per text."""

    def __call__(self, texts: Sequence[str], /) -> np.ndarray: ...


class CachedEmbedder:
    """An embedder that remembers the vectors of the most recently seen texts."""

    def __init__(self, embed: Embedder, max_items: int = 20_000) -> None:
        self._embed = embed
        self._max_items = max_items
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, texts: Sequence[str], /) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vector in zip(missing, self._embed(missing), strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.stack([self._cache[t] for t in texts])
        for text in texts:
            self._cache.move_to_end(text)
        while len(self._cache) > self._max_items:
            self._cache.popitem(last=False)
        return vectors


_default: CachedEmbedder | None = None


def default_embedder() -> Embedder:
    """The production embedder, loaded on first use and shared by all features."""
    global _default
    if _default is None:
        from newsdesk.nlp.embed import embed

        _default = CachedEmbedder(embed)
    return _default


def embed_or_default(embed: Embedder | None) -> Embedder:
    return embed if embed is not None else default_embedder()
