"""The search index against the archive: index each enriched article (and again whenever the
publisher changes its words), and rebuild the whole index on demand.

An article is due when it is enriched and its ``indexed_at`` is empty: enrichment leaves it
empty, and an update by the publisher (recorded as an ``ArticleRevision``, whichever stage
notices it) empties it again. Stories are joined at query time, so a
merge or split needs no re-indexing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from newsdesk.news import fulltext
from newsdesk.news.models import Article, ArticleRevision

REBUILD_CHUNK = 2000


def due(now: datetime) -> QuerySet[Article]:
    return Article.objects.filter(indexed_at__isnull=True, enriched_at__isnull=False).order_by("id")


def index_articles(article_ids: Sequence[int]) -> int:
    """Index the given articles' current words and mark them done; returns how many."""
    with transaction.atomic():
        fulltext.write(article_ids)
        return Article.objects.filter(pk__in=article_ids).update(
            indexed_at=timezone.now(), lease_until=None
        )


def reindex_revised(
    sender: type[ArticleRevision], instance: ArticleRevision, **kwargs: object
) -> None:
    """A revision means the publisher changed the article's words: index it again. Runs in
    the transaction that stores the new words, so the stage never sees one without the other."""
    Article.objects.filter(pk=instance.article_id).update(indexed_at=None)


def rebuild() -> int:
    """Index every enriched article afresh; returns how many. Searches during a rebuild find
    what is indexed so far."""
    fulltext.clear()
    done = 0
    last_id = 0
    while True:
        chunk = list(
            Article.objects.filter(pk__gt=last_id, enriched_at__isnull=False)
            .order_by("id")
            .values_list("id", flat=True)[:REBUILD_CHUNK]
        )
        if not chunk:
            return done
        done += index_articles(chunk)
        last_id = chunk[-1]
