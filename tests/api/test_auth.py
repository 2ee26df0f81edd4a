"""Who may call the JSON API: token holders and signed-in readers, within a rate limit."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from newsdesk.api.models import AccessToken
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_it_refuses_a_call_without_credentials_with_an_error_object(client):
    response = client.get("/api/v1/articles")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "unauthenticated", "message": "send a valid token or sign in"}
    }


def test_it_refuses_an_unknown_token(client):
    response = client.get("/api/v1/articles", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_a_token_works_until_it_is_revoked(api, token):
    assert api.get("/api/v1/articles").status_code == 200
    AccessToken.objects.all().delete()
    assert api.get("/api/v1/articles").status_code == 401


def test_only_a_hash_of_the_key_is_stored(reader, token):
    stored = AccessToken.objects.get(user=reader)
    assert token not in (stored.key_hash, stored.prefix)
    assert stored.prefix == token[:8]


def test_a_deactivated_reader_s_token_stops_working(api, reader):
    reader.is_active = False
    reader.save()
    assert api.get("/api/v1/articles").status_code == 401


def test_the_site_s_own_calls_use_the_session(signed_in_client):
    assert signed_in_client.get("/api/v1/articles").status_code == 200


def test_a_session_write_needs_the_csrf_token(reader):
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    assert browser.put(f"/api/v1/articles/{article.pk}/read").status_code == 403


@override_settings(API_RATE_LIMIT=3)
def test_a_token_over_its_rate_limit_gets_429_with_retry_after(api):
    statuses = [api.get("/api/v1/sources").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get("/api/v1/sources")
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 60


@override_settings(API_RATE_LIMIT=2)
def test_each_token_has_its_own_limit(api, reader, client):
    for _ in range(3):
        api.get("/api/v1/sources")
    other = AccessToken.issue(reader, AccessToken.Kind.API)[1]
    fresh = Client(HTTP_AUTHORIZATION=f"Bearer {other}")
    assert fresh.get("/api/v1/sources").status_code == 200


def test_a_personal_feed_key_is_no_api_token(client, reader):
    key = AccessToken.issue(reader, AccessToken.Kind.FEED)[1]
    assert client.get("/api/v1/articles", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_every_operation_in_the_api_document_refuses_anonymous_callers(client):
    document = client.get("/api/v1/openapi.json").json()
    calls = [
        (method, path.replace("{article_id}", "1").replace("{story_id}", "1"))
        for path, operations in document["paths"].items()
        for method in operations
    ]
    assert len(calls) > 20
    for method, path in calls:
        response = getattr(client, method)(path)
        assert response.status_code == 401, (method, path)


@pytest.mark.parametrize(
    "path",
    [
        "token",
        "user-info",
        "subscription/list",
        "subscription/edit",
        "subscription/quickadd",
        "tag/list",
        "unread-count",
        "stream/contents",
        "stream/contents/feed/1",
        "stream/items/ids",
        "stream/items/contents",
        "edit-tag",
        "mark-all-as-read",
    ],
)
def test_every_google_reader_endpoint_refuses_anonymous_callers(client, path):
    assert client.get(f"/reader/api/0/{path}").status_code == 401
    assert client.post(f"/reader/api/0/{path}").status_code == 401
