"""Concurrency limits: at most N requests in flight overall, M per host, spaced per host.

Publishers block aggregators that hammer them; a per-host semaphore plus a minimum gap between
request starts keeps us a good citizen however many workers share one ``Fetcher``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(slots=True)
class _HostSlot:
    semaphore: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0


class Politeness:
    """Hands out request slots; use ``with politeness.slot(host): ...`` around each request."""

    def __init__(self, *, total: int, per_host: int, host_delay: float) -> None:
        self._total = threading.BoundedSemaphore(total)
        self._per_host = per_host
        self._host_delay = host_delay
        self._hosts: dict[str, _HostSlot] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, host: str, min_delay: float = 0.0) -> Iterator[None]:
        """Wait for a free slot on ``host`` and its turn, then for a global slot.

        ``min_delay`` raises the gap for this host (a robots.txt ``Crawl-delay``).
        """
        host_slot = self._host_slot(host)
        with host_slot.semaphore:
            self._wait_turn(host_slot, max(self._host_delay, min_delay))
            # The global slot is taken last so waiting on a slow host never blocks other hosts.
            with self._total:
                yield

    def _host_slot(self, host: str) -> _HostSlot:
        with self._lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = _HostSlot(threading.BoundedSemaphore(self._per_host))
            return slot

    def _wait_turn(self, slot: _HostSlot, delay: float) -> None:
        with slot.lock:
            now = time.monotonic()
            start = max(now, slot.next_start)
            slot.next_start = start + delay
        if start > now:
            time.sleep(start - now)
