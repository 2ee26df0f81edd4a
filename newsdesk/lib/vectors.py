"""Vectors as the archive stores them: float32 bytes in a BLOB column beside their row.

One codec, so that every reader and writer agrees on the layout (and a change of layout is one
edit). No vector extension is needed in the database: vectors are compared in NumPy.
"""

from __future__ import annotations

import numpy as np


def to_blob(vector: np.ndarray) -> bytes:
    """The bytes stored for ``vector``."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes | memoryview) -> np.ndarray:
    """The vector stored as ``blob`` (read only: it shares the bytes)."""
    return np.frombuffer(bytes(blob), dtype=np.float32)
