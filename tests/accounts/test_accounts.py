"""Sign up, sign in, sign out and change the password."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

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
