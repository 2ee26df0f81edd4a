"""Turn due rows into queued tasks. Safe to run in every worker at once (see leases)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from newsdesk.jobs import leases, tasks

# Models run several times faster on batches; 32 keeps one task short enough to retry cheaply.
ENRICH_BATCH = 32


def enqueue_due(now: datetime | None = None) -> int:
    """Queue a task for every due feed, pending page and unenriched article; returns the count."""
    now = now or timezone.now()
    queued = 0
    for feed_id in leases.claim(leases.due_feeds(now), now):
        tasks.refresh_feed.enqueue(feed_id)
        queued += 1
    for article_id in leases.claim(leases.pending_pages(now), now):
        tasks.process_page.enqueue(article_id)
        queued += 1
    article_ids = list(leases.claim(leases.unenriched_articles(now), now))
    for start in range(0, len(article_ids), ENRICH_BATCH):
        tasks.enrich.enqueue(article_ids[start : start + ENRICH_BATCH])
        queued += 1
    if article_ids:
        # New reports may show that two stories are one event, or that one drifted into two.
        tasks.consolidate_stories.enqueue()
        queued += 1
    return queued
