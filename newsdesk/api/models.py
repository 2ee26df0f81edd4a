"""Who may use the APIs, and what only the APIs keep of each reader: read state and the
folders Google Reader apps file subscriptions in. Saved articles are the site's own
(``following.Bookmark``), so a star in an app is a save on the site and the other way round.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from newsdesk.news.models import Article, Source


def hash_key(key: str) -> str:
    """Tokens are long random strings, so a fast hash is enough; only the hash is stored, so a
    leaked database leaks no usable token."""
    return hashlib.sha256(key.encode()).hexdigest()


class AccessToken(models.Model):
    """A secret that stands for its user: an API token, a personal feed's key, or the session
    a Google Reader app opened with ClientLogin. Revoked by deleting it."""

    class Kind(models.TextChoices):
        API = "api", "API token"
        FEED = "feed", "Personal feed key"
        READER = "reader", "Google Reader app session"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.API)
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so its owner can tell tokens apart.
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.prefix}… ({self.name or self.user})"

    def assign_key(self) -> str:
        """A new random key for this token; returned once, only its hash is kept."""
        key = secrets.token_hex(24)
        self.key_hash, self.prefix = hash_key(key), key[:8]
        return key

    @classmethod
    def issue(cls, user: User, kind: str, name: str = "") -> tuple[AccessToken, str]:
        """A new token and its key, which is shown once and never stored."""
        token = cls(user=user, kind=kind, name=name)
        key = token.assign_key()
        token.save()
        return token, key

    @classmethod
    def find(cls, key: str, kind: str) -> AccessToken | None:
        if not key:
            return None
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=hash_key(key), kind=kind, user__is_active=True)
            .order_by()
            .first()
        )
        if token is not None and (
            token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=5)
        ):
            # Stamped at most every few minutes: one write per request would be the API's
            # most expensive part.
            token.last_used_at = timezone.now()
            token.save(update_fields=["last_used_at"])
        return token


class ReaderPassword(models.Model):
    """The password Google Reader apps sign in with: separate from the site password, so an
    app never holds the key to the account, and it can be changed without signing out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_password"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"API password of {self.user}"


class ReadState(models.Model):
    """An article a reader marked read (or kept unread against the read horizon)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    is_read = models.BooleanField(default=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="read_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {'read' if self.is_read else 'unread'} {self.article_id}"


class ReadHorizon(models.Model):
    """Everything published up to ``before`` counts as read for this reader, unless a
    ReadState says otherwise: "mark all as read" moves one timestamp instead of writing a row
    per article."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    before = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} read up to {self.before:%Y-%m-%d %H:%M}"


class ReaderFolder(models.Model):
    """A reader's label on a source, as Google Reader apps file subscriptions in folders."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=100)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["user", "source", "label"], name="folder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.label}: {self.source_id}"


def read_horizon(user_id: int, window: timedelta) -> datetime:
    """The reader's horizon: the stored one, but never older than ``window`` ago, so unread
    counts stay within recent news and a new reader starts with a readable backlog."""
    floor = timezone.now() - window
    stored = ReadHorizon.objects.filter(user_id=user_id).values_list("before", flat=True).first()
    return max(stored, floor) if stored else floor
