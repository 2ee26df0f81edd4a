"""A separate worker-like process for test_pacing: fetch one URL a few times through the
fetcher a worker uses, against the database named by ``DATABASE_URL``."""

from __future__ import annotations

import sys

import django


def main(url: str, count: int) -> None:
    django.setup()
    from newsdesk.jobs.pacing import DatabasePacer
    from newsdesk.pipeline.fetching import shared_fetcher, use_pacer

    use_pacer(DatabasePacer())
    fetcher = shared_fetcher()
    for n in range(count):
        fetcher.fetch(f"{url}?n={n}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
