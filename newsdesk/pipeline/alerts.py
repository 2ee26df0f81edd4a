"""Alerts against the archive: check each newly indexed article against readers' followed
stories and saved searches, and file one notification per reader and article.

An article is due once indexed (saved searches read the index) and until ``alerted_at`` is set.
The notifications and the mark are written in one transaction, and a notification is unique per
reader and article: a worker killed mid-batch leaves nothing half-done, and a batch run twice
adds nothing the second time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from newsdesk.following.models import Follow, Notification
from newsdesk.news import fulltext
from newsdesk.news.models import Article
from newsdesk.search import parse


def due(now: datetime) -> QuerySet[Article]:
    return Article.objects.filter(alerted_at__isnull=True, indexed_at__isnull=False).order_by("id")


def alert_articles(article_ids: Sequence[int]) -> int:
    """Notify followers of the given articles; returns how many notifications were new."""
    articles = list(
        Article.objects.filter(pk__in=article_ids, alerted_at__isnull=True).only(
            "id", "story_id", "source_id", "published_at", "duplicate_of_id"
        )
    )
    fresh = [a for a in articles if a.duplicate_of_id is None]
    notes = _story_notes(fresh) + _search_notes(fresh)
    with transaction.atomic():
        before = Notification.objects.count()
        Notification.objects.bulk_create(notes, ignore_conflicts=True)
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(
            alerted_at=timezone.now(), lease_until=None
        )
        return Notification.objects.count() - before


def _story_notes(articles: list[Article]) -> list[Notification]:
    """A report is news to a story's followers when it is its outlet's first in the story."""
    story_ids = {a.story_id for a in articles if a.story_id}
    follows = list(Follow.objects.filter(kind=Follow.Kind.STORY, story_id__in=story_ids))
    if not follows:
        return []
    first_by_outlet: dict[tuple[int, int], tuple[datetime, int]] = {}
    reports = Article.objects.filter(story_id__in={f.story_id for f in follows})
    for story_id, source_id, published, article_id in reports.values_list(
        "story_id", "source_id", "published_at", "id"
    ):
        key = (story_id, source_id)
        first_by_outlet[key] = min(
            first_by_outlet.get(key, (published, article_id)), (published, article_id)
        )
    return [
        Notification(user_id=f.user_id, article_id=a.pk, reason=Notification.Reason.STORY, follow=f)
        for a in articles
        if a.story_id and first_by_outlet.get((a.story_id, a.source_id), (None, a.pk))[1] == a.pk
        for f in follows
        if f.story_id == a.story_id
    ]


def _search_notes(articles: list[Article]) -> list[Notification]:
    """Saved searches are run once per distinct query, on the new articles only."""
    if not articles:
        return []
    ids = [a.pk for a in articles]
    follows = list(Follow.objects.filter(kind=Follow.Kind.SEARCH))
    by_query: dict[str, list[Follow]] = {}
    for follow in follows:
        by_query.setdefault(follow.query, []).append(follow)
    notes = []
    for query, followers in by_query.items():
        parsed = parse(query)
        if not parsed.include:
            continue
        for article_id, _ in fulltext.matching(parsed, len(ids), within=ids):
            notes += [
                Notification(
                    user_id=f.user_id,
                    article_id=article_id,
                    reason=Notification.Reason.SEARCH,
                    follow=f,
                )
                for f in followers
            ]
    return notes
