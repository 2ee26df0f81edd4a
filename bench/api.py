"""The JSON API against the HTML pages it mirrors, on a synthetic archive, in the same run.

    python -m bench.api [--size 100000] [--seconds 2] [--rounds 3]

The archive is ``bench.vectors``' (20 outlets, five reports a story, ``--per-day`` reports a
day, newest report "now"), written into a throw-away SQLite data dir. Requests go through
Django's full stack in process (middleware, auth, views, templates or JSON), without a socket,
so the table compares the work each endpoint does; rounds alternate between the endpoints so
all see the same machine load. The HTML is timed twice: as an anonymous visitor gets it (whole
pages from the cache until the archive changes) and as a signed-in reader does (rendered each
time). Rows:

* latest articles: ``GET /api/v1/articles`` (token auth) vs the front page ``/``;
* a story: ``GET /api/v1/stories/<id>`` vs ``/story/<id>/``;
* a deep page: the 50th page of 30, through the API's cursor and the HTML's next links;
* the latest-articles feed: a new version served from its cache (API column) and an
  unchanged one answered ``304`` (HTML columns).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import print_table, setup_django

Request = Callable[[], object]


def _rate(request: Request, seconds: float) -> float:
    """Requests a second, done one after another for about ``seconds``."""
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        request()
        done += 1
    return done / (time.perf_counter() - started)


def _check(response) -> object:
    assert response.status_code in (200, 304), (response.status_code, response.content[:200])
    return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=2740)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    # The bench measures throughput, not the per-token limit.
    os.environ["NEWSDESK_API_RATE_LIMIT"] = str(10**9)
    with tempfile.TemporaryDirectory(prefix="newsdesk-api-") as folder:
        setup_django(Path(folder))
        from bench.vectors import Archive

        started = time.perf_counter()
        Archive(args.per_day).grow_to(args.size)
        print(f"archive of {args.size:,} articles in {time.perf_counter() - started:.0f} s")
        rows = _measure(args.seconds, args.rounds)
    print_table(
        ["request", "API req/s", "HTML anonymous req/s", "HTML signed-in req/s", "API / signed-in"],
        rows,
    )


def _measure(seconds: float, rounds: int) -> list[list[object]]:
    from django.contrib.auth.models import User
    from django.test import Client

    from newsdesk.api.models import AccessToken
    from newsdesk.news.models import Story

    user = User.objects.create_user("bench")
    key = AccessToken.issue(user, AccessToken.Kind.API)[1]
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {key}")
    anonymous = Client(HTTP_HOST="127.0.0.1")
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(user)
    story = Story.objects.order_by("-last_seen_at").first()
    assert story is not None
    # Page 50 of 30 articles, reached as a client would: by following next links.
    cursor, deep_page = "", "/"
    for _ in range(49):
        cursor = api.get("/api/v1/articles", {"limit": 30, "cursor": cursor}).json()["next_cursor"]
        next_link = re.search(
            r'rel="next" href="([^"]+)"', signed_in.get(deep_page).content.decode()
        )
        assert next_link, "the front page has no next link"
        deep_page = "/" + html.unescape(next_link.group(1)).lstrip("/")
    feed = "/feeds/latest.rss"
    etag = anonymous.get(feed)["ETag"]
    cases: dict[str, tuple[Request, Request, Request]] = {
        "latest articles": (
            lambda: _check(api.get("/api/v1/articles")),
            lambda: _check(anonymous.get("/")),
            lambda: _check(signed_in.get("/")),
        ),
        "a story": (
            lambda: _check(api.get(f"/api/v1/stories/{story.pk}")),
            lambda: _check(anonymous.get(f"/story/{story.pk}/")),
            lambda: _check(signed_in.get(f"/story/{story.pk}/")),
        ),
        "page 50 of the latest": (
            lambda: _check(api.get("/api/v1/articles", {"limit": 30, "cursor": cursor})),
            lambda: _check(anonymous.get(deep_page)),
            lambda: _check(signed_in.get(deep_page)),
        ),
        "latest feed (200 from its cache / 304)": (
            lambda: _check(anonymous.get(feed, HTTP_IF_NONE_MATCH='"stale"')),
            lambda: _check(anonymous.get(feed, HTTP_IF_NONE_MATCH=etag)),
            lambda: _check(signed_in.get(feed, HTTP_IF_NONE_MATCH=etag)),
        ),
    }
    rows = []
    for name, requests in cases.items():
        for request in requests:
            request()  # warm caches and connections
        rates: list[list[float]] = [[], [], []]
        for _ in range(rounds):
            for kept, request in zip(rates, requests, strict=True):
                kept.append(_rate(request, seconds))
        api_rate, anonymous_rate, signed_in_rate = (statistics.median(r) for r in rates)
        rows.append(
            [
                name,
                round(api_rate),
                round(anonymous_rate),
                round(signed_in_rate),
                f"{api_rate / signed_in_rate:.2f}",
            ]
        )
    return rows


if __name__ == "__main__":
    main()
