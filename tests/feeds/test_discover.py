"""Feed discovery: declared links first, common paths as a fallback."""

from __future__ import annotations

from newsdesk.feeds import Fetcher, candidate_feed_urls, discover_feeds, find_feed_links
from newsdesk.feeds.discover import COMMON_FEED_PATHS, FeedLink
from tests.feeds.conftest import LocalServer

RSS = (
    b'<rss version="2.0"><channel><title>Site news</title>'
    b"<item><guid>1</guid></item></channel></rss>"
)
HOME = """<html><head><base href="https://example.com/blog/">
<link rel="alternate" type="application/rss+xml" title="All posts" href="feed.xml">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="/atom.xml">
<link rel="alternate" type="application/feed+json" href="https://example.com/feed.json">
<link rel="alternate" type="text/html" hreflang="de" href="/de/">
<link rel="stylesheet" type="text/css" href="/style.css">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body></body></html>"""


def test_it_finds_declared_feed_links_with_base_href() -> None:
    assert find_feed_links(HOME, "https://example.com/") == [
        FeedLink("https://example.com/blog/feed.xml", "All posts", "application/rss+xml"),
        FeedLink("https://example.com/atom.xml", "", "application/atom+xml"),
        FeedLink("https://example.com/feed.json", "", "application/feed+json"),
    ]


def test_it_falls_back_to_common_feed_paths() -> None:
    candidates = candidate_feed_urls("<html><body>No feeds</body></html>", "https://ex.com/a/b")
    assert candidates == [f"https://ex.com{path}" for path in COMMON_FEED_PATHS]


def test_it_returns_nothing_for_unreadable_html() -> None:
    assert find_feed_links("", "https://example.com/") == []


def test_it_discovers_a_declared_feed_over_http(server: LocalServer, fetcher: Fetcher) -> None:
    server.serve("/news.rss", RSS)
    home = '<html><head><link rel="alternate" type="application/rss+xml" href="/news.rss">'
    url = server.serve("/", home.encode(), Content_Type="text/html")
    found = discover_feeds(fetcher, url)
    assert [(f.url, f.title, f.kind, f.entry_count) for f in found] == [
        (server.url("/news.rss"), "Site news", "rss", 1)
    ]


def test_it_probes_common_paths_when_none_are_declared(
    server: LocalServer, fetcher: Fetcher
) -> None:
    server.serve("/index.xml", RSS)
    server.serve("/feed", b"<html><body>not a feed</body></html>", Content_Type="text/html")
    url = server.serve("/", b"<html><body>Welcome</body></html>", Content_Type="text/html")
    assert [f.url for f in discover_feeds(fetcher, url)] == [server.url("/index.xml")]


def test_it_accepts_a_url_that_already_is_a_feed(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.serve("/rss.xml", RSS)
    assert [f.url for f in discover_feeds(fetcher, url)] == [url]
