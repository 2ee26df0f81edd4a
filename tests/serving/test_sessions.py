"""Sessions are read by one statement written out, with what Django's database backend gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

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
