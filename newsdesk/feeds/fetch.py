"""One thread-safe HTTP fetcher for feeds, pages and robots.txt.

Built on ``httpx.Client`` with redirects followed by hand, because every hop must pass the SSRF
guard and robots.txt again, and loops must be reported as such. Bodies are streamed, decoded a
slice at a time and cut at ``max_bytes`` (measured after decompression, so a gzip or brotli bomb
is cut before it expands). Each request, from connect to the last body byte, must end within
``total_timeout``, and ``close`` interrupts the requests in flight.
"""

from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from newsdesk.feeds.charset import decode
from newsdesk.feeds.errors import FetchError
from newsdesk.feeds.politeness import Pacer, Politeness
from newsdesk.feeds.robots import RobotsCache
from newsdesk.feeds.safety import AllowList, check_url, guarded_transport
from newsdesk.feeds.transport import (
    ACCEPT_ENCODING,
    ContentDecodingError,
    InterruptibleNetwork,
    PerOriginTransport,
    deadline,
    decode_content,
)

__all__ = ["FEED_ACCEPT", "PAGE_ACCEPT", "FetchConfig", "FetchResult", "Fetcher"]

VERSION = "0.1"
DEFAULT_CONTACT_URL = "https://example.org/newsdesk"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"
# A Crawl-delay beyond this would park a worker thread for too long; we poll less instead.
MAX_CRAWL_DELAY = 60.0
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-location",
    "etag",
    "last-modified",
    "cache-control",
    "expires",
    "retry-after",
    "date",
)
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def user_agent_for(contact_url: str) -> str:
    """An honest User-Agent: who we are and where a publisher can reach the operator."""
    return f"newsdesk/{VERSION} (self-hosted news aggregator; +{contact_url})"


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Everything the fetcher needs, so callers build it once from settings."""

    user_agent: str = user_agent_for(DEFAULT_CONTACT_URL)
    allowed_private_hosts: tuple[str, ...] = ()
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # Wall-clock seconds for one request: connect, headers and body (each redirect hop anew).
    total_timeout: float = 120.0
    max_connections: int = 32
    per_host_connections: int = 2
    per_host_delay: float = 1.0
    respect_robots: bool = True
    robots_ttl: float = 3600.0


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A completed fetch: a 2xx body or a 304 (``not_modified``, empty body)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str
    encoding: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    retry_after: float | None
    max_age: float | None
    elapsed: float
    content_type: str | None


@dataclass(frozen=True, slots=True)
class _Response:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes


class Fetcher:
    """Thread-safe: share one instance between all worker threads of a process.

    ``pacer`` spaces the requests to each host; by default only within this process."""

    def __init__(self, config: FetchConfig | None = None, *, pacer: Pacer | None = None) -> None:
        self.config = config or FetchConfig()
        self._allow = AllowList.from_entries(self.config.allowed_private_hosts)
        self._politeness = Politeness(
            total=self.config.max_connections,
            per_host=self.config.per_host_connections,
            host_delay=self.config.per_host_delay,
            pacer=pacer,
        )
        self._robots = RobotsCache(
            self._load_robots, self.config.user_agent, self.config.robots_ttl
        )
        self._ssl_context = httpx.create_ssl_context(trust_env=False)
        self._network = InterruptibleNetwork()
        self._client = httpx.Client(
            follow_redirects=False,
            # Proxies from the environment would bypass the address checks, so ignore them.
            trust_env=False,
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(
                self.config.read_timeout,
                connect=self.config.connect_timeout,
                pool=self.config.total_timeout,
            ),
            transport=PerOriginTransport(self._origin_transport),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Safe from another thread: fetches in flight fail at once as ``cancelled``."""
        self._network.interrupt()
        self._client.close()

    def _origin_transport(self) -> httpx.HTTPTransport:
        """One host's pool: as many connections as politeness lets us open to one host."""
        per_host = self.config.per_host_connections
        limits = httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host)
        return guarded_transport(self._allow, limits, self._ssl_context, wrap=self._network.wrap)

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchResult:
        """GET ``url`` (conditionally if validators are given); raise ``FetchError`` otherwise."""
        started = time.monotonic()
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._follow(url, headers, check_robots=self.config.respect_robots)
        if response.status != 304 and not 200 <= response.status < 300:
            raise FetchError(
                url,
                f"http_{response.status}",
                f"HTTP {response.status} from {response.url}",
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        return _result(url, response, time.monotonic() - started)

    def _follow(self, url: str, headers: dict[str, str], *, check_robots: bool) -> _Response:
        seen = {url}
        current = url
        for _hop in range(self.config.max_redirects + 1):
            self._check_hop(url, current)
            delay = self._robots_delay(current) if check_robots else 0.0
            response = self._get(current, headers, delay)
            if response.status not in _REDIRECT_STATUSES:
                return response
            current = _redirect_target(response)
            if current in seen:
                raise FetchError(url, "redirect_loop", f"redirect loop back to {current}")
            seen.add(current)
        raise FetchError(
            url, "too_many_redirects", f"more than {self.config.max_redirects} redirects"
        )

    def _robots_delay(self, url: str) -> float:
        """Raise ``robots`` if disallowed, else the site's ``Crawl-delay`` (capped) or 0."""
        if not self._robots.allows(url):
            raise FetchError(url, "robots", "robots.txt disallows fetching this URL")
        return min(self._robots.crawl_delay(url) or 0.0, MAX_CRAWL_DELAY)

    def _check_hop(self, url: str, current: str) -> None:
        """Refuse a hop the guard forbids, naming the requested URL too: the admin must see
        which feed redirected to 10.0.0.1, not only that something did."""
        try:
            check_url(current, self._allow)
        except FetchError as error:
            if current == url:
                raise
            message = f"redirected to {current}: {error.message}"
            raise FetchError(url, error.reason, message) from error

    def _get(self, url: str, headers: dict[str, str], min_delay: float = 0.0) -> _Response:
        host = urlsplit(url).hostname or ""
        try:
            with self._politeness.slot(host, min_delay), deadline(self.config.total_timeout):
                return self._send(url, headers)
        except FetchError as exc:
            # The connection-time SSRF guard knows only host and port; name the URL instead.
            raise FetchError(url, exc.reason, exc.message) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise self._failure(url, exc) from exc
        except RuntimeError as exc:
            # httpx's word for a request on a closed client; anything else is a bug to surface.
            if not self._network.interrupted:
                raise
            raise self._failure(url, exc) from exc

    def _send(self, url: str, headers: dict[str, str]) -> _Response:
        with self._client.stream("GET", url, headers=headers) as r:
            if r.status_code in _REDIRECT_STATUSES or r.status_code == 304:
                return _Response(url, r.status_code, r.headers, b"")
            return _Response(url, r.status_code, r.headers, self._read_body(url, r))

    def _failure(self, url: str, exc: Exception) -> FetchError:
        """The ``FetchError`` for what httpx raised; a closed client's errors mean ``cancelled``."""
        if self._network.interrupted:
            return FetchError(url, "cancelled", "the fetcher was closed during the request")
        if isinstance(exc, httpx.TimeoutException):
            limit = self.config.total_timeout
            return FetchError(url, "timeout", f"timed out ({type(exc).__name__}, limit {limit}s)")
        if isinstance(exc, httpx.InvalidURL):
            return FetchError(url, "invalid_url", f"invalid URL: {exc}")
        return FetchError(url, "connection", f"connection failed: {exc}")

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        """Stream and decode the body, stopping as soon as it passes ``max_bytes``."""
        limit = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, "too_large", f"body of {declared} bytes exceeds {limit}")
        encoding = response.headers.get("content-encoding")
        body = bytearray()
        try:
            for piece in decode_content(response.iter_raw(), encoding):
                body += piece
                if len(body) > limit:
                    raise FetchError(url, "too_large", f"body exceeds {limit} bytes")
        except ContentDecodingError as exc:
            raise FetchError(url, "bad_encoding", str(exc)) from exc
        return bytes(body)

    def _load_robots(self, robots_url: str) -> tuple[int, str]:
        response = self._follow(robots_url, {"Accept": "text/plain"}, check_robots=False)
        return response.status, decode(response.content).text


def _redirect_target(response: _Response) -> str:
    location = response.headers.get("location")
    if not location:
        raise FetchError(response.url, "bad_redirect", f"HTTP {response.status} without Location")
    try:
        return urljoin(response.url, location.strip())
    except ValueError as exc:
        raise FetchError(response.url, "bad_redirect", f"unusable Location {location!r}") from exc


def _result(url: str, response: _Response, elapsed: float) -> FetchResult:
    headers = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
    content_type = headers.get("content-type")
    decoded = decode(response.content, content_type) if response.content else None
    return FetchResult(
        url=url,
        final_url=response.url,
        status=response.status,
        headers=headers,
        content=response.content,
        text=decoded.text if decoded else "",
        encoding=decoded.encoding if decoded else None,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        not_modified=response.status == 304,
        retry_after=parse_retry_after(headers.get("retry-after")),
        max_age=parse_max_age(headers.get("cache-control")),
        elapsed=elapsed,
        content_type=content_type,
    )


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_max_age(value: str | None) -> float | None:
    """``max-age`` seconds from a ``Cache-Control`` header, if present."""
    match = _MAX_AGE.search(value or "")
    return float(match.group(1)) if match else None
