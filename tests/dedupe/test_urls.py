"""canonicalize_url: one spelling per article URL, trackers removed, meaning kept."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from newsdesk.dedupe import canonicalize_url

TRACKERS = ["utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid", "dclid", "mc_cid",
            "mc_eid", "ref", "ref_src", "igshid", "UTM_Content", "msclkid", "_ga", "yclid",
            "spm", "cmpid", "ocid"]  # fmt: skip

# Anything a feed may put after "http://": hosts with odd ports, broken IPv6 literals,
# whitespace, percent signs, unicode, fragments and query separators.
messy_http_urls = st.builds(
    "{}://{}{}{}".format,
    st.sampled_from(["http", "https", "HTTP", "hTtPs"]),
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(["", ":80", ":443", ":8080", ":99999", ":x", "]", "[::1", "@", ":"]),
    st.text(st.characters(codec="utf-8"), max_size=40),
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://News.Example.COM/a", "http://news.example.com/a"),
        ("https://news.example:443/a", "https://news.example/a"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("http://news.example:8080/a", "http://news.example:8080/a"),
        ("https://news.example:80/a", "https://news.example:80/a"),
        ("http://[2001:db8::1]:80/a", "http://[2001:db8::1]/a"),
        ("https://news.example/a#comments", "https://news.example/a"),
        ("https://news.example/a?", "https://news.example/a"),
        ("https://news.example/a?#top", "https://news.example/a"),
        ("https://news.example/a?b=2&a=1", "https://news.example/a?a=1&b=2"),
        ("https://news.example/a?utm_source=rss&id=7&fbclid=x", "https://news.example/a?id=7"),
        ("https://news.example/a?utm_source=rss", "https://news.example/a"),
        ("https://news.example/a?tag=b&tag=a&gclid=1", "https://news.example/a?tag=a&tag=b"),
        ("https://news.example/a?UTM_Medium=x&Ref=y&page=2", "https://news.example/a?page=2"),
        ("  https://news.example/a  ", "https://news.example/a"),
        (
            "https://news.example/search?q=tram+vote&page=2",
            "https://news.example/search?page=2&q=tram+vote",
        ),
    ],
)
def test_it_canonicalizes(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example:99999/a#x",
        "http://[::1/a",
        "https://",
        "http://a b/?#",
        "http://:80\x08#",
    ],
)
def test_a_url_w3lib_cannot_parse_comes_back_trimmed(url: str) -> None:
    canonical = canonicalize_url(url)
    assert "#" not in canonical and not canonical.endswith("?")
    assert canonicalize_url(canonical) == canonical


@given(urls())
def test_it_is_idempotent(url: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@given(messy_http_urls)
def test_it_never_raises_and_stays_idempotent_on_messy_urls(url: str) -> None:
    once = canonicalize_url(url)
    assert isinstance(once, str)
    assert canonicalize_url(once) == once


@given(st.text())
def test_it_never_raises_on_any_string(text: str) -> None:
    assert isinstance(canonicalize_url(text), str)


@given(urls(), st.lists(st.sampled_from(TRACKERS), min_size=1), st.text(max_size=10))
def test_it_removes_tracking_params(url: str, trackers: list[str], value: str) -> None:
    base = urlsplit(url)
    extra = "&".join(f"{name}={value}" for name in trackers)
    query = f"{base.query}&{extra}" if base.query else extra
    tracked = base._replace(query=query, fragment="").geturl()
    kept = {name.lower() for name, _ in parse_qsl(urlsplit(canonicalize_url(tracked)).query)}
    assert not kept & {name.lower() for name in TRACKERS}


@given(urls(), st.dictionaries(st.sampled_from(["id", "page", "q", "tag"]), st.text(max_size=8)))
def test_it_keeps_meaningful_params(url: str, params: dict[str, str]) -> None:
    with_params = urlsplit(url)._replace(query=urlencode(params), fragment="").geturl()
    query = urlsplit(canonicalize_url(with_params)).query
    assert parse_qsl(query, keep_blank_values=True) == sorted(params.items())


@given(urls())
def test_it_keeps_scheme_host_and_drops_fragment(url: str) -> None:
    result = urlsplit(canonicalize_url(url))
    assert result.scheme == urlsplit(url).scheme
    assert result.hostname == urlsplit(url).hostname
    assert result.fragment == ""
    assert "#" not in canonicalize_url(url)
