"""A local, offline news publisher that serves the demo corpus to newsdesk's real pipeline.

The demo must look alive without the internet, so instead of faking ingestion we run a tiny
web server on 127.0.0.1 that behaves like six publishers: it serves their feeds, home pages,
article pages and logos with proper content types and conditional-GET support, and renders
time tokens relative to its clock so the stories always look fresh:

* ``{{base}}`` -> this server's origin, e.g. ``http://127.0.0.1:8765`` (feeds link here);
* ``{{ago:MINUTES:iso}}`` -> ISO 8601 UTC, ``{{ago:MINUTES:rfc822}}`` -> RFC 822 (RSS),
  ``{{ago:MINUTES:display}}`` -> "25 November 2026, 14:05 UTC" (visible page dates).

The clock is frozen when the server starts (or injected), so repeated fetches return identical
bytes and ETags stay valid; article identity comes from the fictional ``.example`` canonical
URLs, which never change, so re-ingestion does not duplicate anything.

Run it by hand with ``python -m newsdesk.demo.publisher --port 8765``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CORPUS = Path(__file__).resolve().parent / "corpus"

TOKEN = re.compile(r"\{\{\s*(base|ago:(\d+):(iso|rfc822|display))\s*\}\}")

FEED_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "jsonfeed": "application/feed+json; charset=utf-8",
    "news-sitemap": "application/xml; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
EXTENSION_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
ROBOTS = b"User-agent: *\nAllow: /\n"

Clock = Callable[[], datetime]


def render(text: str, base: str, now: datetime) -> str:
    """Replace every token; unknown ``{{...}}`` text is left alone so tests can catch it."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) == "base":
            return base
        when = now - timedelta(minutes=int(match.group(2)))
        return format_time(when, match.group(3))

    return TOKEN.sub(one, text)


def format_time(when: datetime, fmt: str) -> str:
    """The three date styles publishers use: machine ISO, RSS's RFC 822, and human display."""
    when = when.astimezone(UTC).replace(microsecond=0)
    if fmt == "iso":
        return when.isoformat().replace("+00:00", "Z")
    if fmt == "rfc822":
        return format_datetime(when, usegmt=True)
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


def newest_minutes(text: str) -> int | None:
    """Minutes-ago of the newest dated thing in a document, for Last-Modified."""
    found = [int(m.group(2)) for m in TOKEN.finditer(text) if m.group(2)]
    return min(found) if found else None


def load_manifest(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    """The outlets as written in ``outlets.json`` (relative paths)."""
    return json.loads((corpus / "outlets.json").read_text(encoding="utf-8"))["outlets"]


class PublisherServer:
    """Serve the corpus on ``host:port`` (port 0 picks a free one) from a background thread."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        now: datetime | Clock | None = None,
        corpus: Path = CORPUS,
    ) -> None:
        self.corpus = corpus.resolve()
        self._clock = self._make_clock(now)
        self._manifest = load_manifest(self.corpus)
        self._feed_types = {o["feed_path"]: FEED_TYPES[o["feed_kind"]] for o in self._manifest}
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @staticmethod
    def _make_clock(now: datetime | Clock | None) -> Clock:
        """Freeze the clock at start by default so every fetch of a URL returns the same bytes."""
        if callable(now):
            return now
        frozen = (now or datetime.now(UTC)).astimezone(UTC).replace(second=0, microsecond=0)
        return lambda: frozen

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> PublisherServer:
        """Start serving in a daemon thread; returns self for chaining."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name="demo-publisher", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> PublisherServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- helpers for callers ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` without a trailing slash."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def now(self) -> datetime:
        """The server's current notion of now (frozen unless a callable was injected)."""
        return self._clock()

    def url(self, path: str) -> str:
        """Absolute local URL for a corpus-relative path."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def outlets(self) -> list[dict[str, Any]]:
        """The manifest with absolute ``feed_url``, ``home_url`` and ``logo_url`` added."""
        return [
            {
                **outlet,
                "feed_url": self.url(outlet["feed_path"]),
                "home_url": self.url(outlet["slug"] + "/"),
                "logo_url": self.url(outlet["logo"]),
            }
            for outlet in self._manifest
        ]

    def feed_urls(self) -> dict[str, str]:
        """``{outlet slug: absolute feed URL}`` (the home page for the feedless outlet)."""
        return {o["slug"]: o["feed_url"] for o in self.outlets()}

    # --- serving ------------------------------------------------------------------------------

    def resolve(self, url_path: str) -> Path | None:
        """Map a URL path to a corpus file, refusing anything outside the corpus."""
        rel = unquote(urlsplit(url_path).path).lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = (self.corpus / rel).resolve()
        if not target.is_relative_to(self.corpus) or not target.is_file():
            return None
        return target

    def content_type(self, path: Path) -> str:
        """Feeds get their specific type from the manifest; everything else by extension."""
        rel = path.relative_to(self.corpus).as_posix()
        if rel in self._feed_types and not rel.endswith(".html"):
            return self._feed_types[rel]
        return EXTENSION_TYPES.get(path.suffix, "application/octet-stream")

    def build_response(self, url_path: str) -> tuple[bytes, str, datetime] | None:
        """Rendered body, content type and last-modified time for a URL path."""
        path = self.resolve(url_path)
        if path is None:
            return None
        ctype = self.content_type(path)
        now = self._clock()
        if path.suffix == ".svg":
            return path.read_bytes(), ctype, now
        text = path.read_text(encoding="utf-8")
        minutes = newest_minutes(text)
        modified = now - timedelta(minutes=minutes or 0)
        return render(text, self.base_url, now).encode("utf-8"), ctype, modified

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(_Handler):
            publisher = server

        return Handler


class _Handler(BaseHTTPRequestHandler):
    """Request handler; kept thin so the logic above stays testable without sockets."""

    publisher: PublisherServer
    server_version = "DemoPublisher/1.0"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        if urlsplit(self.path).path == "/robots.txt":
            self._send(HTTPStatus.OK, ROBOTS, "text/plain; charset=utf-8", head)
            return
        found = self.publisher.build_response(self.path)
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", head)
            return
        body, ctype, modified = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {
            "ETag": etag,
            "Last-Modified": format_datetime(modified.replace(microsecond=0), usegmt=True),
            "Cache-Control": "public, max-age=60",
        }
        if self._not_modified(etag, modified):
            self._send(HTTPStatus.NOT_MODIFIED, b"", None, True, headers)
            return
        self._send(HTTPStatus.OK, body, ctype, head, headers)

    def _not_modified(self, etag: str, modified: datetime) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since is only consulted without it."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is None:
            return False
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified.replace(microsecond=0) <= since

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        ctype: str | None,
        head: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet by default: the demo command has its own progress output."""


def main(argv: list[str] | None = None) -> None:
    """``python -m newsdesk.demo.publisher --port 8765``: serve until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Serve the newsdesk demo publishers locally.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    server = PublisherServer(args.host, args.port)
    print(f"Demo publishers at {server.base_url}/ (Ctrl-C to stop)", flush=True)
    for outlet in server.outlets():
        print(f"  {outlet['name']:<24} {outlet['feed_kind']:<13} {outlet['feed_url']}", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


if __name__ == "__main__":
    main()
