"""Adding sources and moving subscriptions in and out as OPML: staff only."""

from __future__ import annotations

import pytest

from newsdesk.news.models import Feed, Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db

OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Coast Daily" xmlUrl="https://coast.example/feed.xml" htmlUrl="https://coast.example/"/>
</body></opml>"""


def test_a_reader_who_is_not_staff_cannot_change_subscriptions(api):
    response = api.post("/api/v1/sources", {"url": "https://x.example/"}, "application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert api.get("/api/v1/opml").status_code == 403
    assert api.post("/api/v1/opml", OPML, content_type="text/x-opml").status_code == 403
    assert not Source.objects.exists()


def test_staff_add_a_publisher_by_its_home_page(staff_api, publisher, loopback_allowed):
    outlet = publisher.outlets()[0]
    response = staff_api.post(
        "/api/v1/sources", {"url": outlet["home_url"]}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    source = Source.objects.get(pk=response.json()["id"])
    assert source.home_url == outlet["home_url"]
    assert Feed.objects.filter(source=source).exists()


def test_a_url_that_cannot_be_added_is_400_with_why(staff_api, strict_fetcher):
    response = staff_api.post(
        "/api/v1/sources", {"url": "ftp://x.example/"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "not an http(s) URL" in response.json()["error"]["message"]


def test_staff_import_and_export_opml(staff_api):
    make_source("Harbour Times")
    imported = staff_api.post("/api/v1/opml", OPML, content_type="text/x-opml").json()
    assert [s["name"] for s in imported["subscribed"]] == ["Coast Daily"]
    exported = staff_api.get("/api/v1/opml")
    assert exported["Content-Type"].startswith("text/x-opml")
    assert b'xmlUrl="https://coast.example/feed.xml"' in exported.content


def test_a_document_that_is_not_opml_is_400(staff_api):
    response = staff_api.post("/api/v1/opml", b"<html/>", content_type="text/x-opml")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "opml"
