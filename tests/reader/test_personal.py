"""A page is rendered once for every reader: each gets it with their own header, save and
follow buttons, messages and comment form filled in, and never anyone else's."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsdesk.comments.models import Comment
from newsdesk.following.models import Bookmark, Follow, Notification
from newsdesk.following.templatetags.following import bookmark_form
from newsdesk.news.models import Article
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user(username, password="long-password-1"))
    return client


def test_each_reader_gets_their_own_copy_of_a_cached_page(client):
    source = make_source("Harbour Gazette")
    kept, other = make_article(source), make_article(source)
    mira, ade = signed_in("mira"), signed_in("ade")
    Bookmark.objects.create(user=get_user_model().objects.get(username="mira"), article=kept)
    url = source.get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Sign in to save" in anonymous and "mira" not in anonymous
    for reader, name, saved in ((mira, "mira", 1), (ade, "ade", 0)):
        html = reader.get(url).content.decode()
        assert f"Signed in as <strong>{name}</strong>" in html
        assert html.count("Saved ✓") == saved and "Sign in to save" not in html
        assert f'action="{reverse("following:bookmark", args=[other.pk])}"' in html


def test_a_signed_in_reader_is_served_the_cached_page_with_only_their_own_queries():
    make_article()
    mira = signed_in("mira")
    mira.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = mira.get("/").content.decode()
    assert "Signed in as <strong>mira</strong>" in html
    assert not any(Article._meta.db_table in query["sql"] for query in queries.captured_queries)


def test_a_follow_button_shows_the_readers_own_state(client):
    source = make_source("Harbour Gazette")
    make_article(source)
    mira, ade = signed_in("mira"), signed_in("ade")
    Follow.objects.create(
        user=get_user_model().objects.get(username="mira"), kind="source", source=source
    )
    url = source.get_absolute_url()
    assert "Sign in to follow" in client.get(url).content.decode()
    assert "Following Harbour Gazette ✓" in mira.get(url).content.decode()
    assert "Follow Harbour Gazette</button>" in ade.get(url).content.decode()


def test_a_reader_sees_their_comment_and_its_message_at_once(client):
    article = make_article()
    mira = signed_in("mira")
    client.get(article.get_absolute_url())  # the page is cached
    mira.get(article.get_absolute_url())
    response = mira.post(
        reverse("comments:post", args=[article.pk]), {"body": "The cranes are back."}, follow=True
    )
    html = response.content.decode()
    assert "The cranes are back." in html and "Your comment is posted." in html
    assert 'class="form comment-form"' in html


def test_no_placeholder_is_left_in_a_page_and_text_like_one_stays_text(client):
    article = make_article(headline="<!--save:1--> in a headline")
    for reader in (client, signed_in("mira")):
        html = reader.get(article.get_absolute_url()).content.decode()
        assert "&lt;!--save:1--&gt; in a headline" in html
        assert not re.search(r"<!--[0-9a-f]{16}:", html)


def test_a_page_a_signed_in_reader_opened_first_reaches_others_without_their_parts(client):
    article = make_article()
    mira = signed_in("mira")
    assert (
        "Signed in as <strong>mira</strong>"
        in mira.get(article.get_absolute_url()).content.decode()
    )
    anonymous = client.get(article.get_absolute_url())
    html = anonymous.content.decode()
    assert "mira" not in html and "Sign in to save" in html and "Sign in to comment" in html
    assert anonymous["ETag"] and "csrftoken" not in anonymous.cookies


def test_a_signed_in_readers_own_state_is_read_in_one_query(client):
    """Saved articles, follows and unread alerts: one statement for the whole page, however
    many save and follow buttons it shows."""
    source = make_source("Harbour Gazette")
    articles = [make_article(source) for _ in range(5)]
    mira = signed_in("mira")
    reader = get_user_model().objects.get(username="mira")
    Bookmark.objects.create(user=reader, article=articles[0])
    Follow.objects.create(user=reader, kind="source", source=source)
    url = source.get_absolute_url()
    mira.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = mira.get(url).content.decode()
    assert html.count("Saved ✓") == 1 and "Following Harbour Gazette ✓" in html
    tables = ("following_bookmark", "following_follow", "following_notification")
    assert sum(any(t in q["sql"] for t in tables) for q in queries.captured_queries) == 1


def test_every_form_of_a_signed_in_page_carries_the_readers_token(client):
    """The header's, buttons' and comment form's markup is kept once written: each page gets
    the reader's CSRF token in it, the same in every form of the page, and it is accepted."""
    article = make_article()
    mira = Client(enforce_csrf_checks=True)
    mira.force_login(get_user_model().objects.create_user("mira", password="long-password-1"))
    save = reverse("following:bookmark", args=[article.pk])
    for _ in range(2):
        html = mira.get(article.get_absolute_url()).content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
        assert len(tokens) >= 3 and len(set(tokens)) == 1
        assert mira.post(save, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
        assert mira.post(save, {"csrfmiddlewaretoken": tokens[0]}).status_code in (200, 302)


def test_the_sign_in_links_of_every_page_lead_back_to_that_page(client):
    first, second = make_article(), make_article()
    for article in (first, second):
        html = client.get(article.get_absolute_url()).content.decode()
        back = f"?next=/article/{article.pk}/"
        assert html.count(f'/accounts/login/{back}"') == 2  # the header's link and a save link
        assert f'/accounts/signup/{back}"' in html
        assert f'/accounts/login/{back}%23comments">Sign in to comment' in html


def test_a_path_that_must_be_quoted_is_linked_back_to_quoted():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from newsdesk.reader.personal import part

    request = RequestFactory().get("/zürich <post>/")
    request.user = AnonymousUser()
    header = part(request, "account")
    assert '/accounts/login/?next=/z%C3%BCrich%20%3Cpost%3E/"' in header
    assert "7310519223372036" not in header


def test_a_lists_save_toggles_are_the_ones_the_save_button_swaps_in():
    """A list's save toggles are written once per page for saved and unsaved cards: each is the
    very form a click on it answers with (htmx swaps one for the other), for its own article,
    back to the page it is on, with the reader's token."""
    source = make_source("Harbour Gazette")
    kept, other = make_article(source), make_article(source)
    mira = signed_in("mira")
    Bookmark.objects.create(user=get_user_model().objects.get(username="mira"), article=kept)
    url = f"{source.get_absolute_url()}?from=mail&to=<me>"
    html = mira.get(url).content.decode()
    forms = re.findall(r'<form class="inline-form toggle".*?</form>', html)
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)[0]
    for article, saved in ((kept, True), (other, False)):
        request = RequestFactory().get(url)
        request.META["CSRF_COOKIE"] = "unused"
        answer = bookmark_form(request, article.pk, saved=saved, back=request.get_full_path())
        expected = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', rf"\g<1>{token}", answer)
        assert expected in forms
        assert f'action="{reverse("following:bookmark", args=[article.pk])}"' in expected
        back = f"{source.get_absolute_url()}?from=mail&amp;to=%3Cme%3E"
        assert f'name="next" value="{back}"' in expected


def test_a_signed_in_readers_article_page_reads_their_state_with_its_comments():
    """Beyond the session, read with the account, one statement: the article's comments and
    the reader's saved articles, follows and unread alerts, each shown as they are."""
    article, other = make_article(), make_article()
    story = make_story(article, other)
    mira = signed_in("mira")
    user = get_user_model().objects.get(username="mira")
    Bookmark.objects.create(user=user, article=article)
    Follow.objects.create(user=user, kind="story", story=story)
    Notification.objects.create(user=user, article=other, reason="story")
    for n in (1, 2):
        Comment.objects.create(article=article, user=user, body=f"Comment {n} <b>.")
    mira.get(article.get_absolute_url())  # the page is cached
    with CaptureQueriesContext(connection) as queries:
        html = mira.get(article.get_absolute_url()).content.decode()
    assert len(queries) == 2
    assert "Saved ✓" in html and "Following this story ✓" in html
    assert re.search(r"Alerts\D*1\b", html)
    assert html.index("Comment 1 &lt;b&gt;.") < html.index("Comment 2 &lt;b&gt;.")
