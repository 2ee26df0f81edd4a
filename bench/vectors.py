"""Vector search as the archive grows: related articles and story filing at 10k to 1M articles.

    python -m bench.vectors [--sizes 10000,100000,1000000] [--per-day 2740] [--queries 200]

A synthetic archive is written into a fresh SQLite data dir (``NEWSDESK_DATA_DIR`` set to a
temporary folder before Django starts): reports arrive at ``--per-day`` (1M a year by default)
from 20 outlets, five reports a story, each embedding its story's direction plus noise, so the
vectors have the neighbourhoods real ones have. The archive grows into the past: the newest
report is always "now", so every size has the same recent activity and only the history grows.
At each size the bench times, on the newest articles:

* related articles for an article page (``related_articles``), with the per-process matrix of
  recent story centroids warm, and the time to rebuild that matrix from the database (once a
  minute per process);
* filing a new report into a story (``_file_into_story``: candidate stories in the time window,
  decoding their centroids, the join decision), rolled back so the archive does not change.

Work that grows with the archive's total size shows up as rising milliseconds down the table;
work bounded by the time windows stays flat.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import numpy as np

from bench.common import print_table, setup_django

DIM = 384
OUTLETS = 20
PER_STORY = 5
BATCH = 5000


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


class Archive:
    """Writes the synthetic archive newest first, one batch of stories and reports at a time."""

    def __init__(self, per_day: int, seed: int = 7) -> None:
        from django.utils import timezone

        from newsdesk.news.models import Source

        self.rng = np.random.default_rng(seed)
        self.spacing = timedelta(days=1) / per_day
        self.now = timezone.now()
        self.written = 0
        self.sources = [
            Source.objects.get_or_create(slug=f"outlet-{i}", defaults={"name": f"Outlet {i}"})[0]
            for i in range(OUTLETS)
        ]

    def grow_to(self, size: int) -> None:
        while self.written < size:
            self._batch(min(BATCH, size - self.written))

    def _batch(self, count: int) -> None:
        from django.db import transaction

        from newsdesk.news.models import Article, Story

        stories_n = count // PER_STORY
        topics = _unit(self.rng.standard_normal((stories_n, DIM)))
        times = [self.now - self.spacing * (self.written + i) for i in range(count)]
        with transaction.atomic():
            stories = Story.objects.bulk_create(
                Story(
                    title=f"Story {self.written + i}",
                    first_seen_at=times[i * PER_STORY + PER_STORY - 1],
                    last_seen_at=times[i * PER_STORY],
                    article_count=PER_STORY,
                    source_count=PER_STORY,
                    centroid=topics[i].tobytes(),
                    entity_counts={f"place-{self.written + i}": PER_STORY},
                )
                for i in range(stories_n)
            )
            noise = self.rng.standard_normal((count, DIM)) * 0.04
            vectors = _unit(np.repeat(topics, PER_STORY, axis=0) + noise)
            articles = Article.objects.bulk_create(
                Article(
                    source=self.sources[(self.written + i) % OUTLETS],
                    canonical_url=f"https://outlet.example/a/{self.written + i}",
                    url=f"https://outlet.example/a/{self.written + i}",
                    headline=f"Report {self.written + i} on story {i // PER_STORY}",
                    text="A synthetic report.",
                    published_at=times[i],
                    story=stories[i // PER_STORY],
                    embedding=vectors[i].tobytes(),
                    entities=[],
                    enriched_at=times[i],
                )
                for i in range(count)
            )
            for i, story in enumerate(stories):
                story.lead_article = articles[i * PER_STORY]
            Story.objects.bulk_update(stories, ["lead_article"])
        self.written += count


def _median_ms(work: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.process_time()
        work()
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings)


def measure(size: int, queries: int, data_dir: Path) -> list[object]:
    from django.db import transaction
    from django.utils import timezone

    from newsdesk.lib.vectors import from_blob
    from newsdesk.news.models import Article
    from newsdesk.news.queries import related_articles
    from newsdesk.news.vectors import RELATED_WINDOW, forget_story_vectors, story_vectors
    from newsdesk.pipeline.stories import article_signal, file_into_story

    newest = list(Article.objects.order_by("-published_at")[:queries])
    probe = from_blob(newest[0].embedding)

    def rebuild() -> int:
        forget_story_vectors()  # what a new process, or a new embedding model, starts from
        return len(story_vectors().ranked(probe, timezone.now() - RELATED_WINDOW, 1)[0])

    rebuild_ms = _median_ms(rebuild, 3)
    pages = iter(newest * 2)
    related_ms = _median_ms(lambda: related_articles(next(pages)), queries)

    def file_one() -> None:
        article = next(reports)
        signal = article_signal(article, [], from_blob(article.embedding))
        with transaction.atomic():
            file_into_story(signal)
            transaction.set_rollback(True)

    reports = iter(newest * 2)
    filing_ms = _median_ms(file_one, queries)
    db_mb = (data_dir / "newsdesk.sqlite3").stat().st_size / 2**20
    return [
        f"{size:,}",
        f"{db_mb:,.0f}",
        len(story_vectors()),
        rebuild_ms,
        related_ms,
        filing_ms,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--per-day", type=int, default=2740, help="reports a day (1M a year)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-vectors-") as folder:
        setup_django(Path(folder))
        archive = Archive(args.per_day)
        for size in sizes:
            started = time.perf_counter()
            archive.grow_to(size)
            print(f"archive at {size:,} articles ({time.perf_counter() - started:.0f} s to grow)")
            rows.append(measure(size, args.queries, Path(folder)))
    print(f"{args.per_day} reports a day, {PER_STORY} a story; median ms over the newest articles")
    print_table(
        [
            "articles",
            "DB MB",
            "stories in matrix",
            "matrix rebuild ms",
            "related articles ms",
            "file a report ms",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
