"""Feeds: fetch, parse, discover, OPML and schedule (pure stages, no ORM)."""

from __future__ import annotations

from newsdesk.feeds.errors import FeedParseError, FetchError
from newsdesk.feeds.fetch import FetchConfig, Fetcher, FetchResult

__all__ = ["FeedParseError", "FetchConfig", "FetchError", "FetchResult", "Fetcher"]
