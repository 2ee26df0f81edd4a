"""A page's CSRF token (``newsdesk.serving.csrf``) is Django's: the reader's secret under a new
random mask, a new secret when the reader has none, the cookie set on the response either way,
every character as likely as any other. Django's middleware accepting it on a post is held by
``tests/reader/test_personal.py``."""

from __future__ import annotations

from collections import Counter

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from newsdesk.serving.csrf import _random_chars, masked_token

SECRET = "Ab3" * 10 + "zZ"


def test_a_token_is_the_readers_secret_masked_anew_each_time():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = SECRET
    first, second = masked_token(request), masked_token(request)
    assert first != second
    for token in (first, second):
        assert len(token) == CSRF_TOKEN_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET
    assert request.META["CSRF_COOKIE"] == SECRET
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_reader_without_a_secret_gets_a_new_one_for_the_cookie():
    request = RequestFactory().get("/")
    token = masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(masked_token(request)) == secret


def test_every_character_is_drawn_as_often_as_any_other():
    """A chi-square test over 124,000 characters: drawing ``byte % 62`` from every byte would
    favour the first eight characters by a quarter and score about 800; uniform draws score
    about 61, and above 125 one time in a million."""
    per_char = 2000
    drawn = Counter("".join(_random_chars(62) for _ in range(per_char)))
    assert set(drawn) == set(CSRF_ALLOWED_CHARS)
    score = sum((count - per_char) ** 2 / per_char for count in drawn.values())
    assert score < 125
