"""A separate process that fetches one URL and prints how far its memory grew, as JSON.

Peak memory is per process, so the bomb tests fetch here, away from pytest's own allocations.
A small warm-up fetch first loads every lazily imported module; then the kernel's peak (Linux
``VmHWM``) is reset, so only the bomb's fetch can raise it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsdesk.feeds import FetchConfig, Fetcher, FetchError


def memory_bytes(field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak since the last reset) from ``/proc``."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def main(warm_up_url: str, url: str, max_bytes: int) -> None:
    config = FetchConfig(
        allowed_private_hosts=("127.0.0.1",),
        max_bytes=max_bytes,
        per_host_delay=0.0,
        respect_robots=False,
    )
    reason, message = "ok", ""
    with Fetcher(config) as fetcher:
        fetcher.fetch(warm_up_url)
        reset_peak()
        baseline = memory_bytes("VmRSS")
        try:
            fetcher.fetch(url)
        except FetchError as error:
            reason, message = error.reason, error.message
        peak = memory_bytes("VmHWM")
    print(json.dumps({"reason": reason, "message": message, "growth": peak - baseline}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
