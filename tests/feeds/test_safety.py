"""The SSRF guard: which addresses are public, and what the admin allow-list opens."""

from __future__ import annotations

import ipaddress

import pytest

from newsdesk.feeds import FetchConfig, Fetcher, FetchError
from newsdesk.feeds import fetch as fetch_module
from newsdesk.feeds.safety import AllowList, check_url, is_public_address
from tests.feeds.conftest import LocalServer


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::",
    ],
)
def test_it_refuses_non_public_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700:4700::1111", "2002:5db8:d822::1", "64:ff9b::5db8:d822"]
)
def test_it_accepts_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def test_it_refuses_host_names_that_resolve_to_loopback() -> None:
    with pytest.raises(FetchError) as caught:
        check_url("http://localhost/feed", AllowList())
    assert caught.value.reason == "ssrf"


def test_it_allows_listed_host_names_and_networks() -> None:
    allow = AllowList.from_entries(["LocalHost", "10.0.0.0/8"])
    check_url("http://localhost/feed", allow)
    check_url("http://10.9.8.7/feed", allow)
    with pytest.raises(FetchError):
        check_url("http://192.168.0.1/feed", allow)


def test_it_reports_unresolvable_hosts() -> None:
    with pytest.raises(FetchError) as caught:
        check_url("http://no-such-host.invalid/feed", AllowList())
    assert caught.value.reason == "dns"


def test_the_socket_refuses_what_the_url_check_let_through(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name was public at check time, loopback at connect time."""
    monkeypatch.setattr(fetch_module, "check_url", lambda url, allow: None)
    url = server.serve("/feed", b"<rss/>")
    with Fetcher(FetchConfig(respect_robots=False)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.reason == "ssrf" and caught.value.url == url
    assert server.requests == []


@pytest.mark.parametrize("url", ["http://[::1", "http://example.com:99999/", "http:///path"])
def test_it_reports_malformed_urls(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, AllowList())
    assert caught.value.reason == "invalid_url"


@pytest.mark.parametrize("host", ["0x7f.1", "2130706433", "LOCALHOST", "[::ffff:127.0.0.1]"])
def test_it_sees_through_odd_spellings_of_loopback(host: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(f"http://{host}/feed", AllowList())
    assert caught.value.reason == "ssrf"


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::1",  # 6to4 carrying 127.0.0.1
        "2002:a00:1::",  # 6to4 carrying 10.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 carrying 169.254.169.254
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "64:ff9b::7f00:1",  # NAT64 carrying 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 carrying 169.254.169.254
    ],
)
def test_it_refuses_ipv6_addresses_that_carry_a_private_ipv4(address: str) -> None:
    """A 6to4 relay or NAT64 gateway delivers these to the IPv4 address inside them."""
    assert not is_public_address(ipaddress.ip_address(address))
