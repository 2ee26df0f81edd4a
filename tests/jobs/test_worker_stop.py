"""A worker asked to stop (SIGTERM) stops within seconds even while a publisher never answers,
and the interrupted fetch is not held against the publisher. A task row left running by a
worker killed outright is marked failed once its lease is over."""

from __future__ import annotations

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
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsdesk.jobs import tasks
from newsdesk.jobs.scheduler import fail_abandoned_tasks
from tests.pipeline.hostile_server import HostileServer, Reply

REPO_ROOT = Path(__file__).resolve().parents[2]
# Far longer than the test waits: only cancelling the fetch can end it in time.
READ_TIMEOUT = 60
STOP_WITHIN = 10.0


class HangingPublisher(HostileServer):
    """A feed that accepts the request and never answers; ``arrived`` is set when asked."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        super().__init__()

    def _routes(self) -> dict[str, Reply | object]:
        def hang(handler: object) -> None:
            self.arrived.set()
            self.release.wait(READ_TIMEOUT)

        return {**super()._routes(), "/hang/feed.xml": hang}


@pytest.fixture
def publisher() -> Iterator[HangingPublisher]:
    with HangingPublisher() as server:
        yield server


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        cwd=REPO_ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def row(database: Path, sql: str) -> tuple:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()


def test_it_stops_on_sigterm_within_seconds_while_a_fetch_hangs(publisher, tmp_path):
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "NEWSDESK_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "NEWSDESK_FETCH_READ_TIMEOUT": str(READ_TIMEOUT),
    }
    manage(env, "migrate", "--no-input")
    home, feed = publisher.url("/"), publisher.url("/hang/feed.xml")
    add_feed = (
        "from newsdesk.news.models import Feed, Source; "
        f"source = Source.objects.create(name='Hanging', slug='hanging', home_url={home!r}); "
        f"Feed.objects.create(source=source, url={feed!r})"
    )
    manage(env, "shell", "-c", add_feed)

    worker = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "worker", "--interval", "0.2"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert publisher.arrived.wait(60), "the worker never asked for the feed"
        asked_to_stop = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        exit_code = worker.wait(timeout=READ_TIMEOUT)
        stopped_after = time.monotonic() - asked_to_stop
    finally:
        if worker.poll() is None:
            worker.kill()
    assert stopped_after < STOP_WITHIN
    assert exit_code == 0
    database = tmp_path / "newsdesk.sqlite3"
    error_count, last_error, lease = row(
        database, "SELECT error_count, last_error, lease_until FROM news_feed"
    )
    assert (error_count, last_error, lease) == (0, "", None)
    running = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    assert row(database, running) == (0,)


@pytest.mark.django_db
def test_it_marks_failed_the_task_rows_of_a_worker_killed_outright(settings):
    lost = DBTaskResult.objects.get(pk=tasks.run_stage.enqueue("feeds", [1]).id)
    alive = DBTaskResult.objects.get(pk=tasks.run_stage.enqueue("feeds", [2]).id)
    lease_ago = timezone.now() - timedelta(seconds=settings.WORK_LEASE_SECONDS + 1)
    lost.claim("killed-worker")
    alive.claim("busy-worker")
    DBTaskResult.objects.filter(pk=lost.pk).update(started_at=lease_ago)

    assert fail_abandoned_tasks() == 1

    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {lost.pk: TaskResultStatus.FAILED, alive.pk: TaskResultStatus.RUNNING}


def test_the_worker_loop_sweeps_the_task_rows_of_lost_workers(tmp_path):
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_WORK_LEASE_SECONDS": "1"}
    manage(env, "migrate", "--no-input")
    lost_worker = (
        "from django_tasks_db.models import DBTaskResult; "
        "from newsdesk.jobs import tasks; "
        "DBTaskResult.objects.get(pk=tasks.run_stage.enqueue('feeds', [1]).id).claim('killed')"
    )
    manage(env, "shell", "-c", lost_worker)
    time.sleep(1.5)
    manage(env, "worker", "--once")
    status = "SELECT status FROM django_tasks_database_dbtaskresult"
    assert row(tmp_path / "newsdesk.sqlite3", status) == ("FAILED",)
