"""Claiming work with leases: the database is the queue's source of truth.

A row is due when its state says so (a feed's ``next_check_at`` has passed, an article's page
is pending, an article is not yet enriched) and nobody holds its lease. Claiming is one atomic
``UPDATE ... WHERE lease is free``, so any number of schedulers on any number of machines hand
each row to exactly one worker. A worker that dies simply lets its lease run out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from newsdesk.news.limits import PARAMS_PER_QUERY, in_chunks

# Rows leased per transaction.
CLAIM_CHUNK = PARAMS_PER_QUERY


def _lease_free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def claim(
    queryset: QuerySet, now: datetime | None = None, limit: int = 500, at_least: int = 0
) -> Iterator[int]:
    """Yield the ids of ``queryset``'s rows that nobody holds and this process managed to
    lease, at most ``limit``, in order; none unless ``at_least`` of them are free.

    A chunk of rows is leased in one transaction: re-read which of them are still free and
    lease those. SQLite's IMMEDIATE transactions let no other writer in between the two
    statements; on PostgreSQL the rows are locked (rows another claimer holds are skipped).
    Row by row, a pass of thousands of pages spent seconds on one commit each."""
    now = now or timezone.now()
    until = now + timedelta(seconds=settings.WORK_LEASE_SECONDS)
    model = queryset.model
    due = list(queryset.filter(_lease_free(now)).values_list("id", flat=True)[:limit])
    if len(due) < at_least:
        return
    for chunk in in_chunks(due, CLAIM_CHUNK):
        with transaction.atomic():
            free = model.objects.select_for_update(skip_locked=True).filter(
                _lease_free(now), pk__in=chunk
            )
            claimed = set(free.values_list("id", flat=True))
            model.objects.filter(pk__in=claimed).update(lease_until=until)
        yield from (row_id for row_id in chunk if row_id in claimed)


def release(queryset: QuerySet, ids: list[int]) -> int:
    """Free the leases of the rows of ``ids`` that ``queryset`` still finds due (claimed but
    not finished, as when a pass is interrupted), so the next run takes them at once instead
    of waiting for the leases to run out; returns how many."""
    released = 0
    for chunk in in_chunks(ids, CLAIM_CHUNK):
        unfinished = list(queryset.filter(pk__in=chunk).values_list("id", flat=True))
        released += queryset.model.objects.filter(pk__in=unfinished).update(lease_until=None)
    return released


def leased_elsewhere(queryset: QuerySet, now: datetime | None = None) -> int:
    """How many of ``queryset``'s rows someone else holds a lease on right now."""
    return queryset.filter(lease_until__gte=now or timezone.now()).count()
