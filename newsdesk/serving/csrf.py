"""The CSRF token of a page's forms, as Django's ``get_token`` makes it, drawn faster.

Every page a signed-in reader opens carries a token (its save, follow and comment forms), masked
anew for each response so that a compressed page never shows the same secret twice (BREACH).
Django draws the mask's 32 characters, and a new secret's, one ``secrets.choice`` at a time,
each a read of the system's random source: some 40 us a token, 80 with a new secret, of a
signed-in request to a cached page that costs about 1 ms in all. Here each is drawn from one
read of the same source, as uniformly (a byte is used only below the largest multiple of the
alphabet's length), and the rest is Django's: the secret is the CSRF cookie's (or a new one,
which the middleware then sets, as ``get_token`` has it do), masked as Django masks it and
checked by Django's middleware as any other token.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_COUNT = len(CSRF_ALLOWED_CHARS)
_POSITION = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Bytes from here up would favour the alphabet's first characters.
_UNBIASED = 256 - 256 % _COUNT


def masked_token(request: HttpRequest) -> str:
    """A token for the request's forms, like ``django.middleware.csrf.get_token``: the
    request's CSRF secret masked anew, the secret made first if the reader has none; either
    way the middleware sets the cookie on the response (which renews its expiry)."""
    meta = request.META
    secret = meta.get("CSRF_COOKIE") or _random_chars(CSRF_SECRET_LENGTH)
    meta["CSRF_COOKIE"] = secret
    meta["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return _masked(secret)


def _masked(secret: str) -> str:
    """The secret under a new random mask, as Django's ``_mask_cipher_secret`` writes it."""
    mask = _random_chars(len(secret))
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_POSITION[char] + _POSITION[over]) % _COUNT]
        for char, over in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _random_chars(length: int) -> str:
    """``length`` characters of the CSRF alphabet, each as likely as any other."""
    chars: list[str] = []
    while len(chars) < length:
        drawn = secrets.token_bytes(length + length // 4)
        chars += [CSRF_ALLOWED_CHARS[byte % _COUNT] for byte in drawn if byte < _UNBIASED]
    return "".join(chars[:length])
