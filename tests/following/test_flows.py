"""Saving and following: buttons for signed-in readers, "Sign in" for the others, the Saved and
Following pages, merged stories that keep their address and followers, and alerts that are
raised once per reader and article whatever happens to the worker."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.following.models import Bookmark, Follow, Notification
from newsdesk.news.models import Article, Story, StoryRedirect
from newsdesk.pipeline import alerts
from newsdesk.pipeline.search import index_articles
from newsdesk.pipeline.stories import _forward
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def test_a_reader_saves_and_unsaves_with_a_plain_form(signed_in_client, reader):
    article = make_article(headline="Tide mill grinds flour again")
    url = f"/saved/{article.pk}/toggle/"
    response = signed_in_client.post(url, {"next": article.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert Bookmark.objects.filter(user=reader, article=article).exists()
    assert "Tide mill grinds flour again" in signed_in_client.get("/saved/").content.decode()
    signed_in_client.post(url)
    assert not Bookmark.objects.exists()


def test_with_htmx_the_button_answers_with_its_new_state(signed_in_client):
    article = make_article()
    response = signed_in_client.post(f"/saved/{article.pk}/toggle/", HTTP_HX_REQUEST="true")
    assert (
        'aria-pressed="true"' in response.content.decode()
        and "Saved ✓" in response.content.decode()
    )


def test_a_redirect_back_never_leaves_the_site(signed_in_client):
    article = make_article()
    response = signed_in_client.post(
        f"/saved/{article.pk}/toggle/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/following/"


def test_anonymous_readers_are_asked_to_sign_in(client):
    article = make_article()
    make_story(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Sign in to follow" in page and "Sign in to save" in page
    assert "<button" not in page.split("Sign in to follow")[0].split('class="actions"')[-1]
    assert client.post(f"/saved/{article.pk}/toggle/").status_code == 302
    assert not Bookmark.objects.exists()


@pytest.mark.parametrize("kind", ["source", "hashtag", "story", "search"])
def test_a_reader_follows_and_unfollows_each_kind(signed_in_client, reader, kind):
    article = make_article(hashtags=("Calderwick",))
    story = make_story(article)
    target = {
        "source": article.source.slug,
        "hashtag": "calderwick",
        "story": str(story.pk),
        "search": "port strike",
    }[kind]
    signed_in_client.post(f"/following/{kind}/toggle/", {"target": target})
    assert Follow.objects.filter(user=reader, kind=kind).count() == 1
    signed_in_client.post(f"/following/{kind}/toggle/", {"target": target})
    assert not Follow.objects.exists()


def test_the_following_page_groups_news_by_story_and_marks_what_is_new(signed_in_client, reader):
    source = make_source("Harbour Gazette")
    earlier = timezone.now() - timedelta(hours=5)
    old = make_article(source, headline="Strike day one", published_at=earlier, fetched_at=earlier)
    story = make_story(old, title="Calderwick strike")
    Follow.objects.create(user=reader, kind="source", source=source)
    first = signed_in_client.get("/following/").content.decode()
    assert "Strike day one" in first and "1 new since your last visit" in first
    newer = make_article(source, headline="Strike day two", published_at=timezone.now())
    Article.objects.filter(pk=newer.pk).update(story=story)
    second = signed_in_client.get("/following/").content.decode()
    assert second.count('class="card story-group"') == 1
    assert second.index("Strike day two") < second.index("Strike day one")
    assert "1 new since your last visit" in second


def test_a_merged_story_forwards_with_its_followers(client, reader):
    keeper, absorbed = make_story(make_article()), make_story(make_article())
    Follow.objects.create(user=reader, kind="story", story=absorbed)
    absorbed_id = absorbed.pk
    _forward(absorbed_id, keeper.pk)
    absorbed.delete()
    response = client.get(f"/story/{absorbed_id}/")
    assert response.status_code == 301 and response["Location"] == keeper.get_absolute_url()
    assert Follow.objects.get(user=reader).story == keeper
    third = make_story(make_article())
    _forward(keeper.pk, third.pk)  # a chain of merges still lands on the survivor
    assert StoryRedirect.objects.get(old_id=absorbed_id).story == third


def followed_story(reader):
    first = make_article(make_source(), headline="Port strike at Calderwick")
    story = make_story(first)
    Follow.objects.create(user=reader, kind="story", story=story)
    return story


def arrive(story: Story | None = None, source=None, headline: str = "Strike report") -> Article:
    """A report through enrichment (filed into ``story``) and the search stage."""
    now = timezone.now()
    article = make_article(
        source, headline=headline, published_at=now, enriched_at=now, story=story
    )
    index_articles([article.pk])
    return article


def run_alerts() -> int:
    return alerts.alert_articles(list(alerts.due(timezone.now()).values_list("id", flat=True)))


def test_a_new_outlet_on_a_followed_story_alerts_its_followers_once(signed_in_client, reader):
    story = followed_story(reader)
    report = arrive(story)
    same_outlet_again = arrive(story, source=report.source)
    assert run_alerts() == 1
    assert run_alerts() == 0
    [note] = Notification.objects.all()
    assert note.article == report and note.reason == "story"
    assert same_outlet_again.pk not in Notification.objects.values_list("article_id", flat=True)
    header = signed_in_client.get("/").content.decode()
    assert 'aria-label="1 unread"' in header
    assert "Strike report" in signed_in_client.get("/alerts/").content.decode()
    assert 'aria-label="1 unread"' not in signed_in_client.get("/").content.decode()


def test_a_saved_search_alerts_on_a_matching_new_article(reader):
    Follow.objects.create(user=reader, kind="search", query="tide mill")
    match = arrive(headline="Tide mill grinds flour again")
    arrive(headline="Port reopens")
    assert run_alerts() == 1
    assert Notification.objects.get().article == match


def test_a_crash_mid_batch_loses_no_alert_and_doubles_none(reader):
    story = followed_story(reader)
    arrive(story)
    killed = mock.patch("newsdesk.pipeline.alerts.timezone.now", side_effect=RuntimeError("killed"))
    with killed, pytest.raises(RuntimeError):
        run_alerts()
    assert not Notification.objects.exists()  # the transaction rolled back with the mark
    assert run_alerts() == 1
    assert run_alerts() == 0


def test_existing_articles_raise_no_alert_when_alerts_are_installed():
    assert alerts.due(timezone.now()).count() == 0


@pytest.mark.parametrize("url", ["/following/", "/saved/", "/alerts/"])
def test_the_readers_pages_query_count_does_not_grow(signed_in_client, reader, url):
    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert signed_in_client.get(url).status_code == 200
        return len(queries)

    def fill(n: int) -> None:
        source = make_source()
        articles = [make_article(source, hashtags=("Port",)) for _ in range(n)]
        story = make_story(*articles)
        Follow.objects.get_or_create(user=reader, kind="source", source=source)
        Follow.objects.get_or_create(user=reader, kind="story", story=story)
        Follow.objects.get_or_create(user=reader, kind="search", query=f"headline {n}")
        for article in articles:
            Bookmark.objects.create(user=reader, article=article)
            Notification.objects.create(user=reader, article=article, reason="story")

    fill(2)
    small = count()
    fill(25)
    assert count() <= small + 1  # one full-text query per saved search, at most ten
    assert small <= 16
