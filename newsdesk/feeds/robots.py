"""robots.txt rules per origin, cached with a time to live.

Rules follow RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx,
timeout) disallows everything for a short while, because the site may be in trouble. That
temporary stop is raised as its real cause (``http_503``, ``timeout``, ...), not as a disallow,
so an admin sees why the source is not fetched and the scheduler retries it later.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from newsdesk.feeds.errors import FetchError

# Fetches an absolute robots.txt URL and returns (status, body text); raises FetchError.
RobotsLoader = Callable[[str], tuple[int, str]]

_ALLOW_ALL = Protego.parse("")
_UNREACHABLE_TTL = 600.0


@dataclass(frozen=True, slots=True)
class _Entry:
    """An origin's rules, or why its robots.txt could not be read (then fetching waits)."""

    rules: Protego | FetchError
    expires_at: float


class RobotsCache:
    """Answers "may we fetch this URL?" and loads each origin's robots.txt at most once per TTL."""

    def __init__(self, load: RobotsLoader, user_agent: str, ttl: float = 3600.0) -> None:
        self._load = load
        self._user_agent = user_agent
        self._ttl = ttl
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def allows(self, url: str) -> bool:
        """Raises ``FetchError`` (the robots.txt failure) while the origin's file is unreachable."""
        return self._rules_for(url).can_fetch(url, self._user_agent)

    def crawl_delay(self, url: str) -> float | None:
        """Seconds the site asks between requests (``Crawl-delay``), if it says."""
        delay = self._rules_for(url).crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None

    def _rules_for(self, url: str) -> Protego:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(origin)
        if entry is None or entry.expires_at <= now:
            # Loaded outside the lock: two threads may both load a cold origin, which is harmless.
            entry = self._fetch(origin, now)
            with self._lock:
                self._entries[origin] = entry
        if isinstance(entry.rules, FetchError):
            raise _unreachable(url, entry.rules)
        return entry.rules

    def _fetch(self, origin: str, now: float) -> _Entry:
        robots_url = f"{origin}/robots.txt"
        try:
            status, text = self._load(robots_url)
        except FetchError as error:
            return _Entry(error, now + _UNREACHABLE_TTL)
        if 200 <= status < 300:
            return _Entry(Protego.parse(text), now + self._ttl)
        if 400 <= status < 500:
            return _Entry(_ALLOW_ALL, now + self._ttl)
        failure = FetchError(robots_url, f"http_{status}", f"HTTP {status}")
        return _Entry(failure, now + _UNREACHABLE_TTL)


def _unreachable(url: str, failure: FetchError) -> FetchError:
    """The robots.txt failure, told against the URL we were asked to fetch."""
    message = f"robots.txt unreachable, not fetching for now: {failure.message}"
    return FetchError(url, failure.reason, message, retry_after=failure.retry_after)
