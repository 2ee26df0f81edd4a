"""One fetcher per process, configured from settings."""

from __future__ import annotations

import threading
from functools import lru_cache

from django.conf import settings

from newsdesk.feeds import FetchConfig, Fetcher
from newsdesk.feeds.fetch import user_agent_for
from newsdesk.feeds.politeness import Pacer


def fetch_config() -> FetchConfig:
    return FetchConfig(
        user_agent=user_agent_for(settings.FETCH_USER_AGENT_CONTACT),
        allowed_private_hosts=tuple(settings.FETCH_ALLOWED_PRIVATE_HOSTS),
        max_bytes=settings.FETCH_MAX_BYTES,
        connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
        read_timeout=settings.FETCH_READ_TIMEOUT,
        per_host_delay=settings.FETCH_PER_HOST_DELAY,
        per_host_connections=settings.FETCH_PER_HOST_CONNECTIONS,
    )


_building = threading.Lock()
# None: the fetcher spaces requests per host within this process only.
_pacer: Pacer | None = None


@lru_cache(maxsize=1)
def _fetcher() -> Fetcher:
    return Fetcher(fetch_config(), pacer=_pacer)


def use_pacer(pacer: Pacer | None) -> None:
    """Space this process's requests per host with ``pacer`` from now on (None: within this
    process only).

    The worker passes one shared through the database: any number of workers may fetch from
    one host at once, so only a shared clock keeps the host's delay. The foreground ingest
    gives each host to one process and keeps the cheaper in-process pacing."""
    global _pacer
    _pacer = pacer
    reset_fetcher()


def shared_fetcher() -> Fetcher:
    """The process-wide fetcher: its per-host limits only work if everyone shares it. The lock
    keeps pool threads starting together from each building their own."""
    with _building:
        return _fetcher()


def reset_fetcher() -> None:
    """Forget the fetcher, so the next one is built from the settings as they are now."""
    with _building:
        if _fetcher.cache_info().currsize:
            _fetcher().close()
        _fetcher.cache_clear()
