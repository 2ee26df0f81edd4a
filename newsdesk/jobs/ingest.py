"""One full pass of the pipeline in the foreground, for `newsdesk ingest` and the demo.

The same steps the background tasks run, driven by thread pools instead of the task queue:
fetching is I/O-bound, so threads overlap the waiting while each step still writes its rows in
its own short transaction.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import partial
from itertools import zip_longest
from urllib.parse import urlsplit

from django.db import connections
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdesk.jobs import leases
from newsdesk.jobs.scheduler import ENRICH_BATCH
from newsdesk.news.models import Article, Feed
from newsdesk.pipeline import steps
from newsdesk.pipeline.fetching import reset_fetcher
from newsdesk.reader import assistant


@dataclass
class SourceTally:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    by_source: dict[str, SourceTally] = field(default_factory=lambda: defaultdict(SourceTally))
    pages: Counter = field(default_factory=Counter)
    enriched: int = 0


def run_pass(
    *,
    all_feeds: bool = False,
    threads: int = 16,
    processes: int = 1,
    enrich: bool = True,
    console: Console | None = None,
) -> IngestReport:
    """Poll due (or all) feeds, fetch every pending page, enrich; report per source.

    Extraction is CPU-bound, so ``processes`` > 1 spreads the pages over that many forked
    processes (each with ``threads`` threads and its own per-host limits)."""
    console = console or Console()
    report = IngestReport()
    now = timezone.now()
    if all_feeds:
        Feed.objects.filter(is_active=True).update(next_check_at=now)
    feed_ids = list(leases.claim(leases.due_feeds(now), now, limit=100_000))
    names = dict(Feed.objects.filter(pk__in=feed_ids).values_list("id", "source__name"))
    with _progress(console) as progress:
        for feed_id, outcome in _run(
            progress, "Feeds", steps.refresh_feed_by_id, feed_ids, threads
        ):
            if outcome is not None:
                _tally(report.by_source[names[feed_id]], outcome)
        page_ids = _interleave_hosts(
            list(leases.claim(leases.pending_pages(timezone.now()), limit=1_000_000))
        )
        if processes > 1:
            report.pages.update(_pages_in_processes(progress, page_ids, threads, processes))
        else:
            for _, result in _run(progress, "Pages", steps.process_page_by_id, page_ids, threads):
                report.pages[result] += 1
        if enrich:
            report.enriched = _enrich(progress)
    return report


# Pages per job handed to a process: small enough for a live progress bar, large enough that
# each process keeps its threads busy.
_PROCESS_CHUNK = 64


def _pages_in_processes(
    progress: Progress, page_ids: list[int], threads: int, processes: int
) -> Counter:
    """Fork workers that inherit this process's settings; each opens its own connections."""
    task = progress.add_task("Pages", total=len(page_ids))
    outcomes: Counter = Counter()
    connections.close_all()
    reset_fetcher()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        chunks = [page_ids[i : i + _PROCESS_CHUNK] for i in range(0, len(page_ids), _PROCESS_CHUNK)]
        futures = [pool.submit(_pages_in_child, chunk, threads) for chunk in chunks]
        for future in as_completed(futures):
            result = future.result()
            outcomes.update(result)
            progress.advance(task, sum(result.values()))
    return outcomes


def _pages_in_child(page_ids: list[int], threads: int) -> Counter:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return Counter(pool.map(partial(steps.in_thread, steps.process_page_by_id), page_ids))


def _interleave_hosts(article_ids: list[int]) -> list[int]:
    """One page per host in turn: pages arrive feed by feed, and threads queued on one host's
    two connection slots would sit idle while other hosts wait."""
    by_host: dict[str, list[int]] = defaultdict(list)
    for start in range(0, len(article_ids), 500):  # SQLite caps the parameters of one query
        chunk = Article.objects.filter(pk__in=article_ids[start : start + 500])
        for article_id, url in chunk.values_list("id", "url"):
            by_host[urlsplit(url).hostname or ""].append(article_id)
    queues = [sorted(ids) for ids in by_host.values()]
    return [article_id for round_ in zip_longest(*queues) for article_id in round_ if article_id]


def _enrich(progress: Progress) -> int:
    """Batches one after another: clustering is sequential by nature, and the models already
    use every core."""
    ids = list(leases.claim(leases.unenriched_articles(timezone.now()), limit=1_000_000))
    task = progress.add_task("Enrich", total=len(ids))
    for start in range(0, len(ids), ENRICH_BATCH):
        batch = ids[start : start + ENRICH_BATCH]
        steps.enrich_articles(batch)
        assistant.precompute(batch)
        progress.advance(task, len(batch))
    steps.merge_similar_stories()
    return len(ids)


def _run(
    progress: Progress, label: str, step: Callable, ids: list[int], threads: int
) -> Iterable[tuple[int, object]]:
    task = progress.add_task(label, total=len(ids))
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {pool.submit(steps.in_thread, step, row_id): row_id for row_id in ids}
        for future in as_completed(futures):
            progress.advance(task)
            yield futures[future], future.result()


def _tally(tally: SourceTally, outcome: steps.FeedOutcome) -> None:
    tally.new += outcome.new
    tally.updated += outcome.updated
    tally.unchanged += outcome.unchanged
    if outcome.error:
        tally.failed += 1
        tally.errors.append(outcome.error)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:>6}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def summary_table(report: IngestReport) -> Table:
    table = Table(title="Ingest summary")
    for column in ("source", "new", "updated", "unchanged", "failed feeds"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for name in sorted(report.by_source):
        tally = report.by_source[name]
        table.add_row(name, *map(str, (tally.new, tally.updated, tally.unchanged, tally.failed)))
    pages = report.pages
    table.caption = (
        f"pages: {pages['fetched']} extracted, {pages['failed']} failed; "
        f"{report.enriched} enriched; "
        f"{Article.objects.count()} articles in the archive"
    )
    return table
