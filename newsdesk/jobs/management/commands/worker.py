from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from newsdesk.jobs.pacing import DatabasePacer
from newsdesk.jobs.scheduler import enqueue_due, fail_abandoned_tasks
from newsdesk.pipeline.fetching import shared_fetcher, use_pacer

logger = logging.getLogger("newsdesk.worker")


class Command(BaseCommand):
    help = (
        "Run a background worker: queue due work, then run queued tasks, until stopped. "
        "Start as many as you like, on as many machines as share the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between scans.")
        parser.add_argument("--once", action="store_true", help="Drain the queue once, then stop.")

    def handle(self, *args: object, **options: Any) -> None:
        # django-tasks-db's worker in batch mode runs queued tasks until none is left. A SIGKILL
        # mid-task loses nothing: the rows' leases run out and the scheduler queues them again
        # (and the task row left running is marked failed once its lease is over).
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}",
            excluded_queue_names=[],
        )
        stopping = _stop_on_signals(worker)
        # Other workers may fetch from the same hosts: keep each host's delay between us all.
        use_pacer(DatabasePacer())
        while worker.running:
            close_old_connections()
            if failed := fail_abandoned_tasks():
                logger.warning("newsdesk: %d tasks of lost workers marked failed", failed)
            queued = enqueue_due()
            if queued:
                logger.info("newsdesk: queued %d tasks", queued)
            worker.run()
            if options["once"] or stopping.wait(float(options["interval"])):
                break


def _stop_on_signals(worker: Worker) -> threading.Event:
    """SIGTERM, SIGINT and SIGQUIT stop the worker within seconds, even mid-fetch.

    The handler only sets flags: the current task ends as soon as its fetches do, and a
    watcher thread makes them end now by closing the fetcher (its fetches fail as
    ``cancelled``, which the pipeline does not count against the publisher and whose rows it
    releases). Closing from inside the handler could deadlock on the fetcher's own locks."""
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        worker.running = False
        stopping.set()

    def cancel_fetches() -> None:
        stopping.wait()
        logger.warning("newsdesk: stopping; cancelling the fetches in flight")
        shared_fetcher().close()

    for name in ("SIGTERM", "SIGINT", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    threading.Thread(target=cancel_fetches, name="worker-stop", daemon=True).start()
    return stopping
