"""Timestamps from feeds as timezone-aware UTC datetimes (or ``None`` when unusable)."""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime

# Dates outside this range are typos or placeholders ("0001-01-01"); treat them as unknown.
_EARLIEST_YEAR = 1990
_LATEST_YEAR = 2100


def to_utc(value: object) -> datetime | None:
    """Accept a ``struct_time`` (UTC, as feedparser gives), ISO 8601 or RFC 822 text."""
    when: datetime | None
    if isinstance(value, time.struct_time):
        when = datetime(*value[:6], tzinfo=UTC)
    elif isinstance(value, str) and value.strip():
        when = _from_text(value.strip())
    else:
        return None
    if when is None or not _EARLIEST_YEAR <= when.year <= _LATEST_YEAR:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _from_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
