"""Per-host pacing through the database: worker processes keep one host's delay together."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest
from django.db import connection

from newsdesk.jobs.models import HostPace
from newsdesk.jobs.pacing import DatabasePacer, next_turn, reserve_turn

REPO_ROOT = Path(__file__).resolve().parents[2]
DELAY = 0.5
NOON = datetime(2025, 1, 1, 12, tzinfo=UTC)


def test_a_turn_starts_now_when_the_host_is_free() -> None:
    start, following = next_turn(NOON, NOON - timedelta(minutes=5), 2.0)
    assert start == NOON
    assert following == NOON + timedelta(seconds=2)


def test_a_turn_waits_for_the_reserved_one_before_it() -> None:
    start, following = next_turn(NOON, NOON + timedelta(seconds=3), 2.0)
    assert start == NOON + timedelta(seconds=3)
    assert following == NOON + timedelta(seconds=5)


@pytest.mark.django_db
def test_reservations_on_one_host_are_spaced_by_the_delay() -> None:
    starts = [reserve_turn("example.com", 30.0) for _ in range(3)]
    assert [(b - a).total_seconds() for a, b in pairwise(starts)] == [30.0, 30.0]
    assert starts[0] - datetime.now(UTC) < timedelta(seconds=5)
    assert reserve_turn("other.example", 30.0) < starts[1]
    assert HostPace.objects.get(host="example.com").next_request_at == starts[2] + timedelta(
        seconds=30
    )


@pytest.mark.django_db
def test_no_delay_leaves_the_database_alone(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        DatabasePacer().wait_turn("example.com", 0.0)


class _Recorder(BaseHTTPRequestHandler):
    """Notes when each request arrives, by the host it was sent to."""

    arrivals: dict[str, list[float]]
    lock = threading.Lock()

    def do_GET(self) -> None:
        with self.lock:
            self.arrivals.setdefault(self.headers["Host"], []).append(time.monotonic())
        status, body = (404, b"") if self.path == "/robots.txt" else (200, b"<p>hello</p>")
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recording_server() -> Iterator[tuple[str, dict[str, list[float]]]]:
    arrivals: dict[str, list[float]] = {}
    handler = type("Recorder", (_Recorder,), {"arrivals": arrivals})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/page", arrivals
    finally:
        server.shutdown()
        server.server_close()


def database_url() -> str:
    """This test's database (an SQLite file or PostgreSQL) as another process opens it."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host = f"{settings['HOST']}:{settings['PORT']}"
        return f"postgres://{settings['USER']}@{host}/{settings['NAME']}"
    return f"sqlite:///{settings['NAME']}"


def client(url: str, count: int) -> subprocess.Popen:
    """A separate process with its own connection to this test's database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DATABASE_URL": database_url(),
        "NEWSDESK_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "NEWSDESK_FETCH_PER_HOST_DELAY": str(DELAY),
    }
    command = [sys.executable, "-m", "tests.jobs.pacing_client", url, str(count)]
    return subprocess.Popen(command, cwd=REPO_ROOT, env=env)


@pytest.mark.django_db(transaction=True)
def test_two_processes_keep_the_delay_on_one_host_between_them(
    recording_server: tuple[str, dict[str, list[float]]],
) -> None:
    url, arrivals = recording_server
    processes = [client(url, 3) for _ in range(2)]
    for process in processes:
        assert process.wait(timeout=120) == 0
    [times] = arrivals.values()
    assert len(times) == 8, "each process fetches robots.txt and three pages"
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert min(gaps) >= 0.8 * DELAY, gaps
