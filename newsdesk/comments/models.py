from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsdesk.news.models import Article


class Comment(models.Model):
    """A signed-in reader's comment. Stored as plain text; rendered escaped with safe links."""

    # Indexed first in ``comment_page_idx``, which serves what an index of its own would.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    is_hidden = models.BooleanField(default=False, help_text="Hidden by a moderator.")

    class Meta:
        ordering = ["created_at", "id"]
        # An article page reads the newest shown comments of one article, in order, and
        # counts them: a range of this index, whatever the article's or archive's size.
        indexes = [
            models.Index(
                fields=["article", "is_hidden", "-created_at", "-id"], name="comment_page_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.article_id}: {self.body[:40]}"
