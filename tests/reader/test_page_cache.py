"""Anonymous readers get whole pages from the cache until a new report arrives; browsers
revalidate them with ETag or Last-Modified; signed-in readers' pages are always their own."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def test_a_cached_page_runs_no_query(client):
    make_article(headline="Port strike ends")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "Port strike ends" in html
    assert len(queries) == 0


def test_a_page_one_worker_rendered_is_served_by_the_others(client):
    make_article(headline="Port strike ends")
    client.get("/")
    cache.clear()  # another worker: none of this process's own memory
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "Port strike ends" in html
    assert len(queries) == 1  # the archive's version, which each process reads for itself


def test_a_new_report_retires_the_cached_pages(client, monkeypatch):
    monkeypatch.setattr("newsdesk.reader.caching.VERSION_SECONDS", 0)
    make_article(headline="Port strike ends")
    assert "Cranes move again" not in client.get("/").content.decode()
    make_article(headline="Cranes move again")
    assert "Cranes move again" in client.get("/").content.decode()


def test_a_browser_revalidating_its_copy_gets_304(client):
    make_article()
    first = client.get("/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get("/", headers={"If-None-Match": first["ETag"]}).status_code == 304
    since = first["Last-Modified"]
    assert client.get("/", headers={"If-Modified-Since": since}).status_code == 304
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_an_article_page_is_the_same_for_every_anonymous_reader(client):
    """No CSRF token (nor its cookie) on the page: the question form is loaded after it."""
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert "csrftoken" not in response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert 'hx-trigger="load"' in response.content.decode()
    assert "ETag" in response


def test_the_question_form_carries_its_token_as_a_fragment_and_as_a_page(client):
    article = make_article()
    url = f"/article/{article.pk}/ai/ask/form/"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "csrfmiddlewaretoken" in fragment and "<html" not in fragment
    page = client.get(url).content.decode()
    assert "csrfmiddlewaretoken" in page and "<html" in page


def test_signed_in_readers_pages_are_not_served_from_the_cache(client, signed_in_client, reader):
    make_article()
    client.get("/")  # cached for anonymous readers
    html = signed_in_client.get("/").content.decode()
    assert reader.username in html


def test_a_large_story_shows_its_reports_a_page_at_a_time(client):
    from newsdesk.reader.views import REPORTS_PER_PAGE

    source = make_source()
    reports = [make_article(source, headline=f"Report {n:03d}.") for n in range(45)]
    story = make_story(*reports)
    first = client.get(story.get_absolute_url()).content.decode()
    shown = [n for n in range(45) if f"Report {n:03d}." in first]
    assert len(shown) == REPORTS_PER_PAGE
    assert "Later reports" in first
