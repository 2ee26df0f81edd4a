"""gunicorn settings for the reader site (``newsdesk serve``, or
``gunicorn -c python:newsdesk.serving.gunicorn``).

Sync workers, one per request at a time: a page is CPU work in Python (the GIL lets one thread
of a process run at once), so processes, not threads, use the cores. Each worker warms up as it
starts (embedding model, story vectors, templates), so no reader pays for a cold process.
"""

from __future__ import annotations

import os

from gunicorn.arbiter import Arbiter
from gunicorn.workers.base import Worker

wsgi_app = "newsdesk.wsgi:application"
bind = os.environ.get("NEWSDESK_BIND", "127.0.0.1:8000")
# Measured on 2 cores (bench.reader): see the README for the numbers behind the default.
workers = int(os.environ.get("NEWSDESK_WEB_WORKERS", "3"))
worker_class = "sync"
# A worker is recycled after this many requests (with jitter so they do not all restart at
# once), which bounds any slow growth of a process's memory.
# A worker is replaced after this many requests, so memory stays bounded. Workers share the
# load evenly, so with a narrow jitter all of them reached their count within seconds of one
# another and warmed up together (a few seconds with no worker free: requests timed out under
# load at 1M articles). A jitter as wide as the count spreads their replacements out.
max_requests = 20000
max_requests_jitter = 20000
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("NEWSDESK_ACCESS_LOG") or None
# Each worker embeds questions on one thread: the workers already share the cores.
raw_env = [f"NEWSDESK_EMBEDDING_THREADS={os.environ.get('NEWSDESK_EMBEDDING_THREADS', '1')}"]


def post_worker_init(worker: Worker) -> None:
    """Warm the worker before it takes its first request."""
    from newsdesk.reader.warmup import warm_up

    warm_up()


def when_ready(server: Arbiter) -> None:
    server.log.info("newsdesk: %s workers serving on %s", server.cfg.workers, server.cfg.bind)
