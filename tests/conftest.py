from __future__ import annotations

import os

import pytest

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
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
