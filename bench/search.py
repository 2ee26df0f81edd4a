"""Search latency on a synthetic archive: p50 and p95 of a whole search (full text, semantic
and fused; full text alone) at each size, on SQLite.

The archive is ``bench.vectors``'s (stories of five reports with centroids), with headlines
and bodies drawn from a Zipf-distributed vocabulary so that common words match many reports and
rare ones few, as in real news. Run: ``python -m bench.search --sizes 10000,100000``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import print_table, setup_django

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


def percentiles(work: list[str], run: object) -> tuple[float, float]:
    timings = []
    for text in work:
        start = time.perf_counter()
        run(text)  # type: ignore[operator]
        timings.append((time.perf_counter() - start) * 1000)
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-search-") as folder:
        setup_django(Path(folder))
        from bench.vectors import Archive
        from newsdesk.news import hybrid
        from newsdesk.news.models import Article
        from newsdesk.pipeline.search import rebuild
        from newsdesk.search import parse

        rng = np.random.default_rng(11)
        archive = Archive(per_day=2740)
        for size in sorted(int(s) for s in args.sizes.split(",")):
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
            rows.append(
                [f"{size:,}", f"{grown:.0f} s", f"{indexed:.0f} s", *both, *words, *meaning]
            )
            print(f"{size:,} articles measured")
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


if __name__ == "__main__":
    main()
