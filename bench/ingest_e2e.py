"""End to end, with enrichment: real article pages from feed to filed story, and the first
view of an AI summary.

    python -m bench.ingest_e2e [--counts 180,360,711] [--hosts 30] [--processes 2]
                               [--profile FOLDER]

``bench.ingest`` stops before enrichment; this bench runs the whole pass a worker runs
(``run_pass(enrich=True)``): feeds → pages (fetch, extract, dedupe) → enrichment (language,
entities, embedding, sections, hashtags, story filing) → consolidation → the stages after
(search index, alerts). The pages are the WCXB development split's article pages
(``../shared/data/extraction/wcxb-dev/``: 711 real pages of 695 sites, articles of real
length), served from a loopback farm of ``--hosts`` publishers (``bench.ingest_farm``), each
with an RSS feed dated now.

Each count runs in a fresh process on a fresh SQLite archive (with the checkout's
``var/models`` folder, where a start keeps what later starts reuse), so its peak memory is its
own; the table gives articles/s over the wall time of the pass and the peak RSS, which should
stay flat as the count grows, and a machine check: the CPU of a fixed piece of work timed just
before the count (``machine_check_ms``), by which runs on a shared machine can be compared.
Per step (functions the stages call, wrapped and timed; a step's time
excludes the steps inside it), the time the pass's own thread spent in it and the CPU its
process spent meanwhile (with ``--processes`` > 1 page extraction, and the reading of each
page for enrichment (language, entities, hashtags), run in the page processes, so they show in
the total CPU only; the embedding's CPU then also counts in the step the writer waits for it
in, the pages' while enrichment runs beside them). Summaries are not computed at ingest (no
language model here): after the pass, the first view of ``--first-views`` articles' summaries
and key points is timed, as a reader opening a new article would wait for it.

With ``--profile FOLDER`` each count also leaves CPU profiles (each thread's own CPU time) in
``FOLDER``: ``writer-<count>.prof`` for the pass's own thread (storing, enrichment, filing)
and ``pages-<count>-<pid>.prof`` for each page process's extracting thread. Read them with
``python -m pstats``; profiling slows the pass, so time it without.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import REPO_ROOT, SHARED_DATA, print_table
from bench.ingest import _newsdesk_env
from bench.ingest_child import RESULT_PREFIX, current_rss_mb, read_job, report, timed
from bench.ingest_farm import Farm, Host, Page

WCXB = SHARED_DATA / "extraction" / "wcxb-dev"
MODELS = REPO_ROOT / "var" / "models"
# Steps in pass order; each is a function the stages call, wrapped and timed.
# Feeds run in threads, so they are timed as their stage's wall time (``_run_stage``, which
# runs each stage but pages); the steps inside the articles stage run one after the other.
# The models are loaded in a thread of their own while the pages are fetched: that thread's
# calls of the enrichment steps count as loading.
STEPS = (
    ("feeds", "newsdesk.jobs.ingest", "_run_stage"),
    ("pages: fetch, extract, dedupe, store", "newsdesk.jobs.ingest", "_pages"),
    ("loading the models (beside the pages)", "newsdesk.pipeline.enrichment", "warm_up"),
    ("loading the models (beside the pages)", "newsdesk.pipeline.enrichment", "warm_up_reading"),
    ("loading the models (beside the pages)", "newsdesk.extraction", "warm_up"),
    ("enrich: language", "newsdesk.pipeline.enrichment", "detect_language"),
    ("enrich: entities", "newsdesk.pipeline.enrichment", "extract_entities_batch"),
    ("enrich: embedding", "newsdesk.pipeline.enrichment", "embed"),
    ("enrich: sections", "newsdesk.pipeline.enrichment", "sections_for"),
    ("enrich: hashtags", "newsdesk.pipeline.enrichment", "hashtags_for"),
    ("enrich: story filing, store", "newsdesk.pipeline.enrichment", "_save"),
    ("enrich: story filing, store", "newsdesk.pipeline.enrichment", "_tag"),
    ("enrich: story filing, store", "newsdesk.pipeline.enrichment", "file_sections"),
    ("AI: a language model's summary, key points", "newsdesk.pipeline.ai", "precompute"),
    ("story consolidation", "newsdesk.pipeline.stories", "consolidate_stories"),
    ("search index", "newsdesk.pipeline.search", "index_articles"),
    ("alerts", "newsdesk.pipeline.alerts", "alert_articles"),
)


def wcxb_hosts(hosts: int) -> list[Host]:
    """The WCXB article pages spread over ``hosts`` publishers, newest first in each feed."""
    now = datetime.now(UTC).replace(microsecond=0)
    built = [Host(h, f"127.0.0.{2 + h}", f"Outlet {h}", [], []) for h in range(hosts)]
    for number, path in enumerate(sorted((WCXB / "html").glob("*.html.gz"))):
        page_id = path.name.split(".")[0]
        truth = json.loads((WCXB / "ground-truth" / f"{page_id}.json").read_text())
        title = truth["ground_truth"].get("title") or f"Article {page_id}"
        built[number % hosts].pages.append(
            Page(
                path=f"/news/{page_id}.html",
                title=title,
                summary="",
                published=now - timedelta(minutes=number),
                text=truth["ground_truth"].get("main_content") or "",
                html=gzip.decompress(path.read_bytes()),
                delay=0.0,
                status=200,
            )
        )
    return built


def run_child(
    farm: Farm, count: int, processes: int, first_views: int, profile: str = ""
) -> dict[str, Any]:
    items = math.ceil(count / len(farm.hosts))
    feeds = [
        {"name": f"{host.name} ({host.address})", "url": farm.feed_url(host, items)}
        for host in farm.hosts
    ]
    job = {
        "feeds": feeds,
        "threads": 16,
        "processes": processes,
        "first_views": first_views,
        "profile": profile,
        "count": count,
    }
    with tempfile.TemporaryDirectory(prefix="newsdesk-e2e-") as data_dir:
        env = _newsdesk_env(data_dir, 0.0)
        # A fresh archive, but the models folder of an install that has run before, as every
        # pass after the first finds it (the first builds the MiniLM graph kept there).
        MODELS.mkdir(parents=True, exist_ok=True)
        (Path(data_dir) / "models").symlink_to(MODELS)
        subprocess.run(
            [sys.executable, "-m", "newsdesk.cli", "migrate", "-v0"], env=env, check=True
        )
        done = subprocess.run(
            [sys.executable, "-m", "bench.ingest_e2e", "--child", json.dumps(job)],
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode or not lines:
        raise RuntimeError(done.stdout[-3000:] + done.stderr[-3000:])
    return json.loads(lines[-1][len(RESULT_PREFIX) :])


def child() -> None:
    """One pass in this process, every step timed, then first views; prints the RESULT line."""
    job = read_job()
    import django

    django.setup()
    from rich.console import Console

    from bench.ingest_newsdesk import _create_feeds
    from newsdesk.jobs.ingest import run_pass

    _create_feeds(job)
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    stacks = threading.local()
    for label, module, name in STEPS:
        _time_calls(label, module, name, spent, stacks)
    rss_before = current_rss_mb()
    writer_cpu = _cpu_seconds(resource.RUSAGE_SELF)
    with timed() as clock, _profiled(job.profile, json.loads(sys.argv[1])["count"]):
        run_pass(
            all_feeds=True,
            threads=job.threads,
            processes=job.processes,
            console=Console(quiet=True),
        )
    clock.extra["steps"] = dict(spent)
    # The page processes have ended, so their CPU is the children's: the split says which
    # side a change lightened.
    clock.extra["writer_cpu_seconds"] = _cpu_seconds(resource.RUSAGE_SELF) - writer_cpu
    # The page processes have ended: the largest of them, which shares the models it was
    # forked with (so this counts them again).
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    clock.extra["page_process_peak_rss_mb"] = children
    counts = _counts()  # before the first views add their cache rows
    clock.extra["first_view"] = _first_views(json.loads(sys.argv[1])["first_views"])
    report(clock, rss_before, **counts)


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _profiled(folder: str, count: int) -> AbstractContextManager[object]:
    """With a ``folder``, profile the CPU of the pass's own thread, and that of each page
    process (forked, so it inherits the wrapper), each into a file of its own there."""
    if not folder:
        return nullcontext()
    from newsdesk.jobs import ingest

    fetch_in_child = ingest._fetch_in_child

    def profiled_child(*args: Any) -> None:
        profiler = cProfile.Profile(time.thread_time)
        try:
            profiler.runcall(fetch_in_child, *args)
        finally:
            profiler.dump_stats(Path(folder) / f"pages-{count}-{os.getpid()}.prof")

    ingest._fetch_in_child = profiled_child  # type: ignore[assignment]
    return _writer_profile(Path(folder) / f"writer-{count}.prof")


@contextmanager
def _writer_profile(path: Path) -> Iterator[None]:
    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        profiler.dump_stats(path)


def _time_calls(
    label: str, module: str, name: str, spent: dict[str, list[float]], stacks: threading.local
) -> None:
    """Replace ``module.name`` with a wrapper adding its wall and process CPU seconds to
    ``spent[label]``, less those of the wrapped steps it calls (each thread's ``stacks.calls``
    holds, per call in progress on that thread, the time its inner steps took). Enrichment
    embeds in a helper thread beside entity extraction, so those two steps' times overlap."""
    import importlib

    owner = importlib.import_module(module)
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if name == "_run_stage" and args[1].name != "feeds":
            return original(*args, **kwargs)  # the other stages' steps are timed inside
        if getattr(stacks, "warming_up", False):
            return original(*args, **kwargs)  # a step's first call, loading its model
        stacks.warming_up = name.startswith("warm_up")
        stack: list[list[float]] = stacks.__dict__.setdefault("calls", [])
        started = (time.perf_counter(), time.process_time())
        stack.append([0.0, 0.0])
        try:
            return original(*args, **kwargs)
        finally:
            stacks.warming_up = False
            inner = stack.pop()
            took = (time.perf_counter() - started[0], time.process_time() - started[1])
            for clock, seconds in enumerate(took):
                spent[label][clock] += seconds - inner[clock]
                if stack:
                    stack[-1][clock] += seconds

    setattr(owner, name, wrapper)
    # The stage list holds the functions it was built with: point it at the wrappers too.
    from newsdesk.pipeline import steps

    rebuilt = []
    for stage in steps.STAGES:
        fields = {
            field: wrapper
            for field in ("run", "after", "warm_up")
            if getattr(stage, field) is original
        }
        rebuilt.append(stage.__class__(**{**stage.__dict__, **fields}) if fields else stage)
    for old, new in zip(steps.STAGES, rebuilt, strict=True):
        for attribute in ("FEEDS", "PAGES", "ARTICLES", "SEARCH", "ALERTS", "DIGESTS"):
            if getattr(steps, attribute, None) is old:
                setattr(steps, attribute, new)
    steps.STAGES = tuple(rebuilt)


def _first_views(count: int) -> dict[str, list[float]]:
    """Wall and CPU milliseconds of the first view of ``count`` new articles' summaries and
    key points, in a process whose model is loaded, as in a web process (which loads it as it
    starts): what a reader opening the article's AI panel waits for."""
    from newsdesk.news.models import Article
    from newsdesk.pipeline import ai

    taken: dict[str, list[float]] = {"summary wall": [], "summary CPU": [], "key points wall": []}
    articles = Article.objects.select_related("source").order_by("?")[:count]
    for article in articles:
        scope = ai.article_scope(article)
        started = (time.perf_counter(), time.process_time())
        ai.summary(scope)
        taken["summary wall"].append((time.perf_counter() - started[0]) * 1000)
        taken["summary CPU"].append((time.process_time() - started[1]) * 1000)
        started = (time.perf_counter(), time.process_time())
        ai.key_points(scope)
        taken["key points wall"].append((time.perf_counter() - started[0]) * 1000)
    return taken


def _counts() -> dict[str, int]:
    from django.core.cache import caches

    from newsdesk.news.models import Article

    table = caches["ai"]._table  # type: ignore[attr-defined]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        cache_rows = cursor.fetchone()[0]
    return {
        "stored": Article.objects.count(),
        "extracted": Article.objects.filter(page_status=Article.PageStatus.FETCHED).count(),
        "enriched": Article.objects.filter(enriched_at__isnull=False).count(),
        "ai_cache_rows": cache_rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="180,360,711")
    parser.add_argument("--hosts", type=int, default=30)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--first-views", type=int, default=60)
    parser.add_argument("--profile", default="", help="a folder for CPU profiles of each count")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.argv = [sys.argv[0], args.child]
        child()
        return
    profile = ""
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
        profile = str(Path(args.profile).resolve())
    farm = Farm(wcxb_hosts(args.hosts))
    farm.start()
    results = {}
    try:
        for count in (int(c) for c in args.counts.split(",")):
            check = machine_check_ms()
            results[count] = run_child(farm, count, args.processes, args.first_views, profile)
            results[count]["machine_check_ms"] = check
            print(f"{count} pages: {json.dumps(results[count])}", flush=True)
    finally:
        farm.stop()
    _print(results, args)


def machine_check_ms() -> float:
    """The CPU milliseconds of a fixed piece of work (matrix products and a Python loop, the
    pass's own mix), timed just before each count. The machines are shared: the same code's
    CPU per article moved by a fifth between runs an hour apart, and this check moved with it.
    Compare articles/s only between runs whose checks agree."""
    rng = np.random.default_rng(0)
    left = rng.random((2048, 288), dtype=np.float32)
    right = rng.random((288, 288), dtype=np.float32)
    start = time.process_time()
    for _ in range(20):
        left @ right
    total = 0
    for i in range(300_000):
        total += i % 7
    return (time.process_time() - start) * 1000


def _split(result: dict[str, Any]) -> str:
    """The CPU seconds per article of the writer process and of the page processes."""
    stored = max(result["stored"], 1)
    writer = result.get("writer_cpu_seconds", 0.0)
    return f"{writer / stored:.3f}, {(result['cpu_seconds'] - writer) / stored:.3f}"


def _print(results: dict[int, dict[str, Any]], args: argparse.Namespace) -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\nWCXB dev article pages, {args.hosts} hosts, --processes {args.processes}; "
        f"load average {load}"
    )
    print_table(
        [
            "pages in feeds",
            "stored",
            "enriched",
            "seconds",
            "articles/s",
            "CPU s / article",
            "writer, page processes",
            "peak RSS MB",
            "page process peak RSS MB",
            "AI cache rows",
            "machine check ms",
        ],
        [
            [
                count,
                r["stored"],
                r["enriched"],
                f"{r['seconds']:.1f}",
                f"{r['enriched'] / r['seconds']:.1f}",
                f"{r['cpu_seconds'] / max(r['stored'], 1):.3f}",
                _split(r),
                f"{r['peak_rss_mb']:.0f}",
                f"{r.get('page_process_peak_rss_mb', 0):.0f}",
                r["ai_cache_rows"],
                f"{r.get('machine_check_ms', 0):.0f}",
            ]
            for count, r in results.items()
        ],
    )
    largest = results[max(results)]
    stored = max(largest["stored"], 1)
    print(
        f"\nTime per step ({max(results)} pages; the embedding runs beside the rest of "
        "enrichment, and enrichment beside the pages, so the shares add up to more than the "
        "pass; CPU is the writer process's, the embedding's threads counted in the step it "
        "runs beside too; with --processes > 1 language, entities and hashtags are read in "
        "the page processes, whose CPU is in the total only)"
    )
    print_table(
        ["step", "seconds", "share of the pass", "ms / article", "CPU ms / article"],
        [
            [
                label,
                f"{largest['steps'].get(label, [0.0, 0.0])[0]:.2f}",
                f"{largest['steps'].get(label, [0.0, 0.0])[0] / largest['seconds']:.0%}",
                f"{largest['steps'].get(label, [0.0, 0.0])[0] * 1000 / stored:.1f}",
                f"{largest['steps'].get(label, [0.0, 0.0])[1] * 1000 / stored:.1f}",
            ]
            for label in dict.fromkeys(label for label, _, _ in STEPS)
        ],
    )
    views = largest["first_view"]
    print(
        f"\nFirst view of a summary not computed at ingest ({len(views['summary wall'])} articles)"
    )
    print_table(
        ["measure", "median ms", "90th percentile ms", "max ms"],
        [
            [
                measure,
                f"{statistics.median(values):.0f}",
                f"{statistics.quantiles(values, n=10, method='inclusive')[-1]:.0f}",
                f"{max(values):.0f}",
            ]
            for measure, values in views.items()
            if len(values) > 1
        ],
    )


if __name__ == "__main__":
    main()
