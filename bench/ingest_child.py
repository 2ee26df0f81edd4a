"""What both ingestion children share: reading the job, measuring, and reporting back.

Each system runs in its own subprocess so its peak RSS (``ru_maxrss``) is its own and nothing
of the farm or of the other system leaks into it. A child reads its job as JSON from argv and
prints one ``RESULT {json}`` line for the parent.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

RESULT_PREFIX = "RESULT "


@dataclass(frozen=True, slots=True)
class FeedJob:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Job:
    feeds: list[FeedJob]
    threads: int
    profile: str = ""  # a path for the merged cProfile stats, or "" for a timed run
    profile_clock: str = "wall"  # "wall" shows where threads wait, "cpu" what burns the CPU
    archive: int = 0  # articles already in the database before the pass (newsdesk only)
    processes: int = 1  # newsdesk only: processes extracting pages (run_pass(processes=...))


@dataclass(slots=True)
class Clock:
    """Wall and CPU seconds of the timed part, filled when the block ends."""

    wall: float = 0.0
    cpu: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def read_job() -> Job:
    raw = json.loads(sys.argv[1])
    feeds = [FeedJob(**feed) for feed in raw["feeds"]]
    return Job(
        feeds=feeds,
        threads=raw["threads"],
        profile=raw.get("profile", ""),
        profile_clock=raw.get("profile_clock", "wall"),
        archive=raw.get("archive", 0),
        processes=raw.get("processes", 1),
    )


@contextmanager
def timed() -> Iterator[Clock]:
    """Wall time and this process's CPU time (all threads) spent inside the block."""
    clock = Clock()
    wall, cpu = time.perf_counter(), _cpu_seconds()
    yield clock
    clock.wall = time.perf_counter() - wall
    clock.cpu = _cpu_seconds() - cpu


def current_rss_mb() -> float:
    """Resident memory now, from /proc (Linux), to set the peak against the starting point."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def report(clock: Clock, rss_before_mb: float, **counts: Any) -> None:
    """Print the child's result; peak RSS is read last so it covers everything the child did."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {
        "seconds": clock.wall,
        "cpu_seconds": clock.cpu,
        "rss_before_mb": rss_before_mb,
        "peak_rss_mb": peak_mb,
        **clock.extra,
        **counts,
    }
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def _cpu_seconds() -> float:
    """This process and its finished children: ``--processes`` extracts pages in children."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )
