"""The API documents itself (a valid OpenAPI 3 document, a docs page served without any CDN),
and readers make and revoke their keys on the account page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import check_password
from openapi_spec_validator import validate

from newsdesk.api.models import AccessToken, ReaderPassword, hash_key

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_valid_and_lists_every_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for path in ["/api/v1/articles", "/api/v1/articles/{article_id}/summary", "/api/v1/opml"]:
        assert path in paths
    assert "401" in paths["/api/v1/articles"]["get"]["responses"]


def test_the_docs_page_loads_everything_from_newsdesk_itself(client):
    html = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert all(source.startswith("/") for source in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_the_account_page_shows_a_new_token_once_and_stores_its_hash(signed_in_client, reader):
    page = signed_in_client.post("/accounts/access/new/", {"kind": "api", "name": "my script"})
    key = re.search(r"Bearer ([0-9a-f]{48})", page.content.decode()).group(1)
    token = AccessToken.objects.get(user=reader)
    assert token.key_hash == hash_key(key) and token.name == "my script"
    assert key not in signed_in_client.get("/accounts/access/").content.decode()


def test_the_account_page_makes_personal_feed_addresses(signed_in_client):
    page = signed_in_client.post("/accounts/access/new/", {"kind": "feed"}).content.decode()
    addresses = re.findall(r"http://testserver(/feeds/(?:personal|saved)/[0-9a-f]+\.rss)", page)
    assert len(addresses) == 2
    for address in addresses:
        assert signed_in_client.get(address).status_code == 200


def test_a_reader_revokes_their_own_token_but_not_another_s(
    signed_in_client, reader, django_user_model
):
    mine, _ = AccessToken.issue(reader, AccessToken.Kind.API)
    theirs, _ = AccessToken.issue(django_user_model.objects.create_user("other"), "api")
    assert signed_in_client.post(f"/accounts/access/{theirs.pk}/revoke/").status_code == 404
    signed_in_client.post(f"/accounts/access/{mine.pk}/revoke/")
    assert list(AccessToken.objects.all()) == [theirs]


def test_the_api_password_is_stored_hashed_and_must_be_long(signed_in_client, reader):
    signed_in_client.post("/accounts/access/reader-password/", {"password": "short"})
    assert not ReaderPassword.objects.exists()
    signed_in_client.post("/accounts/access/reader-password/", {"password": "a-long-app-password"})
    stored = ReaderPassword.objects.get(user=reader)
    assert stored.password != "a-long-app-password"
    assert check_password("a-long-app-password", stored.password)


def test_the_account_page_needs_a_signed_in_reader(client):
    assert client.get("/accounts/access/").status_code == 302
    assert client.post("/accounts/access/new/", {"kind": "api"}).status_code == 302
    assert not AccessToken.objects.exists()


def test_a_staff_member_creates_a_token_in_the_admin(client, django_user_model, reader):
    admin = django_user_model.objects.create_superuser("boss", password="a-long-pw-123")
    client.force_login(admin)
    response = client.post(
        "/admin/api/accesstoken/add/",
        {"user": reader.pk, "kind": "api", "name": "from admin"},
        follow=True,
    )
    key = re.search(r"shown only this once: ([0-9a-f]{48})", response.content.decode()).group(1)
    assert AccessToken.find(key, AccessToken.Kind.API).user == reader
