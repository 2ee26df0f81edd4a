"""End-to-end enrichment speed on ECB+ texts: language, entities, hashtags, embedding, clustering.

    python -m bench.enrich [--batch 64]

Reports are processed in batches, as a worker would, and every step is timed on its own, so the
table shows articles/s overall and the share of time each step takes. Models are loaded (and
timed) before the run.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

from bench.common import print_table
from bench.stories import CONFIGS, Report, load_reports
from newsdesk.nlp.embed import embed, model_name
from newsdesk.nlp.entities import extract_entities_batch
from newsdesk.nlp.hashtags import hashtags_for
from newsdesk.nlp.language import detect_language
from newsdesk.stories.cluster import ArticleSignal, OnlineClusterer
from newsdesk.stories.signals import article_keys

T = TypeVar("T")
STEPS = ("language", "entities", "hashtags", "embedding", "clustering")


class Timer:
    """Accumulates wall time per named step."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def run(self, step: str, work: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = work()
        self.seconds[step] += time.perf_counter() - start
        return result


def _warm_up() -> float:
    start = time.perf_counter()
    detect_language("warm up the language model")
    extract_entities_batch(["Warm up in Paris."], ["en"])
    embed(["warm up"])
    return time.perf_counter() - start


def _enrich(batch: list[Report], timer: Timer, clusterer: OnlineClusterer) -> None:
    """One batch through every step, as the enrich and cluster tasks run it."""
    texts = [r.text for r in batch]
    languages = timer.run("language", lambda: [detect_language(t) for t in texts])
    entities = timer.run("entities", lambda: extract_entities_batch(texts, languages))
    pairs = list(zip(batch, entities, strict=True))
    timer.run("hashtags", lambda: [hashtags_for(r.headline, r.text, e) for r, e in pairs])
    vectors = timer.run("embedding", lambda: embed([r.lead for r in batch]))
    signals = [
        ArticleSignal(r.id, r.published, v, article_keys(e, r.lead), r.headline)
        for (r, e), v in zip(pairs, vectors, strict=True)
    ]
    timer.run("clustering", lambda: clusterer.run(signals))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64, help="reports per batch")
    args = parser.parse_args()
    load_s = _warm_up()
    reports = load_reports("ecbplus")
    timer = Timer()
    clusterer = OnlineClusterer(CONFIGS["ecbplus"])
    for start in range(0, len(reports), args.batch):
        _enrich(reports[start : start + args.batch], timer, clusterer)
    mean_chars = sum(len(r.text) for r in reports) / len(reports)
    print(f"{len(reports)} ECB+ reports, mean {mean_chars:.0f} chars, batches of {args.batch}")
    print(f"{model_name()}; models loaded in {load_s:.1f}s")
    total = sum(timer.seconds.values())
    rows = [
        [s, timer.seconds[s], len(reports) / timer.seconds[s], timer.seconds[s] / total]
        for s in STEPS
    ]
    rows.append(["total", total, len(reports) / total, 1.0])
    print_table(["step", "seconds", "articles/s", "share of time"], rows)


if __name__ == "__main__":
    main()
