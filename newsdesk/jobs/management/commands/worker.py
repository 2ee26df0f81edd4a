from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from newsdesk.jobs.pacing import DatabasePacer
from newsdesk.jobs.scheduler import enqueue_due
from newsdesk.pipeline.fetching import use_pacer

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
        # django-tasks-db's worker in batch mode runs queued tasks until none is left. Its
        # signal handlers make SIGTERM finish the current task and stop; a SIGKILL mid-task
        # loses nothing either: the row's lease runs out and the scheduler queues it again.
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
        worker.configure_signals()
        # Other workers may fetch from the same hosts: keep each host's delay between us all.
        use_pacer(DatabasePacer())
        while worker.running:
            close_old_connections()
            queued = enqueue_due()
            if queued:
                logger.info("newsdesk: queued %d tasks", queued)
            worker.run()
            if options["once"]:
                break
            time.sleep(float(options["interval"]))
