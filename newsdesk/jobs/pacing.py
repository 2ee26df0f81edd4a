"""Per-host pacing shared through the database, so that all worker processes (on all machines
sharing the database) keep one host's delay together instead of each on its own."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from newsdesk.jobs.models import HostPace


class DatabasePacer:
    """A ``Pacer`` whose turns are reserved in ``HostPace`` rows."""

    def wait_turn(self, host: str, delay: float) -> None:
        # No delay, nothing to coordinate: spare the database a write per request.
        if delay <= 0:
            return
        wait = (reserve_turn(host, delay) - timezone.now()).total_seconds()
        if wait > 0:
            time.sleep(wait)


def next_turn(now: datetime, next_request_at: datetime, delay: float) -> tuple[datetime, datetime]:
    """This request's start and the host's next free start: a request never starts before
    ``now``, nor closer than ``delay`` to the one reserved before it."""
    start = max(now, next_request_at)
    return start, start + timedelta(seconds=delay)


def reserve_turn(host: str, delay: float) -> datetime:
    """Reserve the next start on ``host`` in one short transaction and return it.

    The caller sleeps after the commit, so the SQLite write lock (taken at the start of the
    IMMEDIATE transaction, which is what makes this atomic there) is never held while waiting.
    On PostgreSQL the row lock orders concurrent reservations; the insert of a new host's row
    waits for a concurrent one and then does nothing."""
    with transaction.atomic():
        HostPace.objects.bulk_create([HostPace(host=host)], ignore_conflicts=True)
        pace = HostPace.objects.select_for_update().get(host=host)
        start, pace.next_request_at = next_turn(timezone.now(), pace.next_request_at, delay)
        pace.save(update_fields=["next_request_at"])
    return start
