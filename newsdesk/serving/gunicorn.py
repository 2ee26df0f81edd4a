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
# A worker is replaced after this many requests, so memory stays bounded: one serving nothing
# but pages never rendered before grows about 1 MB a thousand of them, from some 300 MB after
# warm-up. A replacement costs the new worker about 1.5 s of CPU (imports and warm-up) taken
# from the others' requests (replaced every 2,000 requests, bench.reader's article pages fell
# from 64-80 to 1-22 req/s on a loaded machine). At the req/s of a quiet run of bench.reader
# (some 60,000 requests a worker on each database), each worker was replaced once or twice a
# run when replaced every 20,000 to 40,000. Workers share the load evenly, so with a narrow
# jitter all of them reached their count within seconds of one another and warmed up together
# (requests timed out under load at 1M articles): a jitter as wide as the count spreads their
# replacements out. (Loading the app before forking, gunicorn's --preload, would halve a
# replacement's cost, but a worker forked from it aborts in a native library as it exits.)
max_requests = 100_000
max_requests_jitter = 100_000
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
