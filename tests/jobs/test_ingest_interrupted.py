"""Ctrl+C on `newsdesk ingest`: the pass stops at once instead of fetching every queued page,
keeps the pages already fetched, and releases what it had claimed, so the next run takes it
straight away. Rows claimed by someone else are named, not silently skipped."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rich.console import Console

from newsdesk.jobs.ingest import run_pass
from newsdesk.news.models import Feed, Source
from tests.pipeline.hostile_server import (
    GOOD_ARTICLES,
    RSS_TYPE,
    HostileServer,
    Reply,
    article_page,
    rss,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGES = 60
PAGE_SECONDS = 1.0
# Far sooner than the queued pages would take (PAGES / 2 connections x PAGE_SECONDS), with
# room for a busy machine.
STOP_WITHIN = 10.0
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in next(iter(GOOD_ARTICLES.values()))[1])


class SlowPublisher(HostileServer):
    """A feed of PAGES articles, each page taking PAGE_SECONDS to answer; counts the pages
    served in full."""

    def __init__(self) -> None:
        self.served = 0
        self._count = threading.Lock()
        super().__init__()

    def _routes(self) -> dict[str, Reply | object]:
        items = [(f"Slow story {n}", f"/slow/{n}.html", "A story.") for n in range(PAGES)]
        routes: dict[str, Reply | object] = {
            **super()._routes(),
            "/slow/feed.xml": Reply(body=rss(self.base, items), content_type=RSS_TYPE),
        }
        for number in range(PAGES):
            routes[f"/slow/{number}.html"] = self._slow(
                article_page(f"Slow story {number}", PARAGRAPHS)
            )
        return routes

    def _slow(self, page: bytes):
        def answer(handler) -> None:
            if self.release.wait(PAGE_SECONDS):
                return
            handler._reply(Reply(body=page))
            with self._count:
                self.served += 1

        return answer


@pytest.fixture
def publisher() -> Iterator[SlowPublisher]:
    with SlowPublisher() as server:
        yield server


def newsdesk(env: dict[str, str], *args: str, sigint_ignored: bool = False) -> subprocess.Popen:
    command = [sys.executable, "-m", "newsdesk.cli", *args]
    if sigint_ignored:  # the shell's trap sets SIGINT ignored, which exec keeps
        command = ["sh", "-c", 'trap "" INT; exec "$@"', "newsdesk", *command]
    return subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def test_it_stops_at_ctrl_c_keeps_what_was_fetched_and_releases_the_rest(publisher, tmp_path):
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "NEWSDESK_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "NEWSDESK_FETCH_PER_HOST_CONNECTIONS": "2",
        "NEWSDESK_FETCH_PER_HOST_DELAY": "0",
    }
    assert newsdesk(env, "migrate", "--no-input").wait(timeout=300) == 0
    home, feed = publisher.url("/"), publisher.url("/slow/feed.xml")
    add_feed = (
        "from newsdesk.news.models import Feed, Source; "
        f"source = Source.objects.create(name='Slow', slug='slow', home_url={home!r}); "
        f"Feed.objects.create(source=source, url={feed!r})"
    )
    assert newsdesk(env, "shell", "-c", add_feed).wait(timeout=300) == 0

    # Started with SIGINT ignored, as a script's background job is: it still stops.
    ingest = newsdesk(env, "ingest", "--threads", "4", "--no-color", sigint_ignored=True)
    try:
        deadline = time.monotonic() + 120
        while publisher.served < 4:
            assert time.monotonic() < deadline, "the pass never fetched its pages"
            time.sleep(0.05)
        served_before = publisher.served
        interrupted = time.monotonic()
        ingest.send_signal(signal.SIGINT)
        output, _ = ingest.communicate(timeout=60)
        stopped_after = time.monotonic() - interrupted
    finally:
        if ingest.poll() is None:
            ingest.kill()

    assert stopped_after < STOP_WITHIN, output
    assert publisher.served < PAGES
    assert "Interrupted: what was done is stored" in output
    database = tmp_path / "newsdesk.sqlite3"
    fetched = count(database, "SELECT count(*) FROM news_article WHERE page_status = 'fetched'")
    # A page the server had just sent may still have been on its way in (at most one per
    # connection): its fetch is cancelled with the rest, and the next pass takes it again.
    in_flight = int(env["NEWSDESK_FETCH_PER_HOST_CONNECTIONS"])
    assert fetched >= served_before - in_flight
    assert count(database, "SELECT count(*) FROM news_article WHERE lease_until IS NOT NULL") == 0


@pytest.mark.django_db(transaction=True)
def test_it_names_the_rows_someone_else_is_working_on(publisher, loopback_allowed):
    source = Source.objects.create(name="Busy", slug="busy", home_url=publisher.url("/"))
    Feed.objects.create(
        source=source,
        url=publisher.url("/good/feed.xml"),
        lease_until=timezone.now() + timedelta(minutes=5),
    )
    console = io.StringIO()
    run_pass(console=Console(file=console))
    assert "1 of the feeds stage's rows are being worked on elsewhere" in console.getvalue()
