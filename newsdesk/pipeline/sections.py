"""Sections against the archive: file an article in the sections ``nlp.topics`` gives it, and
place the whole archive again (articles enriched before sections existed, or after the
section descriptions changed) from the embeddings already stored, without re-embedding."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from django.db import transaction

from newsdesk.lib.vectors import from_blob
from newsdesk.news.models import Article, ArticleSection
from newsdesk.nlp.topics import sections_for

REBUILD_CHUNK = 2000


def file_sections(placed: Sequence[tuple[int, datetime, Sequence[str]]]) -> None:
    """File each (article id, published at, its sections) in one statement for them all."""
    ArticleSection.objects.bulk_create(
        [link for article in placed for link in _links(*article)], ignore_conflicts=True
    )


def _links(
    article_id: int, published_at: datetime, sections: Sequence[str]
) -> list[ArticleSection]:
    return [
        ArticleSection(article_id=article_id, section=section, published_at=published_at)
        for section in sections
    ]


def rebuild() -> int:
    """Place every enriched article afresh; returns how many. Each chunk is replaced in one
    transaction, so a section page never misses an article that was placed before."""
    done = 0
    last_id = 0
    while True:
        rows = [
            (pk, published_at, blob)
            for pk, published_at, blob in Article.objects.filter(
                pk__gt=last_id, enriched_at__isnull=False, embedding__isnull=False
            )
            .order_by("id")
            .values_list("id", "published_at", "embedding")[:REBUILD_CHUNK]
            if blob is not None  # excluded by the query; said again for the type checker
        ]
        if not rows:
            return done
        placed = sections_for(np.stack([from_blob(blob) for _, _, blob in rows]))
        with transaction.atomic():
            ArticleSection.objects.filter(article_id__in=[pk for pk, _, _ in rows]).delete()
            ArticleSection.objects.bulk_create(
                link
                for (pk, published_at, _), sections in zip(rows, placed, strict=True)
                for link in _links(pk, published_at, sections)
            )
        done += len(rows)
        last_id = rows[-1][0]
