"""Sign up, sign in, sign out and change the password."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from newsdesk.accounts.backends import ThrottledModelBackend

pytestmark = pytest.mark.django_db
PASSWORD = "harbour-lights-2026"


def test_signing_up_creates_an_account_and_signs_in(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "mira", "password1": PASSWORD, "password2": PASSWORD, "next": "/"},
        follow=True,
    )
    assert get_user_model().objects.filter(username="mira").exists()
    assert "Signed in as <strong>mira</strong>" in response.content.decode()


def test_sign_up_never_redirects_off_site(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "mira",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_a_weak_password_is_refused_with_a_reason(client):
    response = client.post(
        "/accounts/signup/", {"username": "mira", "password1": "1234", "password2": "1234"}
    )
    assert "This password is too short" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_signing_in_and_out(client, reader):
    response = client.post(
        "/accounts/login/",
        {"username": "reader", "password": "a-long-test-password"},
        follow=True,
    )
    assert "Signed in as <strong>reader</strong>" in response.content.decode()
    response = client.post("/accounts/logout/", follow=True)
    assert "Sign in" in response.content.decode()
    assert "Signed in as" not in response.content.decode()


def test_changing_the_password(signed_in_client, reader):
    response = signed_in_client.post(
        "/accounts/password/",
        {
            "old_password": "a-long-test-password",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_the_signed_in_reader_is_read_as_the_orm_reads_them(django_user_model):
    made = django_user_model.objects.create_user("mira", password=PASSWORD, is_staff=True)
    made.last_login = made.date_joined
    made.save()
    read = ThrottledModelBackend().get_user(made.pk)
    expected = django_user_model.objects.get(pk=made.pk)
    assert read is not None and not read._state.adding and read._state.db == "default"
    for field in django_user_model._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
        assert type(getattr(read, field.attname)) is type(getattr(expected, field.attname))
    assert read.get_session_auth_hash() == expected.get_session_auth_hash()


def test_an_unknown_or_inactive_account_is_nobody(django_user_model):
    gone = django_user_model.objects.create_user("mira", password=PASSWORD, is_active=False)
    assert ThrottledModelBackend().get_user(gone.pk) is None
    assert ThrottledModelBackend().get_user(gone.pk + 1) is None


def test_a_reader_whose_password_changed_elsewhere_is_signed_out(client, django_user_model):
    reader = django_user_model.objects.create_user("mira", password=PASSWORD)
    assert client.login(username="mira", password=PASSWORD)
    assert "Signed in as <strong>mira</strong>" in client.get("/").content.decode()
    reader.set_password("another-harbour-2027")
    reader.save()
    assert "Signed in as" not in client.get("/").content.decode()
