"""Each reader's read and saved articles, shared by the JSON API and the Google Reader API
(saved is the site's own Saved list).

An article is read when the reader said so, or when it was published before their read
horizon (see ``ReadHorizon``) and they did not keep it unread.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from newsdesk.api.models import ReadHorizon, ReadState, read_horizon
from newsdesk.following.models import Bookmark
from newsdesk.news.models import Article


def _window() -> timedelta:
    return timedelta(days=settings.API_UNREAD_DAYS)


def horizon(user_id: int) -> datetime:
    return read_horizon(user_id, _window())


def unread(articles: QuerySet[Article], user_id: int) -> QuerySet[Article]:
    """``articles`` less those the reader has read."""
    states = ReadState.objects.filter(user_id=user_id)
    read = states.filter(is_read=True).values("article_id")
    kept_unread = states.filter(is_read=False).values("article_id")
    return articles.filter(Q(published_at__gt=horizon(user_id)) | Q(pk__in=kept_unread)).exclude(
        pk__in=read
    )


def saved(articles: QuerySet[Article], user_id: int) -> QuerySet[Article]:
    return articles.filter(pk__in=Bookmark.objects.filter(user_id=user_id).values("article_id"))


def read_ids(user_id: int, articles: Iterable[Article]) -> set[int]:
    """Which of ``articles`` (already loaded) the reader has read: one query."""
    articles = list(articles)
    states = dict(
        ReadState.objects.filter(
            user_id=user_id, article_id__in=[a.pk for a in articles]
        ).values_list("article_id", "is_read")
    )
    line = horizon(user_id)
    return {a.pk for a in articles if states.get(a.pk, a.published_at <= line)}


def saved_ids(user_id: int, article_ids: Iterable[int]) -> set[int]:
    return set(
        Bookmark.objects.filter(user_id=user_id, article_id__in=list(article_ids)).values_list(
            "article_id", flat=True
        )
    )


def set_read(user_id: int, article_ids: Iterable[int], is_read: bool) -> None:
    ids = list(article_ids)
    now = timezone.now()
    with transaction.atomic():
        ReadState.objects.filter(user_id=user_id, article_id__in=ids).update(
            is_read=is_read, changed_at=now
        )
        ReadState.objects.bulk_create(
            [
                ReadState(user_id=user_id, article_id=i, is_read=is_read, changed_at=now)
                for i in ids
            ],
            ignore_conflicts=True,
        )


def set_saved(user_id: int, article_ids: Iterable[int], is_saved: bool) -> None:
    ids = list(article_ids)
    if is_saved:
        Bookmark.objects.bulk_create(
            [Bookmark(user_id=user_id, article_id=i) for i in ids], ignore_conflicts=True
        )
    else:
        Bookmark.objects.filter(user_id=user_id, article_id__in=ids).delete()


def mark_all_read(user_id: int, before: datetime | None = None) -> None:
    """Everything published up to ``before`` (default now) becomes read: the horizon moves and
    the per-article states it covers are dropped."""
    before = before or timezone.now()
    with transaction.atomic():
        stored = ReadHorizon.objects.filter(user_id=user_id).first()
        if stored is None or stored.before < before:
            ReadHorizon.objects.update_or_create(user_id=user_id, defaults={"before": before})
        ReadState.objects.filter(user_id=user_id, article__published_at__lte=before).delete()


def mark_stream_read(
    user_id: int, articles: QuerySet[Article], before: datetime | None = None
) -> int:
    """Part of the archive (one source, one folder) read up to ``before``: a row per unread
    article, which the unread window keeps bounded."""
    before = before or timezone.now()
    ids = list(
        unread(articles, user_id).filter(published_at__lte=before).values_list("pk", flat=True)
    )
    set_read(user_id, ids, True)
    return len(ids)
