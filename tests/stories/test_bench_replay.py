"""The story bench's replays: a sample of whole stories, and models run once per report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
import pytest

from bench import stories
from bench.stories import Report, models_once, sample_stories
from newsdesk.pipeline import enrichment


def report(report_id: str, gold: str) -> Report:
    when = datetime(2014, 3, 10, tzinfo=UTC)
    return Report(report_id, gold, gold, report_id, report_id, report_id, when)


def test_a_sample_keeps_whole_stories_the_same_on_every_run() -> None:
    reports = [report(f"{gold}{i}", gold) for gold in "abcdef" for i in range(3)]
    sample = sample_stories(reports, 2)
    assert sample == sample_stories(reports, 2)
    assert len({r.gold for r in sample}) == 2
    assert len(sample) == 6  # every report of the two stories drawn
    assert sample_stories(reports, None) == reports


def test_a_replay_runs_the_models_once_per_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "_EMBEDDED", {})
    monkeypatch.setattr(stories, "_ENTITIES", {})
    seen: list[str] = []

    def fake_embed(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    def fake_entities(texts: Sequence[str], languages: Sequence[str | None]) -> list[list]:
        seen.extend(f"entities of {t}" for t in texts)
        return [[t.upper()] for t in texts]

    monkeypatch.setattr(enrichment, "embed", fake_embed)
    monkeypatch.setattr(enrichment, "extract_entities_batch", fake_entities)
    texts = ["a quake in Kestrin", "a flood in Tarrawong"]
    first, second = [], []
    for found in (first, second):
        with models_once():
            found.append(enrichment.embed(texts))
            found.append(enrichment.extract_entities_batch(texts, ["en", "en"]))
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1] == second[1] == [["A QUAKE IN KESTRIN"], ["A FLOOD IN TARRAWONG"]]
    assert sorted(seen) == sorted(texts + [f"entities of {t}" for t in texts])
    assert enrichment.embed is fake_embed  # the models are the pipeline's own again
