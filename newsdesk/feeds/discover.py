"""Find a site's feeds from its home page: declared ``<link rel="alternate">`` first, then
common feed paths when the page declares none.

``find_feed_links`` and ``candidate_feed_urls`` are pure; ``discover_feeds`` tries the
candidates with a ``Fetcher`` and keeps the ones that parse as feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newsdesk.feeds.errors import FeedParseError, FetchError
from newsdesk.feeds.fetch import FEED_ACCEPT, Fetcher
from newsdesk.feeds.markup import plain_text
from newsdesk.feeds.parse import FeedKind, ParsedFeed, parse_feed
from newsdesk.feeds.safety import is_web_url
from newsdesk.feeds.trees import base_url, parse_html

__all__ = [
    "COMMON_FEED_PATHS",
    "DiscoveredFeed",
    "FeedLink",
    "candidate_feed_urls",
    "discover_feeds",
    "find_feed_links",
]

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/rdf+xml",
        "application/json",
    }
)
COMMON_FEED_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/atom.xml",
    "/feed.xml",
    "/index.xml",
    "/feed.json",
    "/sitemap_news.xml",
)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page declares with ``<link rel="alternate" type=...>``."""

    url: str
    title: str
    type: str


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    """A candidate that was fetched and parsed successfully."""

    url: str
    title: str
    kind: FeedKind
    entry_count: int


def find_feed_links(html: str, url: str) -> list[FeedLink]:
    """Feeds declared in the page's ``<link rel="alternate">`` elements, in page order."""
    root = parse_html(html)
    if root is None:
        return []
    base = base_url(root, url)
    found: dict[str, FeedLink] = {}
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            absolute = urljoin(base, href)
            if is_web_url(absolute) and absolute not in found:
                found[absolute] = FeedLink(absolute, plain_text(link.get("title")), kind)
    return list(found.values())


def candidate_feed_urls(html: str, url: str) -> list[str]:
    """Declared feeds if there are any, else the common feed paths on the page's origin."""
    declared = [link.url for link in find_feed_links(html, url)]
    if declared:
        return declared
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}{path}" for path in COMMON_FEED_PATHS]


def discover_feeds(fetcher: Fetcher, url: str) -> list[DiscoveredFeed]:
    """Feeds for the site at ``url``; the URL itself counts if it already is a feed.

    Raises ``FetchError`` only when the page itself cannot be fetched; candidates that fail
    are skipped.
    """
    page = fetcher.fetch(url, accept=FEED_ACCEPT)
    itself = _try_parse(page.content, page.final_url, page.content_type)
    if itself is not None:
        return [_discovered(page.final_url, itself)]
    found = []
    for candidate in candidate_feed_urls(page.text, page.final_url):
        feed = _try_fetch_feed(fetcher, candidate)
        if feed is not None:
            found.append(_discovered(candidate, feed))
    return found


def _try_fetch_feed(fetcher: Fetcher, url: str) -> ParsedFeed | None:
    try:
        result = fetcher.fetch(url)
    except FetchError:
        return None
    return _try_parse(result.content, result.final_url, result.content_type)


def _try_parse(content: bytes, url: str, content_type: str | None) -> ParsedFeed | None:
    try:
        return parse_feed(content, url, content_type)
    except FeedParseError:
        return None


def _discovered(url: str, feed: ParsedFeed) -> DiscoveredFeed:
    return DiscoveredFeed(url, feed.title, feed.kind, len(feed.entries))
