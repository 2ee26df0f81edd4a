"""SSRF guard: only public http(s) addresses, unless an admin allow-listed the host.

A feed URL is user input. Without this check a source pointed at 127.0.0.1, a 10.x admin panel
or the cloud metadata service (169.254.169.254) would make the server fetch it for the attacker.
Every redirect hop is checked again by the fetcher.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsdesk.feeds.errors import FetchError

ALLOWED_SCHEMES = frozenset({"http", "https"})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# 100.64/10 (carrier-grade NAT) is not flagged by ``is_private`` on every Python version.
_EXTRA_BLOCKED = (ipaddress.ip_network("100.64.0.0/10"),)


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
        for entry in entries:
            entry = entry.strip().lower()
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
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
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


def check_url(url: str, allow: AllowList) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) and every address of its host is public."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(url, "scheme", f"only http(s) URLs are fetched, not {parts.scheme!r}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "scheme", "URL has no host")
    if allow.allows_host(host):
        return
    for address in resolve(url, host, parts.port or 0):
        if not (is_public_address(address) or allow.allows_address(address)):
            raise FetchError(url, "ssrf", f"refusing non-public address {address} for {host}")


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
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
