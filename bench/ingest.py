"""End-to-end ingestion: a local publisher farm → stored, extracted, deduplicated articles.

Run ``python -m bench.ingest [--articles 2000] [--hosts 50]``. The farm (``bench.ingest_farm``)
serves ``--hosts`` loopback publishers, each an RSS feed plus article pages with the usual
trouble (slow pages, 500s, truncated HTML, one broken feed, wire copies, tracking-parameter
repeats). Two systems ingest it in the same run, each in its own subprocess so its peak RSS is
its own:

* newsdesk: ``newsdesk.jobs.ingest.run_pass(all_feeds=True)`` on a fresh SQLite data dir;
* a newspaper4k loop: feedparser + ``newspaper.Article`` download/parse into SQLite.

Enrichment is not part of this bench (``run_pass``'s enrichment step is replaced by a no-op in
the child; ``bench.enrich`` measures it). Articles/s is stored articles with their page
extracted divided by the wall seconds of the pass (process start, imports and migrations
excluded). The text F1 column scores each stored text against the page's generated body (bag
of words), so a fast system that keeps the cookie banner shows it. newsdesk runs a second time
with ``--archive`` articles already stored, because a real archive is never empty and per-article
work that grows with it shows only there. Then newsdesk runs at a quarter and half the
articles to show whether its peak memory stays flat. ``--profile`` adds two cProfiles of
newsdesk's pipeline steps (all pool threads merged): wall clock, to see where threads wait, and
thread CPU time, to see what the work costs.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import pstats
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.common import REPO_ROOT, print_table
from bench.ingest_child import RESULT_PREFIX
from bench.ingest_farm import Farm, Host, build_hosts, farm_stats

CHILD_TIMEOUT = 1800  # seconds; a run that takes longer is a failure worth reporting
NEWSDESK_THREADS = 16  # run_pass's default, used for both systems
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Settings:
    articles: int
    hosts: int
    threads: int
    delay: float
    profile: bool
    systems: tuple[str, ...]
    archive: int
    processes: int


def main() -> None:
    settings = _parse_args()
    items = math.ceil(settings.articles / settings.hosts)
    started = time.perf_counter()
    hosts = build_hosts(settings.hosts, items)
    farm = Farm(hosts)
    farm.start()
    print(f"farm built in {time.perf_counter() - started:.1f}s on port {farm.port}")
    try:
        _run_all(settings, farm, items)
    finally:
        farm.stop()


def _parse_args() -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="feed entries in total")
    parser.add_argument("--hosts", type=int, default=50, help="loopback publishers (max 250)")
    parser.add_argument("--threads", type=int, default=NEWSDESK_THREADS)
    parser.add_argument(
        "--delay", type=float, default=0.0, help="newsdesk per-host politeness delay, seconds"
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="newsdesk processes extracting pages"
    )
    parser.add_argument("--profile", action="store_true", help="also cProfile newsdesk's pass")
    parser.add_argument(
        "--archive",
        type=int,
        default=20_000,
        help="also run newsdesk with this many articles already stored (0: skip)",
    )
    parser.add_argument(
        "--systems", default="newspaper4k,newsdesk,memory", help="which parts to run"
    )
    args = parser.parse_args()
    if not 1 <= args.hosts <= 250:
        parser.error("--hosts must be between 1 and 250 (127.0.0.2 ... 127.0.0.251)")
    return Settings(
        args.articles,
        args.hosts,
        args.threads,
        args.delay,
        args.profile,
        tuple(args.systems.split(",")),
        args.archive,
        args.processes,
    )


def _run_all(settings: Settings, farm: Farm, items: int) -> None:
    _print_settings(settings, farm, items)
    rows: list[tuple[object, ...]] = []
    full: dict[str, Any] | None = None
    if "newspaper4k" in settings.systems:
        result = _run_newspaper(settings, farm, items)
        rows.append(_system_row("newspaper4k loop", result))
    if "newsdesk" in settings.systems:
        full = _run_newsdesk(settings, farm, items)
        rows.append(_system_row("newsdesk run_pass", full))
    if "newsdesk" in settings.systems and settings.archive:
        warm = _run_newsdesk(settings, farm, items, archive=settings.archive)
        rows.append(_system_row(f"newsdesk, {settings.archive:,} already stored", warm))
    if rows:
        print("\n(a) ingestion, same farm, same run")
        headers = (
            "system", "entries", "articles stored", "failed", "seconds", "articles/s",
            "CPU s", "CPU ms/article", "farm CPU s", "peak RSS MB", "text F1", "boilerplate",
            "load",
        )  # fmt: skip
        print_table(headers, rows)
        print(
            "entries = feed links read (newspaper4k) or article rows after URL dedupe "
            "(newsdesk); failed = pages given up on or left for a later retry; boilerplate = "
            "stored texts containing cookie-banner, share-bar or newsletter text; load = 1-minute "
            "load average when the run ended (other processes on the machine slow wall time)"
        )
    if full is not None:
        _print_newsdesk_details(full)
    if "memory" in settings.systems:
        _memory_table(settings, farm, full)
    if settings.profile:
        _profile(settings, farm, items)


def _print_settings(settings: Settings, farm: Farm, items: int) -> None:
    stats = farm_stats(farm.hosts, items)
    cores = len(os.sched_getaffinity(0))
    connections = os.environ.get("NEWSDESK_FETCH_PER_HOST_CONNECTIONS", "2")
    print(
        f"settings: {cores} cores (farm and system under test share them), "
        f"{settings.threads} threads for both systems; newsdesk: {settings.processes} "
        "page process(es) (--processes), per-host delay "
        f"{settings.delay}s (NEWSDESK_FETCH_PER_HOST_DELAY, default 1.0), per-host connections "
        f"{connections} (NEWSDESK_FETCH_PER_HOST_CONNECTIONS, default 2), robots.txt on, SQLite "
        f"WAL, enrichment off; newspaper4k: no per-host limit, fetch_images=False"
    )
    print(
        f"farm: {stats.hosts} hosts x {items} items = {stats.items} pages, "
        f"{stats.mean_page_kb:.0f} KB/page; {stats.ok_pages} complete pages, "
        f"{stats.error_pages} HTTP 500, {stats.truncated_pages} truncated, {stats.slow_pages} slow "
        f"(200-500 ms), {stats.wire_copies} wire copies, {stats.utm_repeats} utm repeats, "
        f"1 broken feed ({stats.broken_feed_items} items behind it)"
    )


def _system_row(name: str, result: dict[str, Any]) -> tuple[object, ...]:
    stored, seconds = result["stored"], result["seconds"]
    quality = result["quality"]
    return (
        name,
        result.get("entries", result["rows"]),
        stored,
        result["failed"] + result["pending_retry"],
        f"{seconds:.1f}",
        f"{stored / seconds:.1f}" if seconds else "-",
        f"{result['cpu_seconds']:.1f}",
        f"{1000 * result['cpu_seconds'] / max(1, stored):.1f}",
        f"{result['farm_cpu_seconds']:.1f}",
        f"{result['peak_rss_mb']:.0f}",
        f"{quality['f1']:.3f}",
        quality["boilerplate"],
        f"{result['load']:.1f}",
    )


def _run_newspaper(settings: Settings, farm: Farm, items: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-np4k-") as tmp:
        database = Path(tmp) / "articles.sqlite3"
        job = _job(farm, items, settings.threads)
        result = _child("bench.ingest_np4k", [json.dumps(job), str(database)], _base_env())
        result["quality"] = _quality(farm.hosts, _texts(database, "SELECT url, text FROM article"))
    return result


def _run_newsdesk(
    settings: Settings,
    farm: Farm,
    items: int,
    profile: str = "",
    clock: str = "wall",
    archive: int = 0,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-newsdesk-") as tmp:
        env = _newsdesk_env(tmp, settings.delay)
        migrate = [sys.executable, "-m", "newsdesk.cli", "migrate", "--verbosity", "0"]
        subprocess.run(migrate, env=env, cwd=REPO_ROOT, check=True, timeout=CHILD_TIMEOUT)
        extra = {
            "profile": profile,
            "profile_clock": clock,
            "archive": archive,
            "processes": settings.processes,
        }
        job = _job(farm, items, settings.threads) | extra
        result = _child("bench.ingest_newsdesk", [json.dumps(job)], env)
        query = "SELECT canonical_url, text FROM news_article WHERE page_status = 'fetched'"
        result["quality"] = _quality(farm.hosts, _texts(Path(tmp) / "newsdesk.sqlite3", query))
    return result


def _job(farm: Farm, items: int, threads: int) -> dict[str, Any]:
    feeds = [
        {"name": f"{host.name} ({host.address})", "url": farm.feed_url(host, items)}
        for host in farm.hosts
    ]
    return {"feeds": feeds, "threads": threads}


def _base_env() -> dict[str, str]:
    """The parent's environment without proxies: every request must stay on loopback."""
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {k: v for k, v in os.environ.items() if k.lower() not in proxies}
    env["NO_PROXY"] = env["no_proxy"] = "*"
    return env


def _newsdesk_env(data_dir: str, delay: float) -> dict[str, str]:
    return _base_env() | {
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "NEWSDESK_DATA_DIR": data_dir,
        "NEWSDESK_ALLOWED_PRIVATE_HOSTS": "127.0.0.0/8",
        "NEWSDESK_FETCH_PER_HOST_DELAY": str(delay),
        "NEWSDESK_LOG_LEVEL": "ERROR",
    }


def _child(module: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run one system in its own process; the farm's CPU use meanwhile is recorded beside it."""
    farm_cpu = _own_cpu_seconds()
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if completed.returncode != 0 or not lines:
        sys.stderr.write(completed.stderr[-4000:])
        raise RuntimeError(f"{module} failed with exit code {completed.returncode}")
    result = json.loads(lines[-1].removeprefix(RESULT_PREFIX))
    result["farm_cpu_seconds"] = _own_cpu_seconds() - farm_cpu
    # Other work on the machine slows the wall-clock columns; CPU ms/article is steadier.
    result["load"] = os.getloadavg()[0]
    return result


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _texts(database: Path, query: str) -> list[tuple[str, str]]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def _quality(hosts: list[Host], texts: list[tuple[str, str]]) -> dict[str, Any]:
    """Mean bag-of-words F1 of stored texts against the pages' bodies, and boilerplate hits."""
    gold = {(host.address, page.path): page.text for host in hosts for page in host.pages}
    scores: list[float] = []
    boilerplate = 0
    for url, text in texts:
        parts = urlsplit(url)
        expected = gold.get((parts.hostname or "", parts.path))
        if expected is None:
            continue
        scores.append(_f1(text, expected))
        boilerplate += any(marker in text for marker in _BOILERPLATE)
    return {"f1": sum(scores) / len(scores) if scores else 0.0, "boilerplate": boilerplate}


_BOILERPLATE = ("We use cookies", "Share on X", "morning briefing", "All rights reserved")


def _f1(text: str, expected: str) -> float:
    got, want = Counter(_WORD.findall(text.lower())), Counter(_WORD.findall(expected.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _print_newsdesk_details(result: dict[str, Any]) -> None:
    print(
        f"\nnewsdesk details: pass reported pages {result['pass_pages']}; "
        f"{result['near_duplicates']} flagged as near-duplicates (wire copies), "
        f"{result['feed_errors']} feeds in error {result['feed_error_text']}, "
        f"{result['feed_warnings']} read in part (broken XML), "
        f"{result['pending_retry']} pages pending a retry, {result['failed']} given up, "
        f"{result['mean_text_chars']:.0f} chars of text per stored article"
    )
    phases = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in result["phases"].items())
    print(f"newsdesk phases (first start to last end of each step): {phases}")
    print(f"newsdesk enrichment: {result['enrichment']}")


def _memory_table(settings: Settings, farm: Farm, full: dict[str, Any] | None) -> None:
    """newsdesk's peak RSS at a quarter, half and all of the articles."""
    rows = []
    for share in (0.25, 0.5, 1.0):
        items = max(1, math.ceil(settings.articles * share / settings.hosts))
        # The timed run above is the full-size point (same settings): no need to repeat it.
        reuse = share == 1.0 and full is not None
        result = full if reuse else _run_newsdesk(settings, farm, items)
        rows.append(
            (
                items * settings.hosts,
                result["stored"],
                f"{result['seconds']:.1f}",
                f"{result['stored'] / result['seconds']:.1f}",
                f"{result['rss_before_mb']:.0f}",
                f"{result['peak_rss_mb']:.0f}",
                f"{result['peak_rss_mb'] - result['rss_before_mb']:.0f}",
                f"{result['load']:.1f}",
            )
        )
    print("\n(b) newsdesk memory by article count (one subprocess each)")
    headers = (
        "feed entries", "stored", "seconds", "articles/s",
        "RSS before pass MB", "peak RSS MB", "growth MB", "load",
    )  # fmt: skip
    print_table(headers, rows)


def _profile(settings: Settings, farm: Farm, items: int) -> None:
    """Two profiled passes: wall clock (where the threads wait) and thread CPU (what costs)."""
    for clock in ("wall", "cpu"):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-profile-") as tmp:
            path = str(Path(tmp) / "newsdesk.prof")
            result = _run_newsdesk(settings, farm, items, profile=path, clock=clock)
            stream = io.StringIO()
            stats = pstats.Stats(path, stream=stream).strip_dirs()
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
        print(
            f"\nnewsdesk under cProfile, {clock} clock ({result['seconds']:.1f}s wall, "
            f"{result['stored']} stored; times are summed over all pool threads)"
        )
        print(stream.getvalue())


if __name__ == "__main__":
    main()
