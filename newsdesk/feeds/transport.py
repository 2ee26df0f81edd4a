"""One small connection pool per origin instead of one large pool for every host.

httpcore's pool re-examines all of its connections several times per request, once per
connection (quadratic in the pool's size): with 32 connections kept alive across 50 hosts that
bookkeeping cost more CPU than reading the response. A pool holding one origin's few
connections costs next to nothing; the fetcher's politeness gate still caps the total.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import httpx

# Pools kept at once; the least recently used idle one is closed beyond this, so a worker that
# visits thousands of hosts does not hold a socket open to each of them.
MAX_ORIGINS = 256

_Origin = tuple[bytes, bytes, int | None]


class PerOriginTransport(httpx.BaseTransport):
    """Routes each request to its origin's own transport, built on first use by ``build``."""

    def __init__(
        self, build: Callable[[], httpx.HTTPTransport], max_origins: int = MAX_ORIGINS
    ) -> None:
        self._build = build
        self._max_origins = max_origins
        self._transports: OrderedDict[_Origin, httpx.HTTPTransport] = OrderedDict()
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transport_for(request.url).handle_request(request)

    def close(self) -> None:
        with self._lock:
            transports = list(self._transports.values())
            self._transports.clear()
        for transport in transports:
            transport.close()

    def __len__(self) -> int:
        return len(self._transports)

    def _transport_for(self, url: httpx.URL) -> httpx.HTTPTransport:
        origin = (url.raw_scheme, url.raw_host, url.port)
        with self._lock:
            transport = self._transports.get(origin)
            if transport is None:
                transport = self._transports[origin] = self._build()
                self._close_idle_beyond_limit()
            self._transports.move_to_end(origin)
            return transport

    def _close_idle_beyond_limit(self) -> None:
        """Close the least recently used pools with nothing in flight (a busy one is kept)."""
        for origin in list(self._transports)[: max(0, len(self._transports) - self._max_origins)]:
            transport = self._transports[origin]
            if all(connection.is_idle() for connection in transport._pool.connections):
                del self._transports[origin]
                transport.close()
