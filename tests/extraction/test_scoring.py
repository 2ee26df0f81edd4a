"""The Scrapinghub scoring rules, as the dataset README states them."""

from __future__ import annotations

import pytest

from newsdesk.extraction.scoring import (
    DocumentCounts,
    document_counts,
    document_f1,
    precision,
    recall,
    score_corpus,
    shingles,
    tokenize,
)


def test_it_tokenizes_word_runs_and_keeps_case() -> None:
    assert tokenize("Port-Evren's  fleet, 2024!") == ["Port", "Evren", "s", "fleet", "2024"]
    assert tokenize(None) == []


def test_it_counts_4_token_windows_and_one_short_window() -> None:
    assert sum(shingles("a b c d e").values()) == 2
    assert list(shingles("a b")) == [("a", "b")]
    assert not shingles("")


def test_it_normalises_counts_per_document() -> None:
    counts = document_counts("a b c d e f", "a b c d e f x y")
    assert counts == DocumentCounts(tp=0.6, fp=0.4, fn=0.0)
    assert precision(counts) == pytest.approx(0.6)
    assert recall(counts) == 1.0


def test_it_applies_the_edge_rules() -> None:
    assert precision(DocumentCounts(0.0, 0.0, 0.0)) == 1.0
    assert precision(DocumentCounts(0.0, 0.0, 1.0)) == 0.0
    assert recall(DocumentCounts(0.0, 1.0, 0.0)) == 0.0


def test_corpus_f1_is_the_harmonic_mean_of_mean_precision_and_recall() -> None:
    truth = "one two three four five six"
    score = score_corpus([(truth, truth), (truth, "")])
    # The empty extraction has no windows: skipped for precision, recall 0.
    assert score.precision == 1.0
    assert score.recall == 0.5
    assert score.f1 == pytest.approx(2 * 0.5 / 1.5)
    assert score.accuracy == 0.5


def test_one_documents_f1_is_the_harmonic_mean_of_its_precision_and_recall() -> None:
    # 3 of 5 extracted windows are gold ones, and all 3 gold windows are found.
    assert document_f1("a b c d e f", "a b c d e f x y") == pytest.approx(2 * 0.6 / 1.6)
    assert document_f1("a b c d e f", "") == 0.0
