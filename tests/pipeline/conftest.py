from __future__ import annotations

import pytest
from django.test import override_settings

from newsdesk.demo.publisher import PublisherServer
from newsdesk.pipeline.fetching import shared_fetcher


@pytest.fixture
def publisher():
    """The demo outlets served on a free loopback port."""
    with PublisherServer() as server:
        yield server


@pytest.fixture
def loopback_allowed():
    """Let the fetcher reach servers on 127.0.0.1, as the demo does explicitly."""
    allow = override_settings(
        FETCH_ALLOWED_PRIVATE_HOSTS=["127.0.0.1"],
        FETCH_PER_HOST_DELAY=0.0,
        FETCH_PER_HOST_CONNECTIONS=8,
    )
    with allow:
        shared_fetcher.cache_clear()
        yield
    shared_fetcher.cache_clear()


@pytest.fixture
def strict_fetcher():
    """The fetcher with production defaults: no private address allowed."""
    shared_fetcher.cache_clear()
    yield shared_fetcher()
    shared_fetcher.cache_clear()
