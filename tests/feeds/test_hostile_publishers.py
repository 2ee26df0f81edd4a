"""A publisher out to hurt the fetcher: bombs, dripped headers. Each ends in one clear error,
in bounded memory and time."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.feeds import FetchConfig, Fetcher, FetchError
from tests.feeds.conftest import LocalServer
from tests.feeds.hostile import BOMB_BYTES, bomb, drip_headers

REPO_ROOT = Path(__file__).resolve().parents[2]
CAP = 10 * 1024 * 1024  # the default NEWSDESK_FETCH_MAX_BYTES


def fetch_in_child(warm_up_url: str, url: str) -> dict[str, object]:
    """Fetch ``url`` in a fresh process; its reason, message and peak memory growth."""
    command = [sys.executable, "-m", "tests.feeds.memory_client", warm_up_url, url, str(CAP)]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(sys.platform != "linux", reason="reads memory from /proc")
@pytest.mark.parametrize(
    ("encoding", "reason"),
    [
        ("br", "too_large"),
        ("gzip", "too_large"),
        ("deflate", "too_large"),
        ("gzip, gzip", "bad_encoding"),
    ],
)
def test_a_compression_bomb_stops_at_the_size_cap_in_bounded_memory(
    server: LocalServer, encoding: str, reason: str
) -> None:
    body = bomb(encoding)
    assert len(body) * 500 < BOMB_BYTES  # a real bomb: tiny on the wire
    warm_up = server.serve("/small", zlib.compress(b"<rss/>"), Content_Encoding="deflate")
    url = server.serve("/bomb", body, Content_Encoding=encoding)
    outcome = fetch_in_child(warm_up, url)
    assert outcome["reason"] == reason, outcome["message"]
    assert outcome["growth"] < 2 * CAP, outcome


def test_headers_dripped_a_byte_at_a_time_time_out_at_the_deadline(
    server: LocalServer, config: FetchConfig
) -> None:
    """Each byte comes well within the read timeout; only the request's deadline ends it."""
    url = server.route("/drip", drip_headers(interval=config.read_timeout / 5, limit=20.0))
    total = 1.0
    started = time.monotonic()
    with (
        Fetcher(replace(config, total_timeout=total)) as fetcher,
        pytest.raises(FetchError) as caught,
    ):
        fetcher.fetch(url)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < total + 1.0  # margin for a busy machine


def test_closing_the_fetcher_cancels_a_hanging_fetch_at_once(
    server: LocalServer, fetcher: Fetcher
) -> None:
    """What a worker does on SIGTERM: ``close`` from another thread ends the fetch in flight."""
    url = server.route("/drip", drip_headers(interval=fetcher.config.read_timeout / 5, limit=20.0))
    outcome: list[FetchError] = []
    thread = threading.Thread(target=lambda: outcome.append(_error_of(fetcher, url)))
    thread.start()
    time.sleep(0.3)  # the fetch is now stuck in the dripped headers
    closed_at = time.monotonic()
    fetcher.close()
    thread.join(timeout=5.0)
    assert not thread.is_alive() and time.monotonic() - closed_at < 1.0
    assert outcome[0].reason == "cancelled"


def _error_of(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    return caught.value
