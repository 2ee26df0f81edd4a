"""The AI cache and the optional language model: when the model fails and the extractive text
stands in, the stand-in is cached for minutes, not for the week a model's text is kept, so
the model's text returns soon after the endpoint recovers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsdesk.pipeline import ai
from tests.ai.chat_server import Raw, chat_server
from tests.factories import LOREM_PARAGRAPHS, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def llm_down(settings) -> Iterator[None]:
    """A real local chat endpoint that answers every request with a server error."""
    with chat_server() as server:
        server.replies.extend([lambda messages: Raw(500, "model unavailable")] * 4)
        settings.LLM_BASE_URL = server.url
        settings.LLM_MODEL = "test-model"
        ai.writer.cache_clear()
        yield
    ai.writer.cache_clear()


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
