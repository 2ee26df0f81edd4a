"""Sessions are read by one statement written out, with what Django's database backend gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.accounts.backends import ThrottledModelBackend
from newsdesk.serving import sessions
from newsdesk.serving.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_site_reads_its_sessions_with_this_store():
    assert settings.SESSION_ENGINE == "newsdesk.serving.sessions"


def test_a_saved_session_reads_back_as_it_was_written():
    written = SessionStore()
    written["reader"] = {"name": "mira", "ids": [1, 2]}
    written.create()
    read = SessionStore(written.session_key)
    assert read["reader"] == {"name": "mira", "ids": [1, 2]}
    assert read.session_key == written.session_key


def test_an_expired_session_reads_as_empty_and_its_key_is_forgotten():
    written = SessionStore()
    written["reader"] = "mira"
    written.create()
    Session.objects.filter(pk=written.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    read = SessionStore(written.session_key)
    assert read.load() == {}
    assert read.session_key is None


def test_an_unknown_key_reads_as_empty():
    read = SessionStore("x" * 32)
    assert read.load() == {} and read.session_key is None


def test_a_signed_in_reader_stays_signed_in_until_they_sign_out(client, django_user_model):
    django_user_model.objects.create_user("mira", password="long-password-1")
    assert client.login(username="mira", password="long-password-1")
    assert "Signed in as <strong>mira</strong>" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Signed in as" not in client.get("/").content.decode()


def signed_in_reads(client) -> list[str]:
    """The statements a signed-in request to a cached page runs."""
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert "Signed in as <strong>mira</strong>" in client.get("/").content.decode()
    return [query["sql"] for query in captured]


def test_a_signed_in_reader_is_read_with_their_session_once_the_process_knows_it(
    client, django_user_model
):
    mira = django_user_model.objects.create_user("mira", password="long-password-1")
    client.force_login(mira)
    statements = signed_in_reads(client)
    user_table = django_user_model._meta.db_table
    assert [sql for sql in statements if "django_session" in sql and user_table in sql]
    assert not [sql for sql in statements if f'FROM "{user_table}"' in sql]


def test_a_reader_whose_password_changed_elsewhere_is_signed_out(client, django_user_model):
    """The row read along is this request's: Django's check of the session against the
    reader's password hash sees the new hash at once."""
    mira = django_user_model.objects.create_user("mira", password="long-password-1")
    client.force_login(mira)
    signed_in_reads(client)
    mira.set_password("another-long-password-2")
    mira.save()
    assert "Signed in as" not in client.get("/").content.decode()


def test_a_reader_made_inactive_is_nobody_at_their_next_request(client, django_user_model):
    mira = django_user_model.objects.create_user("mira", password="long-password-1")
    client.force_login(mira)
    signed_in_reads(client)
    django_user_model.objects.filter(pk=mira.pk).update(is_active=False)
    assert "Signed in as" not in client.get("/").content.decode()


def test_a_session_is_read_as_naming_its_own_reader_whatever_the_process_remembered(
    client, django_user_model
):
    mira = django_user_model.objects.create_user("mira", password="long-password-1")
    other = django_user_model.objects.create_user("zoltan", password="long-password-3")
    client.force_login(mira)
    signed_in_reads(client)
    sessions._NAMED[client.session.session_key] = str(other.pk)
    html = client.get("/").content.decode()
    assert "Signed in as <strong>mira</strong>" in html and "zoltan" not in html


def test_a_row_read_along_is_never_taken_by_a_later_request(client, django_user_model):
    mira = django_user_model.objects.create_user("mira", password="long-password-1")
    client.force_login(mira)
    signed_in_reads(client)
    store = SessionStore(client.session.session_key)
    store.load()  # reads mira's row along, which no get_user takes
    SessionStore()  # the next request's store
    with CaptureQueriesContext(connection) as captured:
        assert ThrottledModelBackend().get_user(mira.pk) == mira
    assert len(captured) == 1
