"""Feeds: fetch, parse, discover, OPML and schedule — pure stages, no ORM.

The services that store sources and entries call these functions; nothing here touches the
database, so every stage is tested and fuzzed on plain bytes and dataclasses.

Typical refresh of one feed, as ``newsdesk.pipeline.feeds`` does it (the feed row keeps etag,
last_modified, error_count and error_since)::

    fetcher = Fetcher(FetchConfig(user_agent=user_agent_for(contact_url)))   # one per process
    try:
        result = fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        parsed = None if result.not_modified else parse_feed(
            result.content, result.final_url, result.content_type)
        # store parsed.entries (dedupe on FeedEntry.guid), result.etag, result.last_modified
        due = next_check(now, recent_entry_times=[...], ttl=parsed.ttl,
                         update_period=parsed.update_period, max_age=result.max_age)
    except FetchError as error:        # error.reason is a short code to store: "http_404", ...
        due = next_check(now, error_count=feed.error_count + 1,
                         retry_after=error.retry_after)
    except FeedParseError as error:    # str(error) is a clear message naming the URL
        due = next_check(now, error_count=feed.error_count + 1)

Also:

* One ``Fetcher`` is shared by a process's threads (its per-host limits only hold if it is);
  pages for extraction use ``fetch(url, accept=PAGE_ACCEPT)``.
* ``parse_listing_page(html, url)`` reads article links from an HTML section page, for sources
  without a feed (``parse_feed`` refuses HTML with "an HTML page is not a feed").
* ``discover_feeds(fetcher, url)`` finds a site's feeds when an admin adds a home page;
  ``find_feed_links`` / ``candidate_feed_urls`` are its pure parts.
* ``parse_opml`` / ``write_opml`` import and export subscriptions (``OpmlFeed`` rows).
* ``is_failing_for_days(error_since, now)`` flags feeds broken for days.
* Sitemap indexes come back as ``ParsedFeed.sitemaps`` (child sitemap URLs to fetch next).

All errors are ``FetchError`` (with ``.reason``, ``.retry_after``), ``FeedParseError`` or
``OpmlError``; their messages start with "feeds: " and name the URL.
"""

from __future__ import annotations

from newsdesk.feeds.discover import (
    DiscoveredFeed,
    FeedLink,
    candidate_feed_urls,
    discover_feeds,
    find_feed_links,
)
from newsdesk.feeds.errors import FeedParseError, FetchError, OpmlError
from newsdesk.feeds.fetch import (
    FEED_ACCEPT,
    PAGE_ACCEPT,
    FetchConfig,
    Fetcher,
    FetchResult,
    parse_max_age,
    parse_retry_after,
    user_agent_for,
)
from newsdesk.feeds.listing import parse_listing_page
from newsdesk.feeds.opml import OpmlDocument, OpmlFeed, parse_opml, write_opml
from newsdesk.feeds.parse import FeedEntry, FeedKind, ParsedFeed, parse_feed
from newsdesk.feeds.schedule import is_failing_for_days, next_check

__all__ = [
    "FEED_ACCEPT",
    "PAGE_ACCEPT",
    "DiscoveredFeed",
    "FeedEntry",
    "FeedKind",
    "FeedLink",
    "FeedParseError",
    "FetchConfig",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "OpmlDocument",
    "OpmlError",
    "OpmlFeed",
    "ParsedFeed",
    "candidate_feed_urls",
    "discover_feeds",
    "find_feed_links",
    "is_failing_for_days",
    "next_check",
    "parse_feed",
    "parse_listing_page",
    "parse_max_age",
    "parse_opml",
    "parse_retry_after",
    "user_agent_for",
    "write_opml",
]
