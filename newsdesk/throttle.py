"""Rate limits shared by every web process: counters in a database cache table, so a limit
holds across processes and machines without a cache server.

A limit is a fixed window: the first hit starts it, and it allows ``count`` hits until it
ends. Counting is not strictly atomic (the database cache reads and writes), so a burst of
simultaneous requests may pass a few over the limit, never many.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches


@dataclass(frozen=True)
class Limit:
    """``count`` hits per ``seconds`` for each key, under the name ``name``."""

    name: str
    count: int
    seconds: int

    @property
    def minutes(self) -> int:
        """The window in whole minutes, for messages."""
        return max(1, round(self.seconds / 60))


def _key(limit: Limit, who: str) -> str:
    return f"throttle:{limit.name}:{who}"


def hit(limit: Limit, who: str) -> bool:
    """Count one hit for ``who``; True when this hit is over the limit."""
    cache = caches["throttle"]
    key = _key(limit, who)
    cache.add(key, 0, timeout=limit.seconds)
    try:
        return cache.incr(key) > limit.count
    except ValueError:  # the window ended between the two calls: this hit starts a new one
        cache.set(key, 1, timeout=limit.seconds)
        return limit.count < 1


def exhausted(limit: Limit, who: str) -> bool:
    """True when ``who`` has used up the limit (without counting a hit)."""
    return int(caches["throttle"].get(_key(limit, who), 0)) >= limit.count
