"""Who is calling the JSON API, and how often.

Programs send ``Authorization: Bearer <token>`` (tokens are made and revoked on the account
page or in the admin); the site's own pages call with their session cookie (and CSRF token for
writes). Each token (or signed-in reader) gets ``API_RATE_LIMIT`` requests a minute; the next
one is answered ``429`` with ``Retry-After``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from newsdesk import throttle
from newsdesk.api.models import AccessToken
from newsdesk.throttle import Limit

RATE_WINDOW_SECONDS = 60


class RateLimited(Exception):
    """Too many requests in this window; ``retry_after`` seconds until the next one."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limit reached, retry in {retry_after} s")
        self.retry_after = retry_after


def count_request(who: str) -> None:
    """Count one request for ``who`` in the current minute; raise when over the limit.

    Counted in each web process's memory: the shared throttle table would add a database
    write to every read, so with N processes a token gets up to N times the limit."""
    window = int(time.time() // RATE_WINDOW_SECONDS)
    key = f"api-rate:{who}:{window}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS * 2)
    if cache.incr(key) > settings.API_RATE_LIMIT:
        raise RateLimited(RATE_WINDOW_SECONDS * (window + 1) - int(time.time()))


def count_shared(limit: Limit, who: str) -> None:
    """Count one hit against a limit every web process shares (sign-in attempts, questions,
    which the site counts there too); raise when over it."""
    if throttle.hit(limit, who):
        raise RateLimited(limit.seconds)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>`` with an API token."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        found = AccessToken.find(token, AccessToken.Kind.API)
        if found is None:
            return None
        count_request(f"token:{found.pk}")
        request.user = found.user
        return found.user


class Session(SessionAuth):
    """The site's own calls: the signed-in reader, CSRF-checked, rate-limited per reader."""

    def authenticate(self, request: HttpRequest, key: str | None) -> AbstractBaseUser | None:
        user = request.user
        if isinstance(user, AnonymousUser) or not user.is_authenticated:
            return None
        count_request(f"user:{user.pk}")
        return user


def signed_in(request: HttpRequest) -> User:
    """The caller's user (set by whichever auth accepted the request)."""
    user = request.user
    assert isinstance(user, User), "api: authentication runs before every view"
    return user
