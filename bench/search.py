"""Search quality and latency, on SQLite: full text, semantic and hybrid side by side.

Relevance: the readers' searches in ``bench/data/search/queries.json`` (keywords, phrases,
questions, some sharing no word with the reports) over the demo outlets and the ECB+ dev texts,
both ingested through the real pipeline into a throw-away database; each search names the
events whose stories should come first. Reported: MRR, nDCG@10 and the share found first, also
by how many words the query shares with the reports.

Latency: p50 and p95 of a whole search at each size of a synthetic archive: ``bench.vectors``'s
(stories of five reports with centroids), with headlines and bodies drawn from a
Zipf-distributed vocabulary so that common words match many reports and rare ones few, as in
real news.

    python -m bench.search [--sizes 100000,1000000] [--part relevance|latency|both]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import REPO_ROOT, print_table, setup_django

QUERIES_FILE = REPO_ROOT / "bench" / "data" / "search" / "queries.json"
DEMO_EVENTS = REPO_ROOT / "newsdesk" / "demo" / "corpus" / "events.json"
# The three ways of searching compared, as ``hybrid.find``'s switches.
METHODS: dict[str, dict[str, bool]] = {
    "full text": {"semantic": False},
    "semantic": {"words": False},
    "hybrid": {},
}
CUTOFF = 10
# How much of its words a search shares with the reports it should find (the file's "words").
SHARING = {"shared": "same words", "some": "some words", "none": "other words"}
# ECB+ has no dates: its reports are filed a day ago, inside the window search reads by meaning.
ECB_AGE = timedelta(days=1)

VOCABULARY = 5000
QUERIES = 200


def _words(rng: np.random.Generator, count: int) -> list[str]:
    ranks = np.minimum(rng.zipf(1.3, count), VOCABULARY)
    return [f"w{rank}" for rank in ranks]


def add_text(rng: np.random.Generator, start_id: int) -> None:
    """Give the reports written since ``start_id`` words to search for."""
    from newsdesk.news.models import Article

    rows = list(Article.objects.filter(pk__gt=start_id).only("id"))
    for article in rows:
        article.headline = " ".join(_words(rng, 10))
        article.text = " ".join(_words(rng, 120))
    Article.objects.bulk_update(rows, ["headline", "text"], batch_size=2000)


def queries(rng: np.random.Generator) -> list[str]:
    """One to three words, some phrases, prefixes, exclusions and a source filter."""
    typed = []
    for n in range(QUERIES):
        words = _words(rng, 1 + n % 3)
        shape = n % 5
        if shape == 1:
            typed.append(f'"{" ".join(words)}"')
        elif shape == 2:
            typed.append(f"{words[0][:3]}*")
        elif shape == 3:
            typed.append(f"{' '.join(words)} -w2")
        elif shape == 4:
            typed.append(f"{' '.join(words)} source:outlet-3")
        else:
            typed.append(" ".join(words))
    return typed


def percentiles(work: list[str], run: Callable[[str], object]) -> tuple[float, float]:
    timings = []
    for text in work:
        start = time.perf_counter()
        run(text)
        timings.append((time.perf_counter() - start) * 1000)
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


@dataclass(frozen=True)
class Judged:
    """A reader's search and the events (``corpus:event``) whose stories should come first."""

    text: str
    relevant: frozenset[str]
    words: str


def load_queries() -> list[Judged]:
    rows = json.loads(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]
    return [
        Judged(row["q"], frozenset(f"{row['corpus']}:{e}" for e in row["relevant"]), row["words"])
        for row in rows
    ]


def ingest_corpora() -> dict[int, str]:
    """ECB+ dev texts, then the demo outlets, through the pipeline; each article's gold event."""
    from django.test.utils import override_settings
    from django.utils import timezone

    from bench.stories import cluster_through_pipeline, load_reports
    from newsdesk.demo.publisher import PublisherServer
    from newsdesk.jobs.demo import load_demo
    from newsdesk.news.models import Article
    from newsdesk.pipeline.fetching import reset_fetcher

    filed = timezone.now() - ECB_AGE
    reports = [replace(r, published=filed) for r in load_reports("ecbplus")]
    cluster_through_pipeline(reports, list(range(len(reports))))
    event_of = {r.id: f"ecbplus:{r.gold}" for r in reports}
    gold = {
        pk: event_of[guid]
        for pk, guid in Article.objects.filter(source__slug="replay").values_list("id", "guid")
    }
    local = override_settings(FETCH_ALLOWED_PRIVATE_HOSTS=["127.0.0.1"], FETCH_PER_HOST_DELAY=0.0)
    # The demo pass also indexes and alerts the ECB+ reports, as the worker would.
    with PublisherServer() as publisher, local:
        reset_fetcher()
        load_demo(publisher)
        reset_fetcher()
    demo = json.loads(DEMO_EVENTS.read_text(encoding="utf-8"))["articles"]
    for pk, outlet, url in Article.objects.exclude(source__slug="replay").values_list(
        "id", "source__slug", "url"
    ):
        slug = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        if (entry := demo.get(f"{outlet}/{slug}")) is not None:
            gold[pk] = f"demo:{entry['event']}"
    return gold


def gains(found: Sequence[Any], gold: dict[int, str], relevant: frozenset[str]) -> list[int]:
    """1 for a result that is the first to show one of the relevant events, else 0: a second
    story of an event already shown (the clusterer split it) is no better than a miss."""
    shown: set[str] = set()
    marks = []
    for result in found:
        event = gold.get(result.article_id, "")
        hit = event in relevant and event not in shown
        shown.add(event)
        marks.append(int(hit))
    return marks


def reciprocal_rank(marks: Sequence[int]) -> float:
    return next((1.0 / (rank + 1) for rank, mark in enumerate(marks) if mark), 0.0)


def ndcg(marks: Sequence[int], relevant: int, cutoff: int = CUTOFF) -> float:
    dcg = sum(mark / math.log2(rank + 2) for rank, mark in enumerate(marks[:cutoff]))
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(relevant, cutoff)))
    return dcg / ideal


def relevance() -> None:
    from newsdesk.news import hybrid
    from newsdesk.search import parse

    gold = ingest_corpora()
    judged = load_queries()
    kinds = [kind for kind in SHARING if any(j.words == kind for j in judged)]
    rows = []
    for method, switches in METHODS.items():
        scored = []
        for query in judged:
            marks = gains(hybrid.find(parse(query.text), **switches), gold, query.relevant)
            scored.append((query.words, reciprocal_rank(marks), ndcg(marks, len(query.relevant))))
        by_kind = [statistics.mean(rr for k, rr, _ in scored if k == kind) for kind in kinds]
        rows.append(
            [
                method,
                statistics.mean(rr for _, rr, _ in scored),
                statistics.mean(n for _, _, n in scored),
                statistics.mean(rr == 1.0 for _, rr, _ in scored),
                *by_kind,
            ]
        )
    counts = {kind: sum(j.words == kind for j in judged) for kind in kinds}
    print(f"{len(judged)} searches over {len(gold)} articles")
    print_table(
        [
            "method",
            "MRR",
            f"nDCG@{CUTOFF}",
            "first",
            *(f"MRR, {SHARING[kind]} ({counts[kind]})" for kind in kinds),
        ],
        rows,
    )


def latency(sizes: Sequence[int]) -> None:
    from bench.vectors import Archive
    from newsdesk.news import hybrid
    from newsdesk.news.models import Article
    from newsdesk.pipeline.search import rebuild
    from newsdesk.search import parse

    rows = []
    rng = np.random.default_rng(11)
    archive = Archive(per_day=2740)
    for size in sorted(sizes):
        last = Article.objects.order_by("-id").values_list("id", flat=True).first() or 0
        started = time.perf_counter()
        archive.grow_to(size)
        add_text(rng, last)
        grown = time.perf_counter() - started
        started = time.perf_counter()
        rebuild()
        indexed = time.perf_counter() - started
        work = queries(rng)
        hybrid.find(parse(work[0]))  # load the model and the centroids once
        both = percentiles(work, lambda t: hybrid.find(parse(t)))
        words = percentiles(work, lambda t: hybrid.find(parse(t), semantic=False))
        meaning = percentiles(work, lambda t: hybrid.find(parse(t), words=False))
        rows.append([f"{size:,}", f"{grown:.0f} s", f"{indexed:.0f} s", *both, *words, *meaning])
        # Each size's table as soon as it is measured: the largest may take long to build.
        print_table(
            [
                "articles",
                "grow",
                "index",
                "hybrid p50 ms",
                "p95",
                "full text p50",
                "p95",
                "semantic p50",
                "p95",
            ],
            rows,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--part", choices=["relevance", "latency", "both"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-search-") as folder:
        setup_django(Path(folder))
        if args.part in ("relevance", "both"):
            relevance()
        if args.part in ("latency", "both"):
            latency([int(size) for size in args.sizes.split(",")])


if __name__ == "__main__":
    main()
