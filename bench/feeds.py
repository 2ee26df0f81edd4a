"""Feed parsers side by side: speed on real feeds, agreement with feedparser on edge cases.

Run ``python -m bench.feeds``. Speed: feeds/s and MB/s over ``feeds/real`` (43 real feeds).
Agreement: on ``feeds/edge-cases`` (feedparser's own 127 test feeds) and on the real feeds, how
often a parser's essentials (feed title, entry count, and each entry's title, link and
published time) equal feedparser's, the correctness reference. Titles are compared as plain text
and links as absolute URLs, so only disagreements a reader would see count.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import fastfeedparser
import feedparser

from bench.common import SHARED_DATA, print_table
from newsdesk.feeds.dates import to_utc
from newsdesk.feeds.errors import FeedParseError
from newsdesk.feeds.markup import plain_text
from newsdesk.feeds.parse import parse_feed

REAL = SHARED_DATA / "feeds" / "real"
EDGE = SHARED_DATA / "feeds" / "edge-cases"
# Edge-case files carry no URL of their own; relative links resolve against this one.
EDGE_URL = "http://127.0.0.1:8097/feed.xml"
ROUNDS = 3

# (feed title, [(entry title, link, published)]) or None when the parser refused the input.
Essentials = tuple[str, list[tuple[str, str | None, datetime | None]]] | None


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    content: bytes
    url: str
    content_type: str | None


def main() -> None:
    real, edge = _real_samples(), _edge_samples()
    parsers: dict[str, Callable[[Sample], Essentials]] = {
        "feedparser": _feedparser,
        "fastfeedparser": _fastfeedparser,
        "newsdesk parse_feed": _newsdesk,
    }
    reference_real = [_feedparser(s) for s in real]
    reference_edge = [_feedparser(s) for s in edge]
    rows = []
    for name, parse in parsers.items():
        feeds_per_s, mb_per_s = _speed(parse, real)
        rows.append(
            (
                name,
                f"{feeds_per_s:.0f}",
                f"{mb_per_s:.1f}",
                _agreement(parse, real, reference_real),
                _agreement(parse, edge, reference_edge),
            )
        )
    print(
        f"{len(real)} real feeds ({sum(len(s.content) for s in real) / 1e6:.1f} MB), "
        f"{len(edge)} edge cases; best of {ROUNDS} rounds"
    )
    headers = ("parser", "feeds/s", "MB/s", "agrees on real", "agrees on edge cases")
    print_table(headers, rows)


def _speed(parse: Callable[[Sample], Essentials], samples: list[Sample]) -> tuple[float, float]:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for sample in samples:
            parse(sample)
        best = min(best, time.perf_counter() - started)
    megabytes = sum(len(s.content) for s in samples) / 1e6
    return len(samples) / best, megabytes / best


def _agreement(
    parse: Callable[[Sample], Essentials], samples: list[Sample], reference: list[Essentials]
) -> str:
    agreed = sum(parse(s) == ref for s, ref in zip(samples, reference, strict=True))
    return f"{agreed}/{len(samples)}"


def _feedparser(sample: Sample) -> Essentials:
    # Without a content type feedparser flags every feed as "bozo"; a saved file is plain XML.
    headers = {
        "content-location": sample.url,
        "content-type": sample.content_type or "application/xml",
    }
    result = feedparser.parse(sample.content, response_headers=headers, sanitize_html=False)
    if not result.entries and not result.feed.get("title") and result.get("bozo"):
        return None
    return _from_dicts(result.feed, result.entries, sample.url)


def _fastfeedparser(sample: Sample) -> Essentials:
    try:
        result = fastfeedparser.parse(sample.content)
    except Exception:  # it raises ValueError and friends on input it cannot read
        return None
    return _from_dicts(result.feed, result.entries, sample.url)


def _newsdesk(sample: Sample) -> Essentials:
    try:
        feed = parse_feed(sample.content, sample.url, sample.content_type)
    except FeedParseError:
        return None
    return feed.title, [(e.title, e.url, _seconds(e.published)) for e in feed.entries]


def _seconds(when: datetime | None) -> datetime | None:
    return when.replace(microsecond=0) if when else None


def _from_dicts(feed: Any, entries: list[Any], url: str) -> Essentials:
    def link(entry: Any) -> str | None:
        href = entry.get("link")
        return urljoin(url, href) if isinstance(href, str) and href else None

    def published(entry: Any) -> datetime | None:
        for key in ("published", "updated"):
            if when := to_utc(entry.get(f"{key}_parsed") or entry.get(key)):
                return when.replace(microsecond=0)  # feedparser keeps whole seconds only
        return None

    return plain_text(feed.get("title")), [
        (plain_text(e.get("title")), link(e), published(e)) for e in entries
    ]


def _real_samples() -> list[Sample]:
    with (REAL / "manifest.tsv").open(encoding="utf-8") as manifest:
        rows = list(csv.DictReader(manifest, delimiter="\t"))
    return [Sample(r["file"], (REAL / r["file"]).read_bytes(), r["url"], None) for r in rows]


def _edge_samples() -> list[Sample]:
    with (EDGE / "index.tsv").open(encoding="utf-8") as index:
        rows = list(csv.DictReader(index, delimiter="\t"))
    return [
        Sample(r["file"], (EDGE / r["file"]).read_bytes(), EDGE_URL, _content_type(r)) for r in rows
    ]


def _content_type(row: dict[str, str]) -> str | None:
    name, _, value = (row.get("http_headers") or "").partition(":")
    return value.strip() if name.strip().lower() == "content-type" else None


if __name__ == "__main__":
    main()
