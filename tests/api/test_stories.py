"""Stories through the API: the list, the top stories and one story with its reports."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def test_a_story_has_every_outlet_s_report_oldest_first(api):
    first = make_article(make_source("Harbour Times"), headline="First report")
    second = make_article(make_source("Coast Daily"), headline="Second report")
    story = make_story(second, first, title="Dock strike")
    body = api.get(f"/api/v1/stories/{story.pk}").json()
    assert body["title"] == "Dock strike"
    assert body["outlets"] == ["Coast Daily", "Harbour Times"]
    assert [r["headline"] for r in body["reports"]] == ["Second report", "First report"]


def test_stories_are_listed_by_their_latest_report(api):
    old = make_story(make_article(), title="Old")
    new = make_story(make_article(), title="New")
    type(new).objects.filter(pk=new.pk).update(last_seen_at=timezone.now())
    page = api.get("/api/v1/stories").json()
    assert [s["id"] for s in page["items"]] == [new.pk, old.pk]


def test_top_stories_are_the_ranked_ones(api):
    story = make_story(make_article(), make_article(), title="Big")
    type(story).objects.filter(pk=story.pk).update(score=5.0, last_seen_at=timezone.now())
    assert [s["title"] for s in api.get("/api/v1/stories/top").json()] == ["Big"]


def test_an_unknown_story_is_404(api):
    assert api.get("/api/v1/stories/424242").status_code == 404
