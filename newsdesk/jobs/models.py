"""The jobs' own state in the database: what every worker process must agree on."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class HostPace(models.Model):
    """When the next request to one host may start, shared by all workers on all machines:
    each process alone keeping the per-host delay would let N workers hit a host N times as
    often."""

    host = models.CharField(max_length=255, primary_key=True)
    next_request_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.host} from {self.next_request_at:%H:%M:%S}"
