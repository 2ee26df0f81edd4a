from __future__ import annotations

import pytest

from newsdesk.api.models import AccessToken


@pytest.fixture
def token(reader):
    """An API token of the reader: its key."""
    return AccessToken.issue(reader, AccessToken.Kind.API, "tests")[1]


@pytest.fixture
def api(client, token):
    """A client that sends the reader's token, as a program would."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def staff_api(client, staff):
    key = AccessToken.issue(staff, AccessToken.Kind.API)[1]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client
