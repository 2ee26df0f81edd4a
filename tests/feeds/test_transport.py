"""One small pool per origin: hosts never share a pool, and idle pools beyond the cap close."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from newsdesk.feeds.safety import AllowList, guarded_transport
from newsdesk.feeds.transport import PerOriginTransport
from tests.feeds.conftest import LocalServer

LOOPBACK = AllowList.from_entries(["127.0.0.1"])


@pytest.fixture
def servers() -> Iterator[list[LocalServer]]:
    """Three origins: the same address on three ports."""
    started = [LocalServer() for _ in range(3)]
    for server in started:
        server.serve("/", b"ok")
        server.start()
    yield started
    for server in started:
        server.stop()


def pool_of_two() -> httpx.HTTPTransport:
    return guarded_transport(LOOPBACK, httpx.Limits(max_connections=2))


def test_each_origin_gets_its_own_pool(servers: list[LocalServer]) -> None:
    transport = PerOriginTransport(pool_of_two)
    with httpx.Client(transport=transport) as client:
        for server in [*servers, *servers]:
            assert client.get(server.url("/")).text == "ok"
        assert len(transport) == 3


def test_idle_pools_beyond_the_cap_are_closed_and_rebuilt_when_needed(
    servers: list[LocalServer],
) -> None:
    transport = PerOriginTransport(pool_of_two, max_origins=2)
    with httpx.Client(transport=transport) as client:
        for server in servers:
            client.get(server.url("/"))
        assert len(transport) == 2
        assert client.get(servers[0].url("/")).text == "ok"
        assert len(transport) == 2


def test_the_guard_still_refuses_private_addresses_per_origin(server: LocalServer) -> None:
    transport = PerOriginTransport(
        lambda: guarded_transport(AllowList.from_entries([]), httpx.Limits())
    )
    with httpx.Client(transport=transport) as client, pytest.raises(Exception, match="refusing"):
        client.get(server.url("/"))
    assert server.requests == []
