"""The usual username and password sign-in, refused while a sign-in limit holds."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from newsdesk.accounts.throttling import login_refused


class ThrottledModelBackend(ModelBackend):
    """Covers every sign-in form (the site's and the admin's): once an account or an address
    has failed too often, even the right password is refused until the window ends."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if login_refused(request, username if username is not None else kwargs.get("username")):
            raise PermissionDenied  # ends the sign-in: no other backend is asked
        return super().authenticate(request, username, password, **kwargs)
