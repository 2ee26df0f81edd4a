"""One full pass of the pipeline in the foreground, for `newsdesk ingest` and the demo.

The same steps the background tasks run, driven by thread pools instead of the task queue:
fetching is I/O-bound, so threads overlap the waiting. Pages are downloaded in pool threads and
extracted on one thread per process (with ``processes``, in forked processes that each own a
share of the hosts; libxml2 corrupts its heap when several threads use it at once), and stored
by the pass's own thread in batched transactions, so the database has one writer.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice, zip_longest
from multiprocessing import connection
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from queue import SimpleQueue
from typing import cast
from urllib.parse import urlsplit

from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdesk import extraction
from newsdesk.jobs import leases
from newsdesk.lib.iterables import batched
from newsdesk.news.limits import in_chunks
from newsdesk.news.models import Article, Feed
from newsdesk.pipeline import enrichment, steps
from newsdesk.pipeline.feeds import FeedOutcome
from newsdesk.pipeline.fetching import reset_fetcher, shared_fetcher
from newsdesk.pipeline.pages import (
    FeedWords,
    PageJob,
    PageResult,
    download_page,
    extract_page,
    store_pages,
    understood,
)

logger = logging.getLogger(__name__)


@dataclass
class SourceTally:
    """One source's part of a pass: its feeds' entries, then its pages' outcomes."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    pages: Counter[str] = field(default_factory=Counter)


@dataclass
class IngestReport:
    by_source: dict[str, SourceTally] = field(default_factory=lambda: defaultdict(SourceTally))
    # Page outcomes by kind ("extracted", "merged", "retry", "failed", "skipped"), and why the
    # pages that failed or will be retried did.
    pages: Counter[str] = field(default_factory=Counter)
    page_reasons: Counter[str] = field(default_factory=Counter)
    enriched: int = 0


def run_pass(
    *,
    all_feeds: bool = False,
    threads: int = 16,
    processes: int = 1,
    enrich: bool = True,
    console: Console | None = None,
) -> IngestReport:
    """Run every stage of ``steps.STAGES`` over its due (or, for feeds, all) rows; report per
    source.

    I/O-bound stages run their batches in ``threads`` threads. Pages are fetched and extracted
    apart from storing them: extraction is CPU-bound, so ``processes`` > 1 spreads the pages
    over that many forked processes, each downloading in ``threads`` threads from its own hosts
    (so the per-host limits hold for the pass as a whole)."""
    console = console or Console()
    _bound_malloc_arenas()
    report = IngestReport()
    later = steps.STAGES[steps.STAGES.index(steps.PAGES) + 1 :] if enrich else ()
    warm_up = _WarmUp([stage.warm_up for stage in later if stage.warm_up is not None])
    alongside = _Alongside(later[0] if later else None, warm_up, report)
    if all_feeds:
        Feed.objects.filter(is_active=True).update(next_check_at=timezone.now())
    with _progress(console) as progress:
        for stage in steps.STAGES:
            if stage is steps.ARTICLES and not enrich:
                break
            if busy := leases.leased_elsewhere(stage.due(timezone.now())):
                console.print(
                    f"{busy} of the {stage.name} stage's rows are being worked on elsewhere "
                    "(a worker, or a pass stopped before); they are left to it until their "
                    "leases end."
                )
            row_ids = list(leases.claim(stage.due(timezone.now()), limit=1_000_000))
            try:
                if stage is steps.PAGES:
                    _pages(progress, row_ids, threads, processes, report, warm_up, alongside)
                else:
                    warm_up.wait()
                    _run_stage(progress, stage, row_ids, threads, report)
            except KeyboardInterrupt:
                released = leases.release(stage.due(timezone.now()), row_ids)
                console.print(
                    f"Interrupted: what was done is stored; {released} {stage.name} rows are "
                    "released for the next run."
                )
                raise
            if (row_ids or alongside.ran(stage)) and stage.after is not None:
                stage.after()
    return report


# glibc's mallopt option for the most heaps ("arenas") malloc keeps, and the bound a pass sets.
_M_ARENA_MAX = -8
_MALLOC_ARENAS = 2


def _bound_malloc_arenas() -> None:
    """Let this process's malloc keep at most ``_MALLOC_ARENAS`` heaps (its page processes
    inherit the bound). By default glibc gives each thread that allocates a heap of its own, up
    to eight per core, and keeps what is freed in each for later: with sixteen download
    threads each, the page processes peaked at 403 and 482 MB on 180 and 360 WCXB pages, and at
    353 and 416 MB with two heaps, for the same CPU. Elsewhere than glibc, nothing changes."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(_M_ARENA_MAX, _MALLOC_ARENAS)


def _hand_back_freed_memory() -> None:
    """Return the pages malloc holds free to the system. glibc keeps what a page's trees and
    strings freed for later, scattered between what stays: a page process simulated over the
    WCXB pages twice climbed from 578 MB at its 300th page to 624 MB at its 1,150th; trimmed
    every eighth batch it stayed between 525 and 597 MB. Elsewhere than glibc, nothing."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)


@dataclass
class _WarmUp:
    """The later stages' warm-ups (loading their models: seconds of CPU), run in a thread while
    the pages are fetched rather than before the first batch of enrichment. Started only once
    the page processes are forked (a process forked while another thread is inside a native
    library may inherit its locks held), and waited for before any later fork and before the
    next stage runs."""

    steps: list[Callable[[], object]]
    _thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None and self.steps:
            self._thread = threading.Thread(target=self._run, name="warm-up", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def finished(self) -> bool:
        """Started and done: the later stages may run without waiting for their models."""
        return self._thread is not None and not self._thread.is_alive()

    def _run(self) -> None:
        for step in self.steps:
            try:
                step()
            except Exception:  # the stage then loads what it needs itself, and fails there
                logger.exception("ingest: warming up %s failed", step)


@dataclass
class _Alongside:
    """The stage after the pages (enrichment), run on full batches by the pass's own thread
    between batches of stored pages, once its models are loaded: the page processes go on
    extracting meanwhile, so the two share the cores instead of enrichment waiting for the
    last page (on 2 cores the pages alone kept about 1.5 of them busy, and enrichment's
    entities, filing and storing one). What is left when the pages end is that stage's own
    run, as before."""

    stage: steps.Stage | None
    warm_up: _WarmUp
    report: IngestReport
    batches: int = 0

    def run_batch(self, before: tuple[datetime, int] | None = None) -> None:
        """One batch of the stage, if a full one is due and its models are loaded (a short
        batch would cost the models' per-batch overhead for a handful of articles), of the
        articles filed before the page ``before`` (published, id), the oldest not stored yet:
        reports are then filed in the order they would be after the last page, so what a pass
        makes of its pages does not depend on which page came first."""
        if self.stage is None or not self.warm_up.finished():
            return
        due = self.stage.due(timezone.now())
        if before is not None:
            published, article_id = before
            due = due.filter(
                Q(published_at__lt=published) | Q(published_at=published, id__lt=article_id)
            )
        row_ids = list(
            leases.claim(due, limit=self.stage.batch_size, at_least=self.stage.batch_size)
        )
        if not row_ids:
            return
        try:
            self.stage.run(row_ids)
        except KeyboardInterrupt:
            leases.release(self.stage.due(timezone.now()), row_ids)
            raise
        self.batches += 1
        if self.stage is steps.ARTICLES:
            self.report.enriched += len(row_ids)

    def ran(self, stage: steps.Stage) -> bool:
        """Whether ``stage`` ran a batch here: its ``after`` is then due even when no row was
        left for the stage's own run."""
        return stage is self.stage and self.batches > 0


def _run_stage(
    progress: Progress, stage: steps.Stage, row_ids: list[int], threads: int, report: IngestReport
) -> None:
    """The stage's batches in pool threads when it is I/O-bound, else one after the other
    (clustering is sequential by nature, and the models already use every core)."""
    task = progress.add_task(stage.name.capitalize(), total=len(row_ids))
    batches = list(batched(row_ids, stage.batch_size))
    if stage.io_bound or stage.ahead is None:
        outcomes = _in_threads(stage.run, batches, threads if stage.io_bound else 1)
    else:
        outcomes = _with_work_ahead(stage.run, stage.ahead, batches)
    with closing(outcomes):  # an interruption stops the pool's work there and then
        for batch, outcome in outcomes:
            progress.advance(task, len(batch))
            if stage is steps.FEEDS:
                for feed_outcome in cast(list[FeedOutcome], outcome):
                    _tally(report, feed_outcome)
            elif stage is steps.ARTICLES:
                report.enriched += len(batch)


def _in_threads(
    run: Callable[[Sequence[int]], object], batches: list[list[int]], threads: int
) -> Generator[tuple[list[int], object], None, None]:
    """Each batch's outcome as it completes; each thread closes its database connection."""

    def run_closing(batch: list[int]) -> object:
        try:
            return run(batch)
        finally:
            if threads > 1:
                close_old_connections()

    if threads == 1:
        yield from ((batch, run(batch)) for batch in batches)
        return
    with _interruptible_pool(threads) as pool:
        futures = {pool.submit(run_closing, batch): batch for batch in batches}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _with_work_ahead(
    run: Callable[[Sequence[int]], object],
    ahead: Callable[[Sequence[int]], Callable[[], object]],
    batches: list[list[int]],
) -> Generator[tuple[list[int], object], None, None]:
    """Each batch's outcome, one batch after the other, with the next batch's work ahead
    (``Stage.ahead``) running in a thread meanwhile."""
    if not batches:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ahead") as pool:
        pending = pool.submit(ahead(batches[0]))
        for batch, following in zip_longest(batches, batches[1:]):
            _finish(pending)
            if following is not None:
                pending = pool.submit(ahead(following))
            yield batch, run(batch)


def _finish(work_ahead: Future[object]) -> None:
    """Wait for work ahead of a batch. If it failed, the batch does that part itself (and fails
    there if it must), so here it is only logged."""
    try:
        work_ahead.result()
    except Exception:
        logger.exception("ingest: work ahead of a batch failed")


@contextmanager
def _interruptible_pool(threads: int) -> Iterator[ThreadPoolExecutor]:
    """A thread pool that, when the pass stops early (Ctrl+C), drops the work still queued
    and cuts the fetches in flight short (they fail as ``cancelled``, held against no one),
    instead of finishing every queued fetch before the pass may end."""
    pool = ThreadPoolExecutor(max_workers=threads)
    try:
        yield pool
    except BaseException:
        reset_fetcher()  # closes the fetcher: fetches in flight end at once
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


# Results stored per transaction: enough to spread the cost of a commit and of reading the
# duplicate candidates, few enough that the writer keeps up while the fetchers go on.
STORE_BATCH = 32


def _pages(
    progress: Progress,
    page_ids: list[int],
    threads: int,
    processes: int,
    report: IngestReport,
    warm_up: _WarmUp,
    alongside: _Alongside,
) -> None:
    """Fetch and extract in pool threads (and processes); store from this thread, in batches,
    warming up the later stages meanwhile and then running their full batches alongside.

    One writer means SQLite's write lock is never contended; crash safety is the leases'
    (a batch not yet stored is fetched again once its lease runs out)."""
    task = progress.add_task("Pages", total=len(page_ids))
    if not page_ids:
        return  # a pass with no new pages loads no models ahead of an enrichment it may not need
    # Page processes also read their pages for the enrichment that follows (``understood``),
    # with the models this process loads now and shares with them as it forks. In one
    # process, the writer's thread reads them as it enriches, as it would beside extraction.
    read = processes > 1 and alongside.stage is steps.ARTICLES
    # Page processes share what this process loads before it forks them: extraction's word
    # lists, and the models that read pages for enrichment.
    shared: list[Callable[[], object]] = [extraction.warm_up] if processes > 1 else []
    reading = _WarmUp(shared + ([enrichment.warm_up_reading] if read else []))
    reading.start()
    jobs, sources, unstored = _jobs_by_host(page_ids, with_words=read)
    reading.wait()
    if processes > 1:
        results = _fetch_in_processes(_share_hosts(jobs, processes), threads, warm_up)
    else:
        warm_up.start()
        results = _fetch_in_threads(_interleave(jobs), threads)

    def store(batch: list[PageResult]) -> None:
        for result, outcome in zip(batch, store_pages(batch), strict=True):
            if result.understanding is not None and outcome.kind == "extracted":
                enrichment.remember(result.article_id, result.understanding)
            unstored.stored(result.article_id)
            report.pages[outcome.kind] += 1
            report.by_source[sources[result.article_id]].pages[outcome.kind] += 1
            if outcome.reason:
                report.page_reasons[outcome.reason] += 1
        progress.advance(task, len(batch))

    fetched: list[PageResult] = []
    try:
        # Closed on the way out, so an interruption stops the fetching there and then.
        with closing(results):
            for result in results:
                fetched.append(result)
                if len(fetched) == STORE_BATCH:
                    store(fetched)
                    fetched = []
                    alongside.run_batch(before=unstored.oldest())
    finally:
        # Pages fetched before an interruption are stored, not fetched again next time.
        if fetched:
            store(fetched)


def _jobs_by_host(
    article_ids: list[int], with_words: bool = False
) -> tuple[dict[str, list[PageJob]], dict[int, str], _Unstored]:
    """The pages to fetch by host, each host's oldest first (``with_words``: with what the feed
    gave of their words); each page's source name for the summary; and the pages not stored
    yet. Oldest first, so that enrichment, which files the oldest report first, can follow the
    pages closely (``_Alongside``)."""
    words = ("headline", "standfirst", "text") if with_words else ()
    rows = [
        row
        for chunk in in_chunks(article_ids)
        for row in Article.objects.filter(pk__in=chunk).values_list(
            "published_at", "id", "url", "source__name", *words
        )
    ]
    by_host: dict[str, list[PageJob]] = defaultdict(list)
    for _, article_id, url, _, *feed in sorted(rows, key=lambda row: row[:2]):
        job = PageJob(article_id, url, FeedWords(*feed) if feed else None)
        by_host[urlsplit(url).hostname or ""].append(job)
    sources = {article_id: source for _, article_id, _, source, *_ in rows}
    unstored = _Unstored(
        {article_id: (published, article_id) for published, article_id, *_ in rows}
    )
    return by_host, sources, unstored


@dataclass
class _Unstored:
    """The pass's pages whose results are not stored yet, by (published, id): the order in
    which enrichment files reports."""

    waiting: dict[int, tuple[datetime, int]]
    _oldest_first: list[tuple[datetime, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._oldest_first = sorted(self.waiting.values(), reverse=True)

    def stored(self, article_id: int) -> None:
        self.waiting.pop(article_id, None)

    def oldest(self) -> tuple[datetime, int] | None:
        """The oldest page not stored yet, or None once all are."""
        while self._oldest_first and self._oldest_first[-1][1] not in self.waiting:
            self._oldest_first.pop()
        return self._oldest_first[-1] if self._oldest_first else None


def _interleave(jobs: dict[str, list[PageJob]]) -> list[PageJob]:
    """One page per host in turn: pages arrive feed by feed, and threads queued on one host's
    few connection slots would sit idle while other hosts wait."""
    return [job for round_ in zip_longest(*jobs.values()) for job in round_ if job is not None]


def _share_hosts(jobs: dict[str, list[PageJob]], processes: int) -> list[list[PageJob]]:
    """Split the pages between processes by host, each host to exactly one process: each
    process's fetcher then holds the per-host limits for the whole pass. Largest hosts first,
    each to the least loaded process, so the shares come out even."""
    shares: list[dict[str, list[PageJob]]] = [{} for _ in range(processes)]
    loads = [0] * processes
    for host in sorted(jobs, key=lambda name: len(jobs[name]), reverse=True):
        least = loads.index(min(loads))
        shares[least][host] = jobs[host]
        loads[least] += len(jobs[host])
    return [_interleave(share) for share in shares if share]


def _fetch_in_threads(
    jobs: list[PageJob],
    threads: int,
    extracting: Callable[[PageJob], object] = lambda job: None,
) -> Generator[PageResult, None, None]:
    """Download in ``threads`` pool threads and extract on this one: libxml2 is not safe to
    enter from several threads at once, and extraction holds the GIL most of the time anyway.
    At most ``2 * threads`` pages are downloaded ahead, so memory stays flat however many pages
    the pass holds. ``extracting`` is told of each page before its extraction starts."""
    fetcher = shared_fetcher()
    waiting = iter(jobs)
    with _interruptible_pool(threads) as pool:
        downloads = {
            pool.submit(download_page, job, fetcher): job for job in islice(waiting, 2 * threads)
        }
        while downloads:
            done, _ = wait(downloads, return_when=FIRST_COMPLETED)
            for future in done:
                job = downloads.pop(future)
                if (queued := next(waiting, None)) is not None:
                    downloads[pool.submit(download_page, queued, fetcher)] = queued
                fetched = future.result()
                if isinstance(fetched, PageResult):
                    yield fetched
                else:
                    extracting(job)
                    yield extract_page(job, fetched)


def _fetch_in_processes(
    shares: list[list[PageJob]], threads: int, warm_up: _WarmUp | None = None
) -> Generator[PageResult, None, None]:
    """Fork one process per share; each fetches with its own threads and sends results back.

    A native library's crash kills its whole process, with the pages it had not sent yet. The
    page it was extracting comes back as a failed attempt ("crashed"), tried again by a later
    pass like a page whose server failed, so a page that crashes every process cannot stall
    the queue; the others are fetched again in a fresh process, so the pass goes on and stores
    each page once.

    Children never touch the database, so the connections are closed before forking only so
    that no child inherits a socket it might close under the parent."""
    connections.close_all()
    reset_fetcher()
    warm_up = warm_up or _WarmUp([])
    for _ in range(PROCESS_ROUNDS):
        shares = yield from _fetch_round(shares, threads, warm_up)
        if not shares:
            return
        logger.warning(
            "ingest: a page process died; %d of its pages are fetched again",
            sum(map(len, shares)),
        )
    for job in (job for share in shares for job in share):
        yield _crashed(job.article_id)


# Rounds of page processes per pass: the first, and more for the pages of any that died.
PROCESS_ROUNDS = 3


def _fetch_round(
    shares: list[list[PageJob]], threads: int, warm_up: _WarmUp
) -> Generator[PageResult, None, list[list[PageJob]]]:
    """One process per share, each with a pipe of its own: a process dying mid-message spoils
    only its own pipe. Yields the results as they come; returns, per process that died, the
    jobs whose results never came (less the one it died extracting). The warm-up starts once
    the processes are forked."""
    context = multiprocessing.get_context("fork")
    running: dict[Connection, _Child] = {}
    lost: list[list[PageJob]] = []
    warm_up.wait()
    try:
        for share in shares:
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_fetch_in_child, args=(share, threads, writer))
            process.daemon = True
            process.start()
            writer.close()  # the child's copy stays open: the reader ends when the child does
            running[reader] = _Child(process, {job.article_id: job for job in share})
        warm_up.start()
        messages: SimpleQueue[tuple[Connection, object]] = SimpleQueue()
        threading.Thread(target=_drain, args=(list(running), messages), daemon=True).start()
        while running:
            reader, message = messages.get()
            child = running[reader]
            if message is _ENDED:
                del running[reader]
                reader.close()
                child.process.join()
                yield from child.lost(lost)
            elif isinstance(message, PageResult):
                del child.unsent[message.article_id]
                yield message
            else:
                child.extracting = cast(int, message)
    finally:
        for child in running.values():
            child.process.terminate()
            child.process.join(timeout=5)
    return lost


# What ``_drain`` passes on when a child's pipe ends (the child exited, or died).
_ENDED = object()


def _drain(readers: list[Connection], messages: SimpleQueue[tuple[Connection, object]]) -> None:
    """Read the children's pipes as fast as they write, whatever the pass's thread is doing: a
    child whose pipe is full waits to send, and would stand idle while a batch is stored."""
    open_readers = list(readers)
    while open_readers:
        for reader in cast(list[Connection], connection.wait(open_readers)):
            try:
                messages.put((reader, reader.recv()))
            except (EOFError, OSError):
                open_readers.remove(reader)
                messages.put((reader, _ENDED))


@dataclass
class _Child:
    """A page process, the pages it has not sent yet and the one it is extracting."""

    process: BaseProcess
    unsent: dict[int, PageJob]
    extracting: int | None = None

    def lost(self, lost: list[list[PageJob]]) -> Iterator[PageResult]:
        """After the process ended: the page it died extracting, as a failed attempt; the
        rest of what it never sent goes to ``lost``, to be fetched again."""
        if self.extracting in self.unsent:
            del self.unsent[self.extracting]
            yield _crashed(self.extracting)
        if self.unsent:
            lost.append(list(self.unsent.values()))


def _crashed(article_id: int) -> PageResult:
    return PageResult(article_id, None, error="the page process died", reason="crashed")


# Pages a page process reads for enrichment at once (``understood``): the entity model costs
# less a page in batches, and a few pages held back do not keep the writer waiting.
READ_BATCH = 8
# Batches a page process reads between handing its freed memory back (``malloc_trim``): every
# batch cost 12% more CPU in extraction alone (freed pages fault in again); every eighth, no
# CPU to measure, and its memory still levels off.
_TRIM_EVERY = 8


def _fetch_in_child(jobs: list[PageJob], threads: int, results: Connection) -> None:
    """Send each page's id before extracting it, then its result, read for enrichment (in
    batches of ``READ_BATCH``) when its job carries the feed's words: if the process dies,
    the parent knows which page it was on (and fetches the ones held back again)."""
    by_id = {job.article_id: job for job in jobs}
    held: list[tuple[PageJob, PageResult]] = []
    batches = 0
    with closing(results):
        for result in _fetch_in_threads(jobs, threads, lambda job: results.send(job.article_id)):
            held.append((by_id[result.article_id], result))
            if len(held) == READ_BATCH:
                _send_read(held, results)
                held = []
                batches += 1
                if batches % _TRIM_EVERY == 0:
                    _hand_back_freed_memory()
        _send_read(held, results)


def _send_read(pages: list[tuple[PageJob, PageResult]], results: Connection) -> None:
    for result in understood(pages):
        results.send(result)


def _tally(report: IngestReport, outcome: FeedOutcome) -> None:
    tally = report.by_source[outcome.source_name]
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


_SUMMARY_COLUMNS = (
    "source", "new", "updated", "unchanged", "failed feeds",
    "pages stored", "merged as duplicates", "pages to retry", "pages failed",
)  # fmt: skip


def summary_table(report: IngestReport) -> Table:
    """Per source: entries new, updated and unchanged, then what became of their pages; the
    caption says why pages failed, so nothing is lost without a reason on screen."""
    table = Table(title="Ingest summary")
    for column in _SUMMARY_COLUMNS:
        table.add_column(column, justify="left" if column == "source" else "right")
    for name in sorted(report.by_source):
        tally = report.by_source[name]
        pages = [tally.pages[kind] for kind in ("extracted", "merged", "retry", "failed")]
        counts = (tally.new, tally.updated, tally.unchanged, tally.failed, *pages)
        table.add_row(name, *map(str, counts))
    reasons = ", ".join(f"{reason} {n}" for reason, n in report.page_reasons.most_common())
    table.caption = (
        f"{report.enriched} enriched; {Article.objects.count()} articles in the archive"
        + (f"; pages failed or to retry because of: {reasons}" if reasons else "")
    )
    return table
