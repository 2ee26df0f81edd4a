"""The newsdesk side of the ingestion bench, run as its own process by ``bench.ingest``.

Expects a migrated, empty database in ``NEWSDESK_DATA_DIR``. Creates one Source and one Feed
per farm host through the ORM, then times ``run_pass(all_feeds=True)``: feeds, then pages, in
newsdesk's own thread pools with its own fetcher, extractor and dedupe. Counts come from the
database afterwards, not from the pass's report, so they say what was actually stored.

With a ``profile`` path, every pipeline step is run under its own thread's cProfile profiler
(cProfile sees only the thread that enabled it) and the merged stats are dumped there; profile
with ``--processes 1``, since the children's profilers are not collected.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import threading
import time
from collections.abc import Callable
from typing import Any

from bench.ingest_child import Job, current_rss_mb, read_job, report, timed


def main() -> None:
    job = read_job()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    _create_feeds(job)
    _fill_archive(job.archive)
    profilers = _install_profilers(job.profile_clock) if job.profile else None
    phases = _install_phase_clock()
    from rich.console import Console

    from newsdesk.jobs.ingest import run_pass

    rss_before = current_rss_mb()
    with timed() as clock:
        pass_report = run_pass(
            all_feeds=True,
            threads=job.threads,
            processes=job.processes,
            enrich=False,
            console=Console(quiet=True),
        )
    # This bench measures fetch → extract → dedupe → store; enrichment has benches of its own.
    clock.extra["enrichment"] = "not run (run_pass(enrich=False))"
    clock.extra["pass_pages"] = dict(pass_report.pages)
    clock.extra["phases"] = {name: end - start for name, (start, end) in phases.items()}
    if profilers is not None:
        _dump_profiles(profilers, job.profile)
    report(clock, rss_before, **_counts())


def _create_feeds(job: Job) -> None:
    """One Source and Feed per host, as `newsdesk sources add` would leave them."""
    from django.utils.text import slugify

    from newsdesk.news.models import Feed, Source

    for index, feed in enumerate(job.feeds):
        source = Source.objects.create(
            name=feed.name, slug=f"{slugify(feed.name)}-{index}", home_url=_home(feed.url)
        )
        Feed.objects.create(source=source, url=feed.url, kind=Feed.Kind.RSS)


def _fill_archive(count: int) -> None:
    """Articles from earlier passes, from another outlet, published in the last three days.

    A real archive is never empty: this shows how the per-article cost grows with what is
    already stored (every new page is checked against earlier ones for duplicates).
    """
    if not count:
        return
    import random
    from datetime import timedelta

    from django.utils import timezone

    from newsdesk.news.models import Article, Source

    rng = random.Random(count)
    source = Source.objects.create(name="Earlier passes", slug="bench-archive")
    now = timezone.now()
    batch: list[Article] = []
    for index in range(count):
        url = f"https://archive.example/{index}.html"
        batch.append(
            Article(
                source=source,
                canonical_url=url,
                url=url,
                guid=url,
                headline=f"Archived story {index}",
                text=f"Archived story {index}. " * 20,
                published_at=now - timedelta(minutes=rng.randint(60, 3 * 24 * 60 - 60)),
                fingerprint=f"{rng.getrandbits(64):016x}",
                page_status=Article.PageStatus.FETCHED,
                enriched_at=now,
            )
        )
        if len(batch) == 1000:
            Article.objects.bulk_create(batch)
            batch.clear()
    Article.objects.bulk_create(batch)


def _home(url: str) -> str:
    return url.split("/feed.xml", 1)[0] + "/"


def _counts() -> dict[str, Any]:
    from django.db.models import Avg
    from django.db.models.functions import Length

    from newsdesk.news.models import Article, Feed

    articles = Article.objects.exclude(source__slug="bench-archive")
    fetched = articles.filter(page_status=Article.PageStatus.FETCHED)
    return {
        "stored": fetched.count(),
        "failed": articles.filter(page_status=Article.PageStatus.FAILED).count(),
        "pending_retry": articles.filter(page_status=Article.PageStatus.PENDING).count(),
        "rows": articles.count(),
        "near_duplicates": articles.filter(duplicate_of__isnull=False).count(),
        "feed_errors": Feed.objects.filter(error_count__gt=0).count(),
        "feed_error_text": list(
            Feed.objects.filter(error_count__gt=0).values_list("last_error", flat=True)[:3]
        ),
        "feed_warnings": Feed.objects.exclude(last_warning="").count(),
        "mean_text_chars": fetched.aggregate(n=Avg(Length("text")))["n"] or 0,
    }


def _hook(wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Wrap the steps of the pass: feeds are refreshed through ``steps.FEEDS`` in pool threads;
    pages are downloaded in pool threads, extracted on one thread per process and stored in
    batches by the pass's own thread."""
    from dataclasses import replace

    from newsdesk.jobs import ingest
    from newsdesk.pipeline import steps

    feeds = replace(steps.FEEDS, run=wrap(steps.FEEDS.run))
    steps.STAGES = tuple(feeds if stage is steps.FEEDS else stage for stage in steps.STAGES)
    steps.FEEDS = feeds
    for name in ("download_page", "extract_page", "store_pages"):
        setattr(ingest, name, wrap(getattr(ingest, name)))


def _install_phase_clock() -> dict[str, tuple[float, float]]:
    """First start and last end of each step, so the feed and page phases are timed apart
    (in this process: with ``--processes`` the pages are fetched in children)."""
    spans: dict[str, tuple[float, float]] = {}
    lock = threading.Lock()

    def wrap(inner: Callable[..., Any]) -> Callable[..., Any]:
        def clocked(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*args)
            finally:
                ended = time.perf_counter()
                name = inner.__name__
                with lock:
                    first, last = spans.get(name, (started, ended))
                    spans[name] = (min(first, started), max(last, ended))

        return clocked

    _hook(wrap)
    return spans


def _install_profilers(clock: str) -> list[cProfile.Profile]:
    """Wrap the steps so each thread profiles the steps it runs (one profiler per thread).

    With the "cpu" clock each thread's own CPU time is counted, so waiting on locks, sockets
    and the GIL disappears and what remains is what the work costs.
    """
    timer = time.thread_time if clock == "cpu" else time.perf_counter
    local = threading.local()
    profilers: list[cProfile.Profile] = []
    lock = threading.Lock()

    def wrap(inner: Callable[..., Any]) -> Callable[..., Any]:
        def profiled(*args: Any) -> Any:
            profiler = getattr(local, "profiler", None)
            if profiler is None:
                profiler = local.profiler = cProfile.Profile(timer)
                with lock:
                    profilers.append(profiler)
            profiler.enable()
            try:
                return inner(*args)
            finally:
                profiler.disable()

        return profiled

    _hook(wrap)
    return profilers


def _dump_profiles(profilers: list[cProfile.Profile], path: str) -> None:
    stats = pstats.Stats(profilers[0])
    for profiler in profilers[1:]:
        stats.add(profiler)
    stats.dump_stats(path)


if __name__ == "__main__":
    main()
