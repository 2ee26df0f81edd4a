from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsdesk.news.models import Article


class Comment(models.Model):
    """A signed-in reader's comment. Stored as plain text; rendered escaped with safe links."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    is_hidden = models.BooleanField(default=False, help_text="Hidden by a moderator.")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "created_at"], name="comment_article_idx")]

    def __str__(self) -> str:
        return f"{self.user} on {self.article_id}: {self.body[:40]}"
