"""Each reader's read and saved articles through the JSON API, never another reader's; saved
is the site's Saved list."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.api.models import AccessToken, ReadState
from newsdesk.following.models import Bookmark
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _ids(response):
    return [item["id"] for item in response.json()["items"]]


def test_marking_read_hides_an_article_from_the_unread_list(api):
    article = make_article()
    assert _ids(api.get("/api/v1/articles?unread=true")) == [article.pk]
    assert api.put(f"/api/v1/articles/{article.pk}/read").status_code == 204
    assert _ids(api.get("/api/v1/articles?unread=true")) == []
    assert api.get(f"/api/v1/articles/{article.pk}").json()["read"] is True
    assert api.delete(f"/api/v1/articles/{article.pk}/read").status_code == 204
    assert _ids(api.get("/api/v1/articles?unread=true")) == [article.pk]


def test_saving_lists_an_article_among_the_saved(api):
    article = make_article()
    make_article()
    api.put(f"/api/v1/articles/{article.pk}/saved")
    api.put(f"/api/v1/articles/{article.pk}/saved")
    assert _ids(api.get("/api/v1/articles?saved=true")) == [article.pk]
    assert api.get(f"/api/v1/articles/{article.pk}").json()["saved"] is True
    api.delete(f"/api/v1/articles/{article.pk}/saved")
    assert _ids(api.get("/api/v1/articles?saved=true")) == []


def test_another_reader_never_sees_my_state(api, django_user_model):
    article = make_article()
    api.put(f"/api/v1/articles/{article.pk}/read")
    api.put(f"/api/v1/articles/{article.pk}/saved")
    other = django_user_model.objects.create_user("other")
    theirs = Client(HTTP_AUTHORIZATION=f"Bearer {AccessToken.issue(other, 'api')[1]}")
    assert _ids(theirs.get("/api/v1/articles?unread=true")) == [article.pk]
    assert _ids(theirs.get("/api/v1/articles?saved=true")) == []
    detail = theirs.get(f"/api/v1/articles/{article.pk}").json()
    assert detail["read"] is False and detail["saved"] is False


def test_state_of_an_unknown_article_is_404(api):
    assert api.put("/api/v1/articles/999999/read").status_code == 404
    assert api.put("/api/v1/articles/999999/saved").status_code == 404
    assert not ReadState.objects.exists() and not Bookmark.objects.exists()


def test_saving_through_the_api_saves_on_the_site(api, reader):
    article = make_article(headline="Keep this one")
    api.put(f"/api/v1/articles/{article.pk}/saved")
    assert Bookmark.objects.filter(user=reader, article=article).exists()
