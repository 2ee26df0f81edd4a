"""Staff manage sources, feeds, articles, stories and comments in the admin."""

from __future__ import annotations

import pytest
from django.utils import timezone

from newsdesk.comments.models import Comment
from newsdesk.news.models import Feed
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db

CHANGELISTS = ["source", "feed", "article", "story", "hashtag"]


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", password="x-long-password-1")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", CHANGELISTS)
def test_every_archive_table_has_a_working_list_and_search(staff_client, model):
    article = make_article(hashtags=("Port",))
    make_story(article)
    Feed.objects.create(source=article.source, url="https://outlet.example/feed.xml")
    assert staff_client.get(f"/admin/news/{model}/").status_code == 200
    assert staff_client.get(f"/admin/news/{model}/?q=port").status_code == 200


def test_failing_feeds_can_be_listed_for_attention(staff_client):
    source = make_source()
    Feed.objects.create(source=source, url="https://ok.example/feed.xml")
    Feed.objects.create(
        source=source,
        url="https://broken.example/feed.xml",
        error_count=9,
        error_since=timezone.now() - timezone.timedelta(days=3),
        last_error="feeds: HTTP 500 from https://broken.example/feed.xml",
    )
    html = staff_client.get("/admin/news/feed/?health=days").content.decode()
    assert "broken.example" in html and "ok.example" not in html


def test_moderators_hide_comments_from_the_newest_list(staff_client, reader):
    comment = Comment.objects.create(article=make_article(), user=reader, body="Rude words")
    assert "Rude words" in staff_client.get("/admin/comments/comment/").content.decode()
    staff_client.post(
        "/admin/comments/comment/",
        {"action": "hide", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.is_hidden


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("loopback_allowed")
def test_staff_add_a_source_by_its_home_page_url(staff_client, publisher):
    response = staff_client.post(
        "/admin/news/source/add-by-url/", {"url": publisher.url("meridian-wire/"), "name": ""}
    )
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert feed.url.endswith("/meridian-wire/atom.xml")


def test_a_url_that_cannot_be_added_is_refused_in_the_admin_with_the_reason(staff_client):
    html = staff_client.post(
        "/admin/news/source/add-by-url/", {"url": "http://169.254.169.254/latest/"}
    ).content.decode()
    assert "cannot add http://169.254.169.254/latest/" in html
    assert "non-public address" in html
    assert not Feed.objects.exists()
