"""A local HTTP server on 127.0.0.1 that each test scripts route by route.

Handlers are plain functions ``(request) -> None`` writing to the ``BaseHTTPRequestHandler``;
``server.requests`` records the paths that reached the server, so tests can prove that a refused
URL never caused a connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk.feeds.fetch import FetchConfig, Fetcher

Handler = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[str] = []
        self.request_headers: list[dict[str, str]] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def serve(self, path: str, body: bytes, status: int = 200, **headers: str) -> str:
        """Route ``path`` to a fixed response; header names use underscores for dashes."""
        return self.route(path, lambda request: respond(request, body, status, **headers))

    def start(self) -> None:
        thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)
        thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                server.request_headers.append(dict(self.headers.items()))
                handler = server.routes.get(self.path)
                if handler is None:
                    respond(self, b"not found", 404)
                    return
                handler(self)

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

        return _Handler


def respond(
    request: BaseHTTPRequestHandler, body: bytes, status: int = 200, **headers: str
) -> None:
    request.send_response(status)
    headers.setdefault("Content_Type", "application/xml")
    for name, value in headers.items():
        request.send_header(name.replace("_", "-"), value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.start()
    yield local
    local.stop()


@pytest.fixture
def config() -> FetchConfig:
    """Loopback is allow-listed here only because the test server lives on it."""
    return FetchConfig(
        allowed_private_hosts=("127.0.0.1",),
        connect_timeout=2.0,
        read_timeout=0.5,
        per_host_delay=0.0,
        respect_robots=False,
    )


@pytest.fixture
def fetcher(config: FetchConfig) -> Iterator[Fetcher]:
    with Fetcher(config) as instance:
        yield instance
