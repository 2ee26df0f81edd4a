"""When to poll a feed next: pure, deterministic arithmetic on what we know about it.

* Busy feeds are polled about as often as they publish (mean gap between recent entries);
  a feed that has gone quiet slows down with the time since its newest entry.
* Publisher hints (RSS ``<ttl>``, ``sy:updatePeriod``, ``Cache-Control: max-age``) are floors:
  polling faster than a publisher asks is impolite and finds nothing new.
* Errors back off exponentially (no jitter, so tests and operators can predict it); a
  ``Retry-After`` from a 429/503 is honoured.
* Every result is clamped to ``[min_interval, max_interval]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

__all__ = [
    "DEFAULT_INTERVAL",
    "MAX_INTERVAL",
    "MIN_INTERVAL",
    "is_failing_for_days",
    "next_check",
]

MIN_INTERVAL = timedelta(minutes=5)
MAX_INTERVAL = timedelta(hours=24)
# Used until a feed has at least two dated entries.
DEFAULT_INTERVAL = timedelta(hours=1)
# Only the most recent gaps describe the current pace of a feed.
RECENT_ENTRIES = 20
FAILING_AFTER = timedelta(days=3)


def next_check(
    now: datetime,
    *,
    recent_entry_times: Iterable[datetime] = (),
    ttl: int | None = None,
    update_period: int | None = None,
    max_age: float | None = None,
    retry_after: float | None = None,
    error_count: int = 0,
    min_interval: timedelta = MIN_INTERVAL,
    max_interval: timedelta = MAX_INTERVAL,
) -> datetime:
    """The time of the next poll; ``ttl``/``update_period`` in minutes, the others seconds."""
    if error_count > 0:
        interval = _backoff(error_count, min_interval, max_interval)
    else:
        interval = _activity_interval(now, recent_entry_times)
        interval = max(interval, *_publisher_floors(ttl, update_period, max_age))
    if retry_after is not None:
        interval = max(interval, timedelta(seconds=retry_after))
    return now + min(max(interval, min_interval), max_interval)


def _activity_interval(now: datetime, entry_times: Iterable[datetime]) -> timedelta:
    times = sorted(t for t in entry_times if t <= now)[-RECENT_ENTRIES:]
    if len(times) < 2:
        return DEFAULT_INTERVAL
    mean_gap = (times[-1] - times[0]) / (len(times) - 1)
    # A feed that stopped publishing should not keep its old, busy pace.
    quiet_for = (now - times[-1]) / 2
    return max(mean_gap, quiet_for)


def _publisher_floors(
    ttl: int | None, update_period: int | None, max_age: float | None
) -> list[timedelta]:
    floors = [timedelta(0)]
    if ttl:
        floors.append(timedelta(minutes=ttl))
    if update_period:
        floors.append(timedelta(minutes=update_period))
    if max_age:
        floors.append(timedelta(seconds=max_age))
    return floors


def _backoff(error_count: int, min_interval: timedelta, max_interval: timedelta) -> timedelta:
    """``min_interval`` doubled per consecutive error: 10 min, 20 min, 40 min ... ``max``."""
    doublings = min(error_count, 32)  # 2**32 * 5 min already exceeds any sane maximum
    return min(min_interval * 2**doublings, max_interval)


def is_failing_for_days(
    first_error_at: datetime | None, now: datetime, *, threshold: timedelta = FAILING_AFTER
) -> bool:
    """True when a feed has failed without a success since ``first_error_at`` for too long.

    The caller stores ``first_error_at`` on the first failure and clears it on success; the
    flag is what the admin sees as "this source is broken".
    """
    return first_error_at is not None and now - first_error_at >= threshold
