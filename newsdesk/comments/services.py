"""Posting a comment: the rules a comment must pass before it is stored."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from newsdesk.comments.models import Comment
from newsdesk.news.models import Article


class CommentRefused(Exception):
    """The comment was not stored; the message is shown to the reader as is."""


def post_comment(article: Article, user: User, body: str) -> Comment:
    """Store a comment after checking length and the per-reader rate limit.

    The limit is counted in the database rather than a cache so it holds across any number of
    web processes without a shared cache server. Counting and storing are one transaction that
    holds the reader's row, so simultaneous posts are counted one after the other and never
    pass the limit together.
    """
    body = body.strip()
    if not body:
        raise CommentRefused("Your comment is empty.")
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise CommentRefused(
            f"Your comment is {len(body):,} characters long; "
            f"the limit is {settings.COMMENT_MAX_LENGTH:,}."
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        window_start = timezone.now() - timedelta(seconds=settings.COMMENT_RATE_WINDOW_SECONDS)
        recent = Comment.objects.filter(user=user, created_at__gte=window_start).count()
        if recent >= settings.COMMENT_RATE_LIMIT:
            minutes = max(1, settings.COMMENT_RATE_WINDOW_SECONDS // 60)
            raise CommentRefused(
                f"You have posted {recent} comments in the last {minutes} minutes. "
                "Please wait a little before posting again."
            )
        return Comment.objects.create(article=article, user=user, body=body)
