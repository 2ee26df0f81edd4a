"""What a hostile publisher serves: compression bombs and headers dripped a byte at a time.

Bombs are built in slices of zeros, so the test process never holds the expanded body.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterator
from functools import cache
from http.server import BaseHTTPRequestHandler

import brotli

# What every bomb expands to: far past any size cap a test sets, cheap to compress.
BOMB_BYTES = 128 * 1024 * 1024
_SLICE = bytes(1024 * 1024)


def _zeros() -> Iterator[bytes]:
    return (_SLICE for _ in range(BOMB_BYTES // len(_SLICE)))


def _zlib(wbits: int, slices: Iterator[bytes]) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(compressor.compress(data) for data in slices) + compressor.flush()


def _brotli(slices: Iterator[bytes]) -> bytes:
    compressor = brotli.Compressor(quality=5)
    return b"".join(compressor.process(data) for data in slices) + compressor.finish()


_ENCODERS: dict[str, Callable[[], bytes]] = {
    "gzip": lambda: _zlib(16 + zlib.MAX_WBITS, _zeros()),
    "deflate": lambda: _zlib(zlib.MAX_WBITS, _zeros()),
    "br": lambda: _brotli(_zeros()),
    "gzip, gzip": lambda: _zlib(16 + zlib.MAX_WBITS, iter([bomb("gzip")])),
}


@cache
def bomb(content_encoding: str) -> bytes:
    """A body of ``BOMB_BYTES`` zeros under ``content_encoding`` (a few hundred bytes for br)."""
    return _ENCODERS[content_encoding]()


def drip_headers(interval: float, limit: float) -> Callable[[BaseHTTPRequestHandler], None]:
    """A handler that sends an endless header one byte every ``interval`` seconds, so no single
    read ever times out; it gives up after ``limit`` seconds so a broken test cannot hang."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        stop = time.monotonic() + limit
        try:
            while time.monotonic() < stop:
                request.wfile.write(b"a")
                request.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass  # the fetcher hung up, as it should

    return handler
