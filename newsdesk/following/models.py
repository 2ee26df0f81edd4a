"""A reader's follows, saved articles and alerts.

Every row belongs to one reader and is unique for what it points at, so a double click, a
retried request or a re-run of the alerts stage never makes a second row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from newsdesk.news.models import Article, Hashtag, Source, Story


class Follow(models.Model):
    """One thing a reader follows: a source, a hashtag, a story, or a saved search."""

    class Kind(models.TextChoices):
        SOURCE = "source", "Source"
        HASHTAG = "hashtag", "Hashtag"
        STORY = "story", "Story"
        SEARCH = "search", "Saved search"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE)
    hashtag = models.ForeignKey(Hashtag, null=True, blank=True, on_delete=models.CASCADE)
    story = models.ForeignKey(Story, null=True, blank=True, on_delete=models.CASCADE)
    query = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source"], condition=Q(kind="source"), name="follow_source_once"
            ),
            models.UniqueConstraint(
                fields=["user", "hashtag"], condition=Q(kind="hashtag"), name="follow_tag_once"
            ),
            models.UniqueConstraint(
                fields=["user", "story"], condition=Q(kind="story"), name="follow_story_once"
            ),
            models.UniqueConstraint(
                fields=["user", "query"], condition=Q(kind="search"), name="follow_search_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "story"], name="follow_story_idx")]

    def __str__(self) -> str:
        target = self.source or self.hashtag or self.story or f"“{self.query}”"
        return f"{self.user_id} follows {target}"


class Bookmark(models.Model):
    """An article a reader saved to read later."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="bookmark_once")]
        indexes = [models.Index(fields=["user", "-saved_at"], name="saved_recent_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.article_id}"


class ReaderState(models.Model):
    """When the reader last opened the Following page: what arrived since is "new"."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    following_seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} saw following at {self.following_seen_at}"


class Notification(models.Model):
    """An alert: a new outlet reported a followed story, or a new article matched a saved
    search. One per reader and article, whatever the reasons, however often the stage runs."""

    class Reason(models.TextChoices):
        STORY = "story", "New outlet on a story you follow"
        SEARCH = "search", "New match for a saved search"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    follow = models.ForeignKey(Follow, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The email that carries this alert, if any: each alert is in one digest at most.
    digest = models.ForeignKey(
        "DigestEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="notification_once")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_reason_display()} ({self.article_id})"


class DigestSubscription(models.Model):
    """A reader's wish to get their unread alerts by email, every hour or every day. The
    digests stage claims the row (``lease_until``) once ``next_at`` has passed."""

    class Frequency(models.TextChoices):
        HOURLY = "hourly", "Every hour"
        DAILY = "daily", "Once a day"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # Alerts from this moment on are emailed: switching digests on never mails a backlog.
    since = models.DateTimeField(default=timezone.now)
    next_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["next_at"], name="digest_due_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} gets alerts {self.get_frequency_display().lower()}"


class DigestEmail(models.Model):
    """One digest email, written down with its alerts before it is sent: a retry after a
    crash sends this email with exactly these alerts, and new alerts go to the next one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "sent_at"], name="digest_unsent_idx")]

    def __str__(self) -> str:
        return f"digest {self.pk} for {self.user_id}"
