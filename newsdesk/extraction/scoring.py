"""Score extracted article text against gold text the way our two dev sets' benchmarks do.

The rules live in the data sets' READMEs (``extraction/scrapinghub/README.md``,
``extraction/wcxb-dev/README.md``); both the bench and the CI quality gate import this module so
the number we publish and the number we enforce are the same number. Scrapinghub compares word
4-gram multisets, normalises each document's counts so every page weighs the same, then averages
precision and recall over documents; WCXB compares word bags page by page (``word_bag_score``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import mean

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DocumentCounts:
    """True/false positive and false negative shingles of one document, as shares of their sum."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True, slots=True)
class CorpusScore:
    """Corpus-level scores: F1 is the harmonic mean of the mean precision and mean recall."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    documents: int


def tokenize(text: str | None) -> list[str]:
    """Runs of Unicode word characters, case kept, punctuation and spaces dropped."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of consecutive ``size``-token windows (one short window for short texts)."""
    tokens = tokenize(text)
    windows = (tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(window for window in windows if window)


def document_counts(truth: str | None, extracted: str | None) -> DocumentCounts:
    """Shared, extra and missing shingles of one document, normalised to sum to 1."""
    gold, found = shingles(truth), shingles(extracted)
    tp = sum((gold & found).values())
    fp = sum((found - gold).values())
    fn = sum((gold - found).values())
    total = tp + fp + fn
    if total == 0:
        return DocumentCounts(0.0, 0.0, 0.0)
    return DocumentCounts(tp / total, fp / total, fn / total)


def precision(counts: DocumentCounts) -> float:
    """Per-document precision with the benchmark's edge rules."""
    if counts.fp == counts.fn == 0:
        return 1.0
    if counts.tp == counts.fp == 0:
        return 0.0
    return counts.tp / (counts.tp + counts.fp)


def recall(counts: DocumentCounts) -> float:
    """Per-document recall with the benchmark's edge rules."""
    if counts.fp == counts.fn == 0:
        return 1.0
    if counts.tp == counts.fn == 0:
        return 0.0
    return counts.tp / (counts.tp + counts.fn)


def document_f1(truth: str | None, extracted: str | None) -> float:
    """One document's shingle F1: the corpus figure averages precision and recall instead, so
    this is only for finding the pages that fail."""
    counts = document_counts(truth, extracted)
    precision_, recall_ = precision(counts), recall(counts)
    both = precision_ + recall_
    return 2 * precision_ * recall_ / both if both else 0.0


def score_corpus(pairs: Iterable[tuple[str | None, str | None]]) -> CorpusScore:
    """Score ``(truth, extracted)`` pairs; documents without windows skip the undefined side."""
    pairs = list(pairs)
    counts = [document_counts(truth, extracted) for truth, extracted in pairs]
    mean_precision = mean([precision(c) for c in counts if c.tp + c.fp > 0] or [0.0])
    mean_recall = mean([recall(c) for c in counts if c.tp + c.fn > 0] or [0.0])
    both = mean_precision + mean_recall
    f1 = 2 * mean_precision * mean_recall / both if both else 0.0
    exact = [tokenize(truth) == tokenize(extracted) for truth, extracted in pairs]
    return CorpusScore(mean_precision, mean_recall, f1, mean(exact or [False]), len(pairs))


@dataclass(frozen=True, slots=True)
class BagScore:
    """One page's precision, recall and F1 over word bags (the WCXB benchmark's measure)."""

    precision: float
    recall: float
    f1: float


def word_bag_score(truth: str | None, extracted: str | None) -> BagScore:
    """Compare the lower-cased ``\\w+`` word multisets of gold and extracted text (order ignored),
    with the WCXB rules (``extraction/wcxb-dev/README.md``): both empty scores 1, one empty 0."""
    gold = Counter(tokenize((truth or "").lower()))
    found = Counter(tokenize((extracted or "").lower()))
    if not gold and not found:
        return BagScore(1.0, 1.0, 1.0)
    shared = sum((gold & found).values())
    if not shared:
        return BagScore(0.0, 0.0, 0.0)
    precision_, recall_ = shared / sum(found.values()), shared / sum(gold.values())
    return BagScore(precision_, recall_, 2 * precision_ * recall_ / (precision_ + recall_))
