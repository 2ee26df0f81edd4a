"""A worker killed at any line loses no work and does none twice (healthchecks' standard)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.demo.publisher import PublisherServer

REPO_ROOT = Path(__file__).resolve().parents[2]
# Lease short enough that the test does not wait long for the dead worker's work to free up.
LEASE_SECONDS = 2


@pytest.fixture
def environment(tmp_path):
    return {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "NEWSDESK_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        # Slow, polite fetching keeps the pass running long enough to be killed in the middle.
        "NEWSDESK_FETCH_PER_HOST_CONNECTIONS": "1",
        "NEWSDESK_FETCH_PER_HOST_DELAY": "0.1",
        "NEWSDESK_WORK_LEASE_SECONDS": str(LEASE_SECONDS),
    }


def newsdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_worker_killed_mid_pass_loses_and_doubles_nothing(environment, tmp_path):
    database = tmp_path / "newsdesk.sqlite3"
    fetched = "SELECT count(*) FROM news_article WHERE page_status = 'fetched'"
    with PublisherServer() as publisher:
        newsdesk(environment, "migrate", "--no-input")
        newsdesk(environment, "sources", "add", *publisher.feed_urls().values())

        worker = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "worker", "--interval", "0.2"],
            cwd=REPO_ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: database.exists() and count(database, fetched) >= 5)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        total = count(database, "SELECT count(*) FROM news_article")
        assert count(database, fetched) < total, "the kill should land mid-pass"

        time.sleep(LEASE_SECONDS + 0.5)
        for _ in range(10):
            newsdesk(environment, "worker", "--once")
            if count(database, fetched) == count(database, "SELECT count(*) FROM news_article"):
                break
    articles = count(database, "SELECT count(*) FROM news_article")
    assert count(database, fetched) == articles
    assert articles == count(database, "SELECT count(DISTINCT canonical_url) FROM news_article")
    assert articles == count(database, "SELECT count(DISTINCT url) FROM news_article")
