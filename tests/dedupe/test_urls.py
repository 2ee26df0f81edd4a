"""canonicalize_url: one spelling per article URL, trackers removed, meaning kept."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from newsdesk.dedupe import canonicalize_url

TRACKERS = ["utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid", "mc_cid", "mc_eid",
            "ref", "igshid", "UTM_Content", "msclkid"]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://News.Example.COM/a", "http://news.example.com/a"),
        ("https://news.example:443/a", "https://news.example/a"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("http://news.example:8080/a", "http://news.example:8080/a"),
        ("https://news.example/a#comments", "https://news.example/a"),
        ("https://news.example/a?b=2&a=1", "https://news.example/a?a=1&b=2"),
        ("https://news.example/a?utm_source=rss&id=7&fbclid=x", "https://news.example/a?id=7"),
        ("https://news.example/a?utm_source=rss", "https://news.example/a"),
        (
            "https://news.example/search?q=tram+vote&page=2",
            "https://news.example/search?page=2&q=tram+vote",
        ),
    ],
)
def test_it_canonicalizes(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@given(urls())
def test_it_is_idempotent(url: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@given(urls(), st.lists(st.sampled_from(TRACKERS), min_size=1), st.text(max_size=10))
def test_it_removes_tracking_params(url: str, trackers: list[str], value: str) -> None:
    base = urlsplit(url)
    extra = "&".join(f"{name}={value}" for name in trackers)
    query = f"{base.query}&{extra}" if base.query else extra
    tracked = base._replace(query=query, fragment="").geturl()
    kept = {name.lower() for name, _ in parse_qsl(urlsplit(canonicalize_url(tracked)).query)}
    assert not kept & {name.lower() for name in TRACKERS}


@given(urls())
def test_it_keeps_scheme_host_and_drops_fragment(url: str) -> None:
    result = urlsplit(canonicalize_url(url))
    assert result.scheme == urlsplit(url).scheme
    assert result.hostname == urlsplit(url).hostname
    assert result.fragment == ""
