"""Posting comments: who may, what is refused, and how it is shown."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from newsdesk.comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def post(client, article, body: str, **extra: str):
    return client.post(f"/comments/article/{article.pk}/", {"body": body, **extra}, follow=True)


def test_a_signed_in_reader_posts_a_comment_and_sees_it(signed_in_client):
    article = make_article()
    response = post(signed_in_client, article, "Good reporting on the port.")
    html = response.content.decode()
    assert "Your comment is posted." in html
    assert "Good reporting on the port." in html
    assert Comment.objects.filter(article=article).count() == 1


def test_an_anonymous_post_is_refused_and_sent_to_sign_in(client):
    article = make_article()
    response = client.post(f"/comments/article/{article.pk}/", {"body": "Hello"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_a_post_without_csrf_token_is_refused(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    article = make_article()
    response = client.post(f"/comments/article/{article.pk}/", {"body": "Hello"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


@override_settings(COMMENT_MAX_LENGTH=2000)
def test_an_over_long_comment_is_refused_with_a_clear_message(signed_in_client):
    article = make_article()
    html = post(signed_in_client, article, "x" * 2001).content.decode()
    assert "Your comment is too long: at most 2000 characters (it has 2001)." in html
    assert not Comment.objects.exists()


def test_scripts_are_escaped_and_javascript_links_are_not_linked(signed_in_client):
    article = make_article()
    body = '<script>alert("x")</script> see javascript:alert(1) and https://example.org/a'
    html = post(signed_in_client, article, body).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="https://example.org/a" rel="nofollow"' in html


@override_settings(COMMENT_RATE_LIMIT=2, COMMENT_RATE_WINDOW_SECONDS=600)
def test_the_rate_limit_stops_a_flood_of_comments(signed_in_client):
    article = make_article()
    post(signed_in_client, article, "one")
    post(signed_in_client, article, "two")
    html = post(signed_in_client, article, "three").content.decode()
    assert "Please wait a little before posting again." in html
    assert Comment.objects.count() == 2


def test_a_filled_honeypot_is_refused(signed_in_client):
    article = make_article()
    response = post(signed_in_client, article, "Buy now", website="http://spam.example")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(signed_in_client):
    article = make_article()
    post(signed_in_client, article, "   ")
    assert not Comment.objects.exists()
