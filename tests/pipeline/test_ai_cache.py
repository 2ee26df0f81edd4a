"""The AI cache and the optional language model: when the model fails and the extractive text
stands in, the stand-in is cached for minutes, not for the week a model's text is kept, so
the model's text returns soon after the endpoint recovers. The worker writes ahead only what a
model writes; extractive text is computed on its first view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsdesk.pipeline import ai
from tests.ai.chat_server import ChatServer, Raw, chat_server
from tests.factories import LOREM_PARAGRAPHS, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def llm_down(settings) -> Iterator[ChatServer]:
    """A real local chat endpoint that answers every request with a server error."""
    with chat_server() as server:
        server.replies.extend([lambda messages: Raw(500, "model unavailable")] * 4)
        settings.LLM_BASE_URL = server.url
        settings.LLM_MODEL = "test-model"
        ai.writer.cache_clear()
        yield server
    ai.writer.cache_clear()


def cached(feature: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM newsdesk_ai_cache WHERE cache_key LIKE %s", [f"%:{feature}:%"]
        )
        (count,) = cursor.fetchone()
    return count


def summary_expires() -> datetime:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires FROM newsdesk_ai_cache WHERE cache_key LIKE %s", ["%:summary:%"]
        )
        (expires,) = cursor.fetchone()
    return expires if timezone.is_aware(expires) else timezone.make_aware(expires)


def summarize() -> ai.Lines:
    article = make_article(text="\n".join(LOREM_PARAGRAPHS * 3))
    return ai.summary(ai.article_scope(article))


@pytest.mark.usefixtures("llm_down")
def test_it_caches_the_extractive_stand_in_for_a_failed_model_only_briefly():
    assert summarize().method == ai.ai.EXTRACTIVE
    assert summary_expires() - timezone.now() <= timedelta(seconds=ai.FALLBACK_CACHE_SECONDS)


def test_it_keeps_an_extractive_summary_for_long_when_no_model_is_configured():
    assert summarize().method == ai.ai.EXTRACTIVE
    assert summary_expires() - timezone.now() > timedelta(days=6)


def test_the_worker_leaves_an_extractive_summary_to_its_first_view():
    article = make_article(text="\n".join(LOREM_PARAGRAPHS * 3))
    ai.precompute([article.pk])
    assert cached("summary") == cached("points") == 0
    ai.summary(ai.article_scope(article))
    assert cached("summary") == 1


def test_the_worker_asks_a_configured_model_ahead_of_any_reader(llm_down):
    article = make_article(text="\n".join(LOREM_PARAGRAPHS * 3))
    ai.precompute([article.pk])
    assert llm_down.requests
    assert cached("summary") == cached("points") == 1
