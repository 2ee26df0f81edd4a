"""The search page: a box in every page's header, one card per story with its outlets and a
marked snippet, pages of results, and a bounded number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.news import fulltext
from newsdesk.pipeline.search import index_articles
from newsdesk.reader.search_views import PER_PAGE
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def indexed(*articles):
    index_articles([article.pk for article in articles])
    return articles


def strike_story(outlets: int = 2):
    reports = [
        make_article(
            make_source(),
            headline=f"Dockworkers strike at Calderwick, day {n}",
            enriched_at=timezone.now(),
        )
        for n in range(outlets)
    ]
    story = make_story(*reports, title="Calderwick strike")
    indexed(*reports)
    return story


@pytest.mark.parametrize("url", ["/", "/search/?q=port"])
def test_every_page_has_the_search_box(client, url):
    page = client.get(url).content.decode()
    assert 'role="search"' in page and 'name="q"' in page


def test_one_card_per_story_with_its_outlets_and_marked_words(client):
    story = strike_story(outlets=3)
    page = client.get("/search/", {"q": "calderwick volcano"}).content.decode()
    assert page.count('class="card"') == 0  # every word must match: no report says "volcano"
    page = client.get("/search/", {"q": "dockworkers"}).content.decode()
    assert page.count('<li class="card">') == 1
    assert f'href="{story.get_absolute_url()}">Full coverage · 3 outlets' in page
    assert "<mark>Dockworkers</mark>" not in page  # the snippet is the body's
    assert "<mark>dockworkers</mark>" in page
    assert "Found by words" in page


def test_results_come_in_pages_that_keep_the_query(client):
    source = make_source()
    reports = [
        make_article(source, headline=f"Tide mill report {n}", enriched_at=timezone.now())
        for n in range(PER_PAGE + 3)
    ]
    indexed(*reports)
    first = client.get("/search/", {"q": "tide mill"}).content.decode()
    assert first.count('<li class="card">') == PER_PAGE
    assert "?q=tide%20mill&amp;page=2" in first
    second = client.get("/search/", {"q": "tide mill", "page": "2"}).content.decode()
    assert second.count('<li class="card">') == 3


@pytest.mark.parametrize("typed", ["", '"', "-", "x" * 10_000, "NOT (", "\x00"])
def test_odd_input_shows_a_page(client, typed):
    strike_story()
    assert client.get("/search/", {"q": typed, "page": "x"}).status_code == 200


def test_the_query_count_does_not_grow_with_the_results(client):
    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "dockworkers"}).status_code == 200
        return len(queries)

    strike_story(outlets=2)
    small = count()
    for _ in range(15):
        strike_story(outlets=3)
    assert count() <= small
    assert small <= 8


def test_a_search_that_stopped_says_how_far_back_and_searches_on_from_there(client, monkeypatch):
    monkeypatch.setattr(fulltext, "RARE_BELOW", 2)
    monkeypatch.setattr(fulltext, "MAX_STRETCH", 4)
    gazette = make_source("Harbour Gazette")
    month_ago = timezone.now() - timedelta(days=30)
    (old,) = indexed(
        make_article(gazette, headline="Tide mill", published_at=month_ago, enriched_at=month_ago)
    )
    indexed(*(make_article(headline="Tide mill", enriched_at=timezone.now()) for _ in range(6)))
    first = client.get("/search/", {"q": f"tide source:{gazette.slug}"}).content.decode()
    assert "Nothing found" in first and "Searched back to" in first
    older = re.search(r'href="\?q=[^"]*&amp;older=(\d+)"', first)
    assert older is not None
    second = client.get("/search/", {"q": f"tide source:{gazette.slug}", "older": older[1]})
    assert old.get_absolute_url() in second.content.decode()
