"""Search quality and latency on SQLite or PostgreSQL: full text, semantic, hybrid side by side.

Relevance: the readers' searches in ``bench/data/search/queries.json`` (keywords, phrases,
questions, some sharing no word with the reports) over the demo outlets and the ECB+ dev texts,
both ingested through the real pipeline into a throw-away database; each search names the
events whose stories should come first. Reported: MRR, nDCG@10 and the share found first, also
by how many words the query shares with the reports.

Latency: p50 and p95 of a whole search at each size of a synthetic archive: ``bench.reader``'s
(ids growing with time as in real ingest, stories of 1 to 400 reports with centroids, skewed
hashtags, 1% republished copies), with headlines and bodies drawn from a Zipf-distributed
vocabulary so that common words match many reports and rare ones few, as in real news. Each
size's archive is written and indexed into ``FOLDER/<size>/`` once and reused by later runs
(``--reindex`` indexes it afresh, after a change to the index).

On PostgreSQL (``--database postgresql``) the same archive is copied into a server of its
own (started as the tests start theirs) kept in ``FOLDER/<size>/postgresql/``, and indexed
there, once: later runs start that server again.

    python -m bench.search [--sizes 100000,1000000] [--part relevance|latency|both]
                           [--data FOLDER] [--reindex] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import REPO_ROOT, print_table, setup_django
from bench.postgresql import copy_tables, is_copied, kept_server, mark_copied
from bench.reader import HASHTAGS, ArchiveWriter

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


class WordyArchive(ArchiveWriter):
    """``bench.reader``'s archive with Zipf words for headlines and bodies."""

    def write(self) -> None:
        super().write()
        db = sqlite3.connect(self.folder / "newsdesk.sqlite3", isolation_level=None)
        db.execute("BEGIN")
        db.executemany(
            "UPDATE news_article SET headline = ? WHERE id = ?",
            ((" ".join(_words(self.rng, 10)), pk) for pk in range(1, self.size + 1)),
        )
        db.execute("COMMIT")
        db.close()

    def _text(self) -> str:
        return " ".join(_words(self.rng, 120))


# The shapes of the searches timed, by what makes each costly.
SHAPES = (
    "words",
    "phrase",
    "prefix",
    "exclusion",
    "source",
    "hashtag",
    "last month",
    "rare",
    "hashtag alone",
)


def queries(rng: np.random.Generator) -> list[tuple[str, str]]:
    """One to three words, as they are or as a phrase, a prefix, with an exclusion or a source,
    hashtag or date filter; a rare word alone (found in a handful of reports across the
    archive); and a hashtag alone. Each with its shape."""
    typed = []
    month_ago = (time.time() - 30 * 86400) // 86400 * 86400
    after = time.strftime("%Y-%m-%d", time.gmtime(month_ago))
    for n in range(QUERIES):
        shape = SHAPES[n % len(SHAPES)]
        words = _words(rng, 1 + n % 3)
        text = " ".join(words)
        typed.append(
            (
                shape,
                {
                    "words": text,
                    "phrase": f'"{text}"',
                    "prefix": f"{words[0][:3]}*",
                    "exclusion": f"{text} -w2",
                    "source": f"{text} source:outlet-3",
                    "hashtag": f"{text} #tag{min(int(rng.zipf(1.4)), HASHTAGS)}",
                    "last month": f"{text} after:{after}",
                    "rare": f"w{rng.integers(VOCABULARY - 500, VOCABULARY)}",
                    "hashtag alone": f"#tag{min(int(rng.zipf(1.4)), HASHTAGS)}",
                }[shape],
            )
        )
    return typed


def timed(
    work: list[tuple[str, str]], run: Callable[[str], object]
) -> tuple[list[float], list[float]]:
    """Each search's time in ms, and the CPU time it took in ms (on a shared machine the
    first grows with the load, the second much less)."""
    timings, cpu = [], []
    for _, text in work:
        start, start_cpu = time.perf_counter(), time.process_time()
        run(text)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return timings, cpu


def percentiles(timings: Sequence[float]) -> tuple[int, int]:
    """p50 and p95, in whole ms."""
    ordered = sorted(timings)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return round(statistics.median(ordered)), round(p95)


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


def latency(folder: Path, size: int, reindex: bool, database: str) -> None:
    """Time the searches on the ``size``-article archive in ``folder``, written and indexed
    there first unless a previous run left it complete; on PostgreSQL, a throw-away server is
    loaded with the archive and indexed first."""
    done = folder / "complete"
    grown = indexed = "reused"
    if not done.exists():
        started = time.perf_counter()
        WordyArchive(folder, size).write()
        grown = f"{time.perf_counter() - started:.0f} s"
        reindex = True
    if database == "postgresql":
        with kept_server(folder, fresh=grown != "reused") as url:
            os.environ["DATABASE_URL"] = url
            setup_django(folder)
            if not is_copied(folder):
                started = time.perf_counter()
                copy_tables(folder / "newsdesk.sqlite3", url, COPIED, blank={"body_html"})
                grown = f"copied in {time.perf_counter() - started:.0f} s"
                indexed = _index()
                mark_copied(folder, "copied and indexed")
            elif reindex:
                indexed = _index()
            _time_searches(size, "PostgreSQL", grown, indexed)
        return
    setup_django(folder)
    if reindex:
        indexed = _index()
        done.write_text("written and indexed\n")
    _time_searches(size, "SQLite", grown, indexed)


def _index() -> str:
    from django.db import connection

    from newsdesk.pipeline.search import rebuild

    started = time.perf_counter()
    rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return f"{time.perf_counter() - started:.0f} s"


# What search reads, in an order the foreign keys accept at commit; pages' HTML is left out,
# as search never reads it.
COPIED = ("news_source", "news_hashtag", "news_story", "news_article", "news_articlehashtag")


def _time_searches(size: int, database: str, grown: str, indexed: str) -> None:
    from newsdesk.news import hybrid
    from newsdesk.search import parse

    work = queries(np.random.default_rng(11))
    # Every search once untimed: the model and centroids load, and the database's cache holds
    # what a running server's would (else the first shape timed pays for the cold start).
    timed(work, lambda t: hybrid.find(parse(t)))
    both, both_cpu = timed(work, lambda t: hybrid.find(parse(t)))
    words, words_cpu = timed(work, lambda t: hybrid.find(parse(t), semantic=False))
    meaning, meaning_cpu = timed(work, lambda t: hybrid.find(parse(t), words=False))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{size:,} articles, {database}, {len(work)} searches; load average {load}")
    print_table(
        ["articles", "time", "grow", "index", "hybrid p50 ms", "p95", "full text p50", "p95"]
        + ["semantic p50", "p95"],
        [
            [f"{size:,}", "wall", grown, indexed, *percentiles(both), *percentiles(words)]
            + [*percentiles(meaning)],
            [f"{size:,}", "CPU", "", "", *percentiles(both_cpu), *percentiles(words_cpu)]
            + [*percentiles(meaning_cpu)],
        ],
    )
    shapes = [shape for shape, _ in work]
    print_table(
        ["shape", "hybrid p50 ms", "p95", "max", "full text p50", "p95", "max"],
        [
            [shape, *_summary(both, shapes, shape), *_summary(words, shapes, shape)]
            for shape in SHAPES
        ],
    )


def _summary(timings: Sequence[float], shapes: Sequence[str], shape: str) -> list[int]:
    mine = [t for t, s in zip(timings, shapes, strict=True) if s == shape]
    return [*percentiles(mine), round(max(mine))]


@contextmanager
def _database(database: str) -> Iterator[None]:
    """A throw-away PostgreSQL server for the relevance run on PostgreSQL; else SQLite."""
    if database != "postgresql":
        yield
        return
    from tests.postgres_server import postgres_server

    with postgres_server() as url:
        os.environ["DATABASE_URL"] = url
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--part", choices=["relevance", "latency", "both"], default="both")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "newsdesk-search"))
    parser.add_argument("--reindex", action="store_true")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    if args.part in ("relevance", "both"):
        with (
            tempfile.TemporaryDirectory(prefix="newsdesk-search-") as folder,
            _database(args.database),
        ):
            setup_django(Path(folder))
            relevance()
    if args.part not in ("latency", "both"):
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.part == "latency" and len(sizes) == 1:
        latency(Path(args.data) / str(sizes[0]), sizes[0], args.reindex, args.database)
        return
    # Django opens one database per process: each archive in a process of its own.
    for size in sizes:
        command = [sys.executable, "-m", "bench.search", "--part", "latency"]
        command += ["--sizes", str(size), "--data", args.data, "--database", args.database]
        subprocess.run(command + ["--reindex"] * args.reindex, check=True)


if __name__ == "__main__":
    main()
