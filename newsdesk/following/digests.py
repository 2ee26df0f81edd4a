"""Email digests of alerts, the reader's side: switching them on or off, and the signed
unsubscribe token every digest carries (it works without signing in, and never expires, so
a link in an old email still unsubscribes)."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from newsdesk.following.models import DigestSubscription

_SALT = "newsdesk.following.digest-unsubscribe"


def digest_frequency(user_id: int) -> str:
    """The reader's digest frequency, or "" when they get none."""
    chosen = DigestSubscription.objects.filter(user_id=user_id).values_list("frequency", flat=True)
    return chosen.first() or ""


def set_digest(user_id: int, frequency: str) -> None:
    """Send the reader digests at ``frequency`` (hourly, daily), or none for anything else.
    A new subscription starts with the alerts that arrive from now on."""
    if frequency not in DigestSubscription.Frequency.values:
        DigestSubscription.objects.filter(user_id=user_id).delete()
        return
    now = timezone.now()
    DigestSubscription.objects.update_or_create(
        user_id=user_id,
        defaults={"frequency": frequency},
        create_defaults={"frequency": frequency, "since": now, "next_at": now},
    )


def unsubscribe_token(user_id: int) -> str:
    """The same token in every digest to the reader (no timestamp: it never expires)."""
    return signing.Signer(salt=_SALT).sign_object(user_id)


def unsubscribe_path(user_id: int) -> str:
    return reverse("following:unsubscribe", args=[unsubscribe_token(user_id)])


def reader_of_token(token: str) -> int | None:
    """The reader a token was made for, or None for a forged or mangled one."""
    try:
        user_id = signing.Signer(salt=_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None
