"""Rate limits on the AI features: an eleventh question gets HTTP 429 with the reason, the
limit holds across web processes and behind a proxy, and the costly AI pages are limited per
address."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from tests.factories import make_article

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ask_url():
    article = make_article(headline="Floods hit Brenholm")
    return f"/article/{article.pk}/ai/ask/"


def ask(client, url: str, **headers: str):
    return client.post(url, {"question": "How many homes flooded?"}, **HTMX, **headers)


def test_it_answers_a_question_over_the_limit_with_429_and_the_reason(client, ask_url, settings):
    settings.AI_QUESTIONS_PER_MINUTE = 2
    assert [ask(client, ask_url).status_code for _ in range(2)] == [200, 200]
    refused = ask(client, ask_url)
    assert refused.status_code == 429
    assert "You have asked many questions in the last minute" in refused.content.decode()


def test_it_holds_the_question_limit_across_web_processes(client, ask_url, settings):
    settings.AI_QUESTIONS_PER_MINUTE = 2
    ask(client, ask_url)
    ask(client, ask_url)
    caches["default"].clear()  # another web process: its own memory, the same database
    assert ask(client, ask_url).status_code == 429


def test_it_counts_questions_by_the_address_the_trusted_proxy_reports(client, ask_url, settings):
    settings.AI_QUESTIONS_PER_MINUTE = 1
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    assert ask(client, ask_url, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
    assert ask(client, ask_url, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
    assert ask(client, ask_url, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


@pytest.mark.parametrize("feature", ["summary", "points", "compare", "background"])
def test_it_limits_the_ai_pages_per_address(client, settings, feature):
    settings.AI_FEATURES_PER_MINUTE = 3
    url = f"/article/{make_article().pk}/ai/{feature}/"
    assert [client.get(url, **HTMX).status_code for _ in range(3)] == [200] * 3
    refused = client.get(url, **HTMX)
    assert refused.status_code == 429
    assert "Many AI requests came from your address" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="203.0.113.9", **HTMX).status_code == 200


def test_it_lets_htmx_show_the_429_message(client):
    assert '{"code": "429", "swap": true' in client.get("/").content.decode()
