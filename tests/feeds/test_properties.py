"""Fuzzing: hostile bytes end in a clean result or our own error, never a crash."""

from __future__ import annotations

import contextlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.feeds import FeedParseError, OpmlError, parse_feed, parse_listing_page, parse_opml
from newsdesk.feeds.charset import decode
from newsdesk.feeds.markup import plain_text

URL = "https://example.com/feed.xml"
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*\b[^<>]*>")
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments that steer random input into the parsers' interesting branches.
PIECES = st.sampled_from(
    [
        '<?xml version="1.0" encoding="utf-16"?>',
        '<rss version="2.0">',
        "<channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<link>",
        "<![CDATA[",
        "]]>",
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<entry>",
        "<urlset>",
        "<url><loc>",
        "&amp;",
        "&#0;",
        "&bogus;",
        "<b>",
        "<script>",
        '{"version": "https://jsonfeed.org/version/1", "items": [',
        '{"id": 1, "title": ["x"], "url": 7}',
        "<html>",
        "\x00",
        "\ufeff",
    ]
)
XMLISH = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=30).map("".join)


@FUZZ
@given(st.binary(max_size=2000))
def test_parse_feed_raises_only_feed_parse_error_on_random_bytes(content: bytes) -> None:
    _parse_or_refuse(content)


@FUZZ
@given(XMLISH, st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_parse_feed_raises_only_feed_parse_error_on_feed_like_text(
    text: str, encoding: str
) -> None:
    _parse_or_refuse(text.encode(encoding, errors="ignore"))


@FUZZ
@given(st.text(max_size=200))
def test_entry_titles_are_free_of_markup(title: str) -> None:
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    rss = f"<rss><channel><item><guid>1</guid><title>{escaped}</title></item></channel></rss>"
    feed = _parse_or_refuse(rss.encode())
    assert feed is None or all(not TAG.search(e.title) for e in feed.entries)


@FUZZ
@given(st.text(max_size=300))
def test_plain_text_never_leaves_tags(value: str) -> None:
    assert not TAG.search(plain_text(value))


@FUZZ
@given(st.binary(max_size=500), st.one_of(st.none(), st.text(max_size=40)))
def test_decode_never_raises(content: bytes, content_type: str | None) -> None:
    assert isinstance(decode(content, content_type).text, str)


@FUZZ
@given(XMLISH)
def test_listing_and_opml_raise_only_their_own_errors(text: str) -> None:
    with contextlib.suppress(FeedParseError):
        parse_listing_page(text, URL)
    with contextlib.suppress(OpmlError):
        parse_opml(text.encode())


def _parse_or_refuse(content: bytes):
    try:
        return parse_feed(content, URL)
    except FeedParseError:
        return None
