"""The errors the feed stages raise, so callers can record a clear reason per source."""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is a short stable code to store and count.

    Codes: ``scheme`` (not http/https), ``invalid_url``, ``ssrf`` (non-public address),
    ``dns``, ``robots``, ``timeout``, ``connection``, ``too_large``, ``redirect_loop``,
    ``too_many_redirects``, ``bad_redirect`` (no Location) and ``http_<status>``.
    """

    def __init__(
        self, url: str, reason: str, message: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(f"feeds: {message} ({url})")
        self.url = url
        self.reason = reason
        self.message = message
        # Seconds the server asked us to wait (429/503 ``Retry-After``), for the scheduler.
        self.retry_after = retry_after


class FeedParseError(Exception):
    """Bytes that are not a feed we can read (broken XML, empty, an HTML page, ...)."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"feeds: {message} ({url})")
        self.url = url
        self.message = message


class OpmlError(Exception):
    """An upload that is not a readable OPML subscription list."""

    def __init__(self, message: str) -> None:
        super().__init__(f"feeds: opml: {message}")
        self.message = message
