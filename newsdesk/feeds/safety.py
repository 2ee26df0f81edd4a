"""SSRF guard: only public http(s) addresses, unless an admin allow-listed the host.

A feed URL is user input. Without this check a source pointed at 127.0.0.1, a 10.x admin panel
or the cloud metadata service (169.254.169.254) would make the server fetch it for the attacker.
Every redirect hop is checked again by the fetcher (``check_url``), and the socket itself only
ever connects to an address that passed the same test (``guarded_transport``), so a DNS answer
that changes between the check and the connection ("DNS rebinding") cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from newsdesk.feeds.errors import FetchError

ALLOWED_SCHEMES = frozenset({"http", "https"})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# 100.64/10 (carrier-grade NAT) is not flagged by ``is_private`` on every Python version.
_EXTRA_BLOCKED = (ipaddress.ip_network("100.64.0.0/10"),)
# NAT64's well-known prefix (RFC 6052): a gateway delivers these to the IPv4 in the last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class AllowList:
    """Host names and networks an admin trusts even though they are not public."""

    hostnames: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> AllowList:
        """Split admin entries into IP networks (``10.0.0.0/8``, ``::1``) and host names."""
        hostnames: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip().lower() for e in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hostnames.add(entry.rstrip("."))
        return cls(frozenset(hostnames), tuple(networks))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hostnames

    def allows_address(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses only."""
    if isinstance(address, ipaddress.IPv6Address):
        address = _carried_ipv4(address) or address
    blocked = (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or any(address in network for network in _EXTRA_BLOCKED)
    )
    return address.is_global and not blocked


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a mapped, 6to4 or NAT64 address really reaches: judged instead of it.

    Teredo (2001::/32) needs no unwrapping: the whole prefix is refused as non-global."""
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.ipv4_mapped or address.sixtofour


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL: the only kind we store to fetch or render as a link
    (a ``javascript:`` site URL from an import would run in the reader's browser)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.netloc)


def check_url(url: str, allow: AllowList) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) and every address of its host is public."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range"
        raise FetchError(url, "invalid_url", f"invalid URL: {exc}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(url, "scheme", f"only http(s) URLs are fetched, not {parts.scheme!r}")
    if not host:
        raise FetchError(url, "invalid_url", "URL has no host")
    permitted_addresses(url, host, port or 0, allow)


def permitted_addresses(url: str, host: str, port: int, allow: AllowList) -> list[IPAddress]:
    """The addresses of ``host``, or ``FetchError`` if any of them is off limits."""
    addresses = resolve(url, host, port)
    if allow.allows_host(host):
        return addresses
    for address in addresses:
        if not (is_public_address(address) or allow.allows_address(address)):
            raise FetchError(url, "ssrf", f"refusing non-public address {address} for {host}")
    return addresses


def resolve(url: str, host: str, port: int) -> list[IPAddress]:
    """All addresses ``host`` resolves to; an IP literal resolves to itself without DNS."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, "dns", f"cannot resolve {host}: {exc}") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses that pass the SSRF test, resolved at connection time."""

    def __init__(self, allow: AllowList) -> None:
        self._allow = allow

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = permitted_addresses(f"{host}:{port}", host, port, self._allow)
        # TLS still verifies the certificate against ``host``: httpcore passes the origin's
        # name as server_hostname, whatever address the socket connected to.
        return super().connect_tcp(str(addresses[0]), port, timeout, local_address, socket_options)


def guarded_transport(
    allow: AllowList,
    limits: httpx.Limits,
    ssl_context: ssl.SSLContext | None = None,
    *,
    wrap: Callable[[httpcore.NetworkBackend], httpcore.NetworkBackend] | None = None,
) -> httpx.HTTPTransport:
    """An httpx transport whose sockets pass the SSRF test; no proxies from the environment.

    Pass one ``ssl_context`` to many transports: building one loads the CA bundle (~10 ms).
    ``wrap`` may add to the guarded network backend (the fetcher's deadlines), never replace it."""
    backend = _GuardedBackend(allow)
    ssl_context = ssl_context or httpx.create_ssl_context(trust_env=False)
    transport = httpx.HTTPTransport(verify=ssl_context, limits=limits, trust_env=False)
    # httpx offers no public hook for the network backend, so the pool it built is replaced
    # by an identical one with our backend (same arguments as HTTPTransport's own).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=wrap(backend) if wrap else backend,
    )
    return transport
