"""Turn due rows into queued tasks. Safe to run in every worker at once (see leases)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from newsdesk.jobs import leases, tasks
from newsdesk.lib.iterables import batched
from newsdesk.pipeline.steps import STAGES


def enqueue_due(now: datetime | None = None) -> int:
    """Queue a task for every batch of due rows of every stage; returns the count."""
    now = now or timezone.now()
    queued = 0
    for stage in STAGES:
        row_ids = list(leases.claim(stage.due(now), now))
        for batch in batched(row_ids, stage.batch_size):
            tasks.run_stage.enqueue(stage.name, batch)
            queued += 1
        if row_ids and stage.after is not None:
            tasks.finish_stage.enqueue(stage.name)
            queued += 1
    return queued
