"""CI gate: story clustering quality on the dev sets must not fall below the committed floors.

The reports go through the database pipeline the worker runs (enrichment, filing into stories,
consolidation after every round), so what is gated is what readers get.

Floors live in ``bench/story_floors.json`` with the SHA-256 of the data they were measured on; if
the data changes the gate fails until someone re-measures with ``python -m bench.stories`` and
commits new floors on purpose (a floor is never lowered silently).
"""

from __future__ import annotations

import hashlib
import json

import pytest

from bench.common import REPO_ROOT
from bench.stories import (
    STORIES,
    cluster_through_pipeline,
    load_reports,
    mean_scores,
    pipeline_preset,
)

FLOORS = json.loads((REPO_ROOT / "bench" / "story_floors.json").read_text(encoding="utf-8"))
ORDERS = 3
# UCI is big; its first stories (in file order) are enough for a gate that runs in CI.
UCI_STORIES = 20


def data_hash(dataset: str) -> str:
    folder = "ecbplus" if dataset == "ecbplus" else "uci-news-aggregator"
    return hashlib.sha256((STORIES / folder / "articles.jsonl").read_bytes()).hexdigest()


def gate_reports(dataset: str) -> list:
    reports = load_reports(dataset)
    if dataset == "uci":
        stories = list(dict.fromkeys(r.gold for r in reports))[:UCI_STORIES]
        reports = [r for r in reports if r.gold in set(stories)]
    return reports


@pytest.mark.django_db
@pytest.mark.parametrize("dataset", ["ecbplus", "uci"])
def test_story_clustering_stays_above_its_floor(dataset: str) -> None:
    floor = FLOORS[dataset]
    assert data_hash(dataset) == floor["data_sha256"], "data changed: re-measure the floors"
    reports = gate_reports(dataset)
    with pipeline_preset(dataset):
        scores = mean_scores(
            reports, lambda order: cluster_through_pipeline(reports, order), ORDERS
        )
    print(f"{dataset}: {scores}")
    assert scores.precision >= floor["b3_precision"]
    assert scores.f1 >= floor["b3_f1"]
    assert scores.mix <= floor["max_lookalike_mix"]
