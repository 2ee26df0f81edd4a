"""The embedder for AI tests: the production model, loaded once per session."""

from __future__ import annotations

import pytest

from newsdesk.ai import Embedder, default_embedder


@pytest.fixture(scope="session")
def embed() -> Embedder:
    return default_embedder()
