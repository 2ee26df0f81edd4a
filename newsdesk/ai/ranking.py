"""How important each sentence of an article is: centrality with a news lead bias.

A sentence that many others resemble carries the article's main thread (TextRank over
embedding similarities, blended with closeness to the centroid); news writing puts the key facts
first and the headline names them, so early sentences and those close to the headline get a boost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsdesk.ai import facts
from newsdesk.ai.embedding import Embedder
from newsdesk.ai.types import AIOptions, Document, Sentence

# Text addressed to an AI rather than a reader (prompt injection, or a page about it) is never
# worth a place in a summary, and quoting it back would look like the injection worked.
_ADDRESSED_TO_AI = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,30}\b(?:instructions|prompts?|rules)\b"
    r"|\bsystem prompt\b|\bdeveloper mode\b|\byou are now\b|^\s*(?:system|assistant)\s*:",
    re.IGNORECASE,
)
_DAMPING = 0.85
_ITERATIONS = 30


@dataclass(frozen=True, slots=True)
class RankedArticle:
    """An article's sentences with their embeddings and importance scores (same order)."""

    document: Document
    vectors: np.ndarray
    scores: np.ndarray

    def similarity(self, first: int, second: int) -> float:
        return float(self.vectors[first] @ self.vectors[second])


def rank(document: Document, embed: Embedder, options: AIOptions) -> RankedArticle:
    """Embed and score every sentence; too-short sentences (datelines, captions), pieces of
    quotations and text addressed to an AI score zero. Only the opening
    `max_ranked_sentences` are read, so the cost is bounded whatever the article's length."""
    document = document.head(options.max_ranked_sentences)
    sentences = document.sentences
    if not sentences:
        return RankedArticle(document, np.zeros((0, 0), np.float32), np.zeros(0))
    vectors = embed([document.headline, *(s.text for s in sentences)])
    headline, vectors = vectors[0], vectors[1:]
    scores = _centrality(vectors) + options.headline_weight * np.clip(vectors @ headline, 0, None)
    position = np.arange(len(sentences))
    scores = scores * (1 + options.lead_weight * np.exp(-position / 4))
    scores[[not _usable(s, options) for s in sentences]] = 0.0
    return RankedArticle(document, vectors, scores)


def _centrality(vectors: np.ndarray) -> np.ndarray:
    similarity = np.clip(vectors @ vectors.T, 0, None)
    np.fill_diagonal(similarity, 0)
    totals = similarity.sum(axis=1, keepdims=True)
    transition = np.divide(similarity, totals, out=np.zeros_like(similarity), where=totals > 0)
    n = len(vectors)
    pagerank = np.full(n, 1 / n)
    for _ in range(_ITERATIONS):
        pagerank = (1 - _DAMPING) / n + _DAMPING * transition.T @ pagerank
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    return 0.5 * pagerank / pagerank.max() + 0.5 * np.clip(vectors @ centroid, 0, None)


def _usable(sentence: Sentence, options: AIOptions) -> bool:
    text = sentence.text
    long_enough = len(text.split()) >= options.min_sentence_words
    return long_enough and _stands_alone(text) and not _ADDRESSED_TO_AI.search(text)


def _stands_alone(text: str) -> bool:
    """False for a quotation whose speaker is named elsewhere: a piece of a quote spanning
    several sentences, or a whole quoted sentence without "she said"."""
    balanced = text.count("“") == text.count("”") and text.count('"') % 2 == 0
    bare_quote = text.lstrip().startswith(("“", '"')) and not facts.attributed(text)
    return balanced and not bare_quote


def pick_diverse(
    ranked: RankedArticle, order: list[int], count: int, similarity_cap: float
) -> list[int]:
    """The first `count` sentences of `order` that repeat none already picked."""
    picked: list[int] = []
    for index in order:
        if len(picked) == count or ranked.scores[index] <= 0:
            break
        if all(ranked.similarity(index, other) < similarity_cap for other in picked):
            picked.append(index)
    return picked
