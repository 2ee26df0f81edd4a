"""OPML import and export."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.feeds import OpmlError, OpmlFeed, parse_opml, write_opml

OPML_2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="News">
    <outline text="World">
      <outline type="rss" text="BBC World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"
               htmlUrl="https://www.bbc.co.uk/news/world"/>
    </outline>
    <outline type="rss" text="NPR" title="NPR News" xmlUrl="https://feeds.npr.org/1001/rss.xml"/>
  </outline>
  <outline type="rss" text="Loose" xmlUrl="https://example.com/feed" category="/Tech/Web,/Other"/>
  <outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
</body></opml>"""

OPML_1 = b"""<opml version="1.0"><head><title>Old</title></head><body>
<outline title="Blog" xmlUrl="http://blog.example.com/rss" htmlUrl="http://blog.example.com/"/>
</body></opml>"""


def test_it_reads_nested_folders_as_categories() -> None:
    document = parse_opml(OPML_2)
    assert document.title == "My feeds"
    assert document.feeds == [
        OpmlFeed(
            "BBC World",
            "https://feeds.bbci.co.uk/news/world/rss.xml",
            "https://www.bbc.co.uk/news/world",
            "News/World",
        ),
        OpmlFeed("NPR News", "https://feeds.npr.org/1001/rss.xml", None, "News"),
        OpmlFeed("Loose", "https://example.com/feed", None, "Tech/Web"),
    ]


def test_it_reads_opml_1() -> None:
    feeds = parse_opml(OPML_1).feeds
    assert feeds == [OpmlFeed("Blog", "http://blog.example.com/rss", "http://blog.example.com/")]


def test_it_round_trips_through_write_opml() -> None:
    feeds = parse_opml(OPML_2).feeds
    written = write_opml(feeds, title="Export", now=datetime(2025, 4, 1, tzinfo=UTC))
    again = parse_opml(written)
    assert again.title == "Export" and again.feeds == feeds
    assert b'<opml version="2.0">' in written and b"Tue, 01 Apr 2025 00:00:00 GMT" in written


@pytest.mark.parametrize("content", [b"", b"<html><body/></html>", b"<opml version='2.0'/>"])
def test_it_refuses_what_is_not_opml(content: bytes) -> None:
    with pytest.raises(OpmlError, match="feeds: opml: "):
        parse_opml(content)


def test_it_does_not_expand_entities() -> None:
    hostile = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/hostname"><!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<opml version="2.0"><head><title>&xxe;&c;</title></head><body>
<outline text="x" xmlUrl="https://example.com/feed"/></body></opml>"""
    document = parse_opml(hostile)
    assert "aaaa" not in document.title and len(document.title) < 10
    assert [feed.xml_url for feed in document.feeds] == ["https://example.com/feed"]


@pytest.mark.parametrize(
    "site", ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "java\tscript:x()"]
)
def test_it_keeps_only_http_site_urls(site: str) -> None:
    """A site URL is rendered as a link: anything but http(s) would run in the reader's page."""
    hostile = f"""<opml version="2.0"><head/><body>
<outline text="Evil" xmlUrl="https://example.com/feed" htmlUrl="{site}"/></body></opml>"""
    assert parse_opml(hostile.encode()).feeds == [
        OpmlFeed("Evil", "https://example.com/feed", None, None)
    ]


def test_it_refuses_folders_nested_too_deep_instead_of_importing_nothing() -> None:
    depth = 300
    feed = '<outline text="Deep" xmlUrl="https://example.com/feed"/>'
    body = '<outline text="f">' * depth + feed + "</outline>" * depth
    deep = f'<opml version="2.0"><head/><body>{body}</body></opml>'.encode()
    with pytest.raises(OpmlError, match="nested deeper than"):
        parse_opml(deep)
