"""The follow button of a page: a toggle that names what it follows and leads back to the
page, written for each reader (in Python, without the template engine) and escaped."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from newsdesk.following.models import Follow
from newsdesk.following.templatetags.following import follow_markup
from tests.factories import make_article, make_story

pytestmark = pytest.mark.django_db


def test_a_signed_in_reader_gets_a_toggle_naming_its_target_and_page_escaped(reader):
    request = RequestFactory().get("/search/", {"q": 'a "quoted" <b>'})
    request.user = reader
    html = follow_markup(request, "search", 'a "quoted" <b>', "this <search>")
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html)
    assert token
    assert html == (
        '<form class="inline-form toggle" method="post" action="/following/search/toggle/"'
        ' hx-post="/following/search/toggle/" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token.group(1)}">'
        '<input type="hidden" name="target" value="a &quot;quoted&quot; &lt;b&gt;">'
        '<input type="hidden" name="label" value="this &lt;search&gt;">'
        '<input type="hidden" name="next" value="/search/?q=a+%22quoted%22+%3Cb%3E">'
        '<button type="submit" class="toggle-button" aria-pressed="false">'
        "Follow this &lt;search&gt;</button></form>"
    )


def test_a_reader_who_is_not_signed_in_is_asked_to_sign_in_and_led_back():
    request = RequestFactory().get("/story/7/", {"before": "1-2"})
    request.user = AnonymousUser()
    assert follow_markup(request, "story", 7, "this story") == (
        '<p class="follow-hint"><a href="/accounts/login/?next=/story/7/%3Fbefore%3D1-2">'
        "Sign in to follow</a></p>"
    )


def test_a_followed_storys_button_says_so_on_each_of_its_articles(signed_in_client, reader):
    first, second = make_article(), make_article()
    story = make_story(first, second)
    Follow.objects.create(user=reader, kind="story", story=story)
    for article in (first, second):
        html = signed_in_client.get(article.get_absolute_url()).content.decode()
        assert 'aria-pressed="true">Following this story ✓</button>' in html
        assert f'name="target" value="{story.pk}"' in html
        assert f'name="next" value="{article.get_absolute_url()}"' in html


def test_with_htmx_the_follow_toggle_answers_with_its_new_state(signed_in_client):
    story = make_story(make_article())
    response = signed_in_client.post(
        "/following/story/toggle/",
        {"target": str(story.pk), "label": "this story", "next": "/"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'aria-pressed="true">Following this story ✓</button>' in html
    assert '<input type="hidden" name="next" value="/">' in html
