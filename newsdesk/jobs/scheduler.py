"""Turn due rows into queued tasks. Safe to run in every worker at once (see leases)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

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


def fail_abandoned_tasks(now: datetime | None = None) -> int:
    """Mark failed the task rows left running by a worker that died (killed with -9, or its
    machine lost); returns how many. Their work is not lost: the rows' leases ran out, so the
    scheduler has queued it again. Without this the rows would show as running forever."""
    now = now or timezone.now()
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.WORK_LEASE_SECONDS),
    )
    return abandoned.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="newsdesk.jobs.WorkerLost",
        traceback="The worker running this task stopped before finishing it; the work was "
        "queued again when its lease ran out.",
    )
