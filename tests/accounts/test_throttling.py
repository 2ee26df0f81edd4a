"""Sign-in and sign-up throttling: password guessing and mass sign-up are refused with a clear
message, per account and per address, on the site's sign-in and the admin's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db
PASSWORD = "harbour-lights-2026"
REFUSED = "Too many failed sign-ins for this account or from your address"


@pytest.fixture
def mira():
    return get_user_model().objects.create_user("mira", password=PASSWORD)


def sign_in(client, username: str, password: str, **headers: str):
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


def test_it_refuses_the_right_password_after_too_many_wrong_ones(client, mira, settings):
    for attempt in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert sign_in(client, "mira", f"wrong-{attempt}").status_code == 200
    response = sign_in(client, "mira", PASSWORD)
    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_account_guessed_at_from_many_addresses(client, mira, settings):
    for attempt in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        sign_in(client, "Mira", "wrong", REMOTE_ADDR=f"198.51.100.{attempt}")
    assert sign_in(client, "mira", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429


def test_it_refuses_an_address_trying_many_accounts(client, mira, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for number in range(4):
        sign_in(client, f"someone-{number}", "wrong", REMOTE_ADDR="198.51.100.7")
    assert sign_in(client, "mira", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert sign_in(client, "mira", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_it_throttles_the_admins_sign_in_too(client, settings):
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 200  # the form again, not the redirect into the admin
    assert "_auth_user_id" not in client.session


def test_it_limits_the_accounts_one_address_creates(client, settings):
    settings.SIGNUPS_PER_ADDRESS = 3
    for number in range(3):
        fields = {"username": f"reader{number}", "password1": PASSWORD, "password2": PASSWORD}
        assert client.post("/accounts/signup/", fields).status_code == 302
        client.logout()
    fields = {"username": "reader9", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post("/accounts/signup/", fields)
    assert response.status_code == 429
    assert "Only 3 accounts may be created from one address" in response.content.decode()
    assert not get_user_model().objects.filter(username="reader9").exists()
    other = client.post("/accounts/signup/", fields, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_it_tells_clients_apart_by_the_trusted_proxys_header(client, mira, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    # The left part of the header is the client's to write: only the proxy's entry counts.
    for forged in ("1.1.1.1", "2.2.2.2"):
        sign_in(client, "nobody", "wrong", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7")
    blocked = sign_in(client, "mira", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert blocked.status_code == 429
    assert sign_in(client, "mira", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302
