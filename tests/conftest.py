from __future__ import annotations

import os

import pytest
from django.test import override_settings

from newsdesk.demo.publisher import PublisherServer
from newsdesk.pipeline.fetching import reset_fetcher, shared_fetcher

# Every model in newsdesk loads from files shipped in its PyPI package; make any attempt to
# reach a model hub fail loudly instead of silently downloading.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", password="a-long-test-password")


@pytest.fixture
def signed_in_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so cached page parts never leak between tests."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def fresh_story_vectors():
    """Each test starts with no story vectors in memory: ids recur between test databases."""
    from newsdesk.news.vectors import forget_story_vectors

    forget_story_vectors()
    yield
    forget_story_vectors()


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
        reset_fetcher()
        yield
    reset_fetcher()


@pytest.fixture
def strict_fetcher():
    """The fetcher with production defaults: no private address allowed."""
    reset_fetcher()
    yield shared_fetcher()
    reset_fetcher()


@pytest.fixture(autouse=True, scope="session")
def static_files_by_their_own_names():
    """Tests serve static files from the app folders even where `newsdesk serve` collected
    them (hashed names) into the data dir, so a manifest from another checkout never applies."""
    from django.conf import settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield
