"""How the fetcher talks HTTP beneath httpx: a pool per origin, a deadline on every socket and
content decoding that expands a bounded slice at a time.

Pools: httpcore's pool re-examines all of its connections several times per request, once per
connection (quadratic in the pool's size): with 32 connections kept alive across 50 hosts that
bookkeeping cost more CPU than reading the response. A pool holding one origin's few
connections costs next to nothing; the fetcher's politeness gate still caps the total.

Deadlines: httpx's timeouts bound each socket operation, so a server dripping its headers one
byte a second holds a request for ever. Here every read, write and connect is cut to what is
left of the request's wall-clock ``deadline``, and ``InterruptibleNetwork.interrupt`` shuts every
socket down at once, for a worker that must stop now.

Decoding: httpx decodes each network chunk whole, so 2 KB of brotli turned into 2 GB before the
size cap was looked at. ``decode_content`` hands out at most ``DECODE_SLICE`` bytes per step.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import socket
import ssl
import threading
import time
import weakref
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Protocol

import httpcore
import httpx

try:
    import brotli
except ImportError:  # pragma: no cover - httpx[brotli] installs it
    brotli = None

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


_DEADLINE: ContextVar[float] = ContextVar("newsdesk_fetch_deadline", default=math.inf)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every socket operation in this block (in this thread) must end ``seconds`` from now."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _time_left(timeout: float | None, expired: type[Exception]) -> float | None:
    """An operation's own timeout, cut to what is left of the deadline; raise once none is."""
    left = _DEADLINE.get() - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline has passed")
    limit = min(left, math.inf if timeout is None else timeout)
    return None if math.isinf(limit) else limit


class InterruptibleNetwork:
    """Every socket of the fetcher's pools: each keeps to its request's deadline, and
    ``interrupt`` cuts them all from any thread, so a shutting-down worker need not wait."""

    def __init__(self) -> None:
        self._streams: weakref.WeakSet[_DeadlineStream] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.interrupted = False

    def wrap(self, backend: httpcore.NetworkBackend) -> httpcore.NetworkBackend:
        return _DeadlineBackend(backend, self)

    def interrupt(self) -> None:
        """Shut down every open socket (blocked reads return at once) and refuse new ones."""
        with self._lock:
            self.interrupted = True
            streams = list(self._streams)
        for stream in streams:
            stream.shut_down()

    def track(self, inner: httpcore.NetworkStream) -> _DeadlineStream:
        stream = _DeadlineStream(inner, self)
        with self._lock:
            self._streams.add(stream)
            interrupted = self.interrupted
        if interrupted:  # connected while ``interrupt`` ran
            stream.shut_down()
        return stream

    def forget(self, stream: _DeadlineStream) -> None:
        with self._lock:
            self._streams.discard(stream)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, network: InterruptibleNetwork) -> None:
        self._inner = inner
        self._network = network

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        if self._network.interrupted:
            raise httpcore.ConnectError("the fetcher was closed")
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        inner = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return self._network.track(inner)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, network: InterruptibleNetwork) -> None:
        self._inner = inner
        self._network = network

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._network.forget(self)
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        self._network.forget(self)
        return self._network.track(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)

    def shut_down(self) -> None:
        """Wake any thread blocked on this socket. The plain socket call, even under TLS:
        ``SSLSocket.shutdown`` would also drop the TLS state a reading thread still uses."""
        sock = self._inner.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


# The most decoded bytes one decoding step hands out, however well the body compressed.
DECODE_SLICE = 64 * 1024
# brotli 1.2 added the output bound that keeps a brotli bomb from expanding all at once.
_BOUNDED_BROTLI = brotli is not None and hasattr(brotli.Decompressor, "can_accept_more_data")
ACCEPT_ENCODING = "gzip, deflate, br" if _BOUNDED_BROTLI else "gzip, deflate"


class ContentDecodingError(Exception):
    """A body in a Content-Encoding we cannot decode, or will not (several stacked)."""


class _Decoder(Protocol):
    def step(self, data: bytes) -> bytes:
        """Take ``data`` and hand out at most about ``DECODE_SLICE`` decoded bytes."""
        ...

    def finished(self) -> bool: ...


class _Inflater:
    """gzip, zlib or raw deflate, by ``wbits``."""

    def __init__(self, wbits: int) -> None:
        self._zlib = zlib.decompressobj(wbits)

    def step(self, data: bytes) -> bytes:
        return self._zlib.decompress(self._zlib.unconsumed_tail + data, DECODE_SLICE)

    def finished(self) -> bool:
        return self._zlib.eof


class _Unbrotli:
    def __init__(self) -> None:
        if not _BOUNDED_BROTLI:
            raise ContentDecodingError("br bodies need brotli 1.2 or later")
        self._brotli = brotli.Decompressor()

    def step(self, data: bytes) -> bytes:
        return self._brotli.process(data, output_buffer_limit=DECODE_SLICE)

    def finished(self) -> bool:
        return self._brotli.is_finished()


def _has_zlib_header(head: bytes) -> bool:
    """RFC 9110's deflate is zlib-wrapped, yet some servers send raw deflate."""
    return len(head) >= 2 and head[0] & 0x0F == 8 and int.from_bytes(head[:2]) % 31 == 0


def _gunzip(head: bytes) -> _Decoder:
    return _Inflater(16 + zlib.MAX_WBITS)


_DECODERS: dict[str, Callable[[bytes], _Decoder]] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": lambda head: _Inflater(
        zlib.MAX_WBITS if _has_zlib_header(head) else -zlib.MAX_WBITS
    ),
    "br": lambda head: _Unbrotli(),
}
_DECODING_ERRORS = (zlib.error, brotli.error) if brotli is not None else (zlib.error,)


def decode_content(raw: Iterable[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """The body ``raw`` decoded a slice at a time, so a size cap stops a bomb early.

    Codings we do not know (a stray ``utf-8``) are passed through as httpx does; two stacked
    codings (``gzip, gzip``) are refused, since only a bomb needs them."""
    tokens = (token.strip().lower() for token in (content_encoding or "").split(","))
    codings = [token for token in tokens if token in _DECODERS]
    if len(codings) > 1:
        raise ContentDecodingError(f"stacked Content-Encoding {content_encoding!r} refused")
    if not codings:
        return iter(raw)
    head, raw = _peek(raw, 2)
    return _decoded(raw, _DECODERS[codings[0]](head), codings[0])


def _peek(raw: Iterable[bytes], size: int) -> tuple[bytes, Iterator[bytes]]:
    """The first ``size`` bytes (or all, if fewer), and the whole stream again."""
    chunks = iter(raw)
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= size:
            break
    return head, itertools.chain([head], chunks)


def _decoded(raw: Iterable[bytes], decoder: _Decoder, coding: str) -> Iterator[bytes]:
    """Drain each step before taking more input; ignore anything after the stream's end."""
    try:
        for chunk in raw:
            piece = decoder.step(chunk)
            while piece:
                yield piece
                piece = decoder.step(b"")
            if decoder.finished():
                return
    except _DECODING_ERRORS as exc:
        raise ContentDecodingError(f"corrupt {coding} body: {exc}") from exc
