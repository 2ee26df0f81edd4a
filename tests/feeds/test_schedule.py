"""Adaptive polling: busy feeds often, quiet feeds rarely, errors back off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.feeds import is_failing_for_days, next_check
from newsdesk.feeds.schedule import DEFAULT_INTERVAL, MAX_INTERVAL, MIN_INTERVAL

NOW = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)


def _every(gap: timedelta, count: int = 10) -> list[datetime]:
    return [NOW - gap * n for n in range(count)]


def _interval(**kwargs: object) -> timedelta:
    return next_check(NOW, **kwargs) - NOW  # type: ignore[arg-type]


def test_it_polls_a_busy_feed_as_often_as_it_publishes() -> None:
    assert _interval(recent_entry_times=_every(timedelta(minutes=20))) == timedelta(minutes=20)


def test_it_polls_a_quiet_feed_less_often() -> None:
    busy = _interval(recent_entry_times=_every(timedelta(minutes=20)))
    quiet = _interval(recent_entry_times=_every(timedelta(hours=6)))
    assert quiet == timedelta(hours=6) > busy


def test_it_slows_down_when_a_feed_stops_publishing() -> None:
    stopped = [t - timedelta(days=1) for t in _every(timedelta(minutes=20))]
    assert _interval(recent_entry_times=stopped) == timedelta(hours=12)


def test_it_uses_the_default_without_enough_history() -> None:
    assert _interval(recent_entry_times=[NOW]) == DEFAULT_INTERVAL


def test_it_stays_within_bounds() -> None:
    assert _interval(recent_entry_times=_every(timedelta(seconds=30))) == MIN_INTERVAL
    assert _interval(recent_entry_times=_every(timedelta(days=9))) == MAX_INTERVAL
    custom = _interval(
        recent_entry_times=_every(timedelta(days=9)), max_interval=timedelta(hours=2)
    )
    assert custom == timedelta(hours=2)


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ({"ttl": 60}, timedelta(hours=1)),
        ({"update_period": 120}, timedelta(hours=2)),
        ({"max_age": 1800.0}, timedelta(minutes=30)),
    ],
)
def test_it_never_polls_faster_than_the_publisher_asks(
    hint: dict[str, float], expected: timedelta
) -> None:
    assert _interval(recent_entry_times=_every(timedelta(minutes=10)), **hint) == expected


def test_it_backs_off_exponentially_on_errors() -> None:
    intervals = [_interval(error_count=n) for n in range(1, 5)]
    assert intervals == [MIN_INTERVAL * 2, MIN_INTERVAL * 4, MIN_INTERVAL * 8, MIN_INTERVAL * 16]
    assert _interval(error_count=50) == MAX_INTERVAL


def test_it_is_deterministic() -> None:
    assert next_check(NOW, error_count=3) == next_check(NOW, error_count=3)


def test_it_honours_retry_after() -> None:
    assert _interval(error_count=1, retry_after=7200.0) == timedelta(hours=2)
    assert _interval(retry_after=60.0) == DEFAULT_INTERVAL


def test_it_flags_sources_failing_for_days() -> None:
    assert is_failing_for_days(NOW - timedelta(days=3), NOW)
    assert not is_failing_for_days(NOW - timedelta(days=2), NOW)
    assert not is_failing_for_days(None, NOW)
    assert is_failing_for_days(NOW - timedelta(hours=2), NOW, threshold=timedelta(hours=1))
