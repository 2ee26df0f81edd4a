"""Concurrency limits: at most N requests in flight overall, M per host, spaced per host.

Publishers block aggregators that hammer them; a per-host semaphore plus a minimum gap between
request starts keeps us a good citizen however many workers share one ``Fetcher``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Pacer(Protocol):
    """When a request to a host may start. Pluggable because one process's clock is not enough
    when several processes fetch from the same host; this stage stays free of any storage."""

    def wait_turn(self, host: str, delay: float) -> None:
        """Block until this request's turn on ``host``: ``delay`` seconds after the previous."""
        ...


class LocalPacer:
    """Spaces request starts within this process: enough when one process talks to each host."""

    def __init__(self) -> None:
        self._next_start: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait_turn(self, host: str, delay: float) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + delay
        if start > now:
            time.sleep(start - now)


class Politeness:
    """Hands out request slots; use ``with politeness.slot(host): ...`` around each request."""

    def __init__(
        self, *, total: int, per_host: int, host_delay: float, pacer: Pacer | None = None
    ) -> None:
        self._total = threading.BoundedSemaphore(total)
        self._per_host = per_host
        self._host_delay = host_delay
        self._pacer = pacer or LocalPacer()
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, host: str, min_delay: float = 0.0) -> Iterator[None]:
        """Wait for a free slot on ``host`` and its turn, then for a global slot.

        ``min_delay`` raises the gap for this host (a robots.txt ``Crawl-delay``).
        """
        with self._host_semaphore(host):
            self._pacer.wait_turn(host, max(self._host_delay, min_delay))
            # The global slot is taken last so waiting on a slow host never blocks other hosts.
            with self._total:
                yield

    def _host_semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            semaphore = self._hosts.get(host)
            if semaphore is None:
                semaphore = self._hosts[host] = threading.BoundedSemaphore(self._per_host)
            return semaphore
