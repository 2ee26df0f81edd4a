"""The errors the feed stages raise, so callers can record a clear reason per source.

Each passes its constructor arguments to ``Exception`` (and builds its message in ``__str__``)
so it pickles and unpickles intact, e.g. across a process pool.
"""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is a short stable code to store and count.

    Codes: ``scheme`` (not http/https), ``invalid_url``, ``ssrf`` (non-public address),
    ``dns``, ``robots`` (robots.txt disallows), ``timeout``, ``connection``, ``too_large``,
    ``bad_encoding`` (a Content-Encoding we cannot or will not decode), ``redirect_loop``,
    ``too_many_redirects``, ``bad_redirect`` (no Location), ``http_<status>`` and ``cancelled``
    (the fetcher was closed mid-request: not the source's fault, nothing to record against it).
    An unreachable robots.txt is reported under its own cause (``timeout``, ``http_503``, ...).
    """

    def __init__(
        self, url: str, reason: str, message: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(url, reason, message)
        self.url = url
        self.reason = reason
        self.message = message
        # Seconds the server asked us to wait (429/503 ``Retry-After``), for the scheduler.
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"feeds: {self.message} ({self.url})"


class FeedParseError(Exception):
    """Bytes that are not a feed we can read (broken XML, empty, an HTML page, ...)."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(url, message)
        self.url = url
        self.message = message

    def __str__(self) -> str:
        return f"feeds: {self.message} ({self.url})"


class OpmlError(Exception):
    """An upload that is not a readable OPML subscription list."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"feeds: opml: {self.message}"
