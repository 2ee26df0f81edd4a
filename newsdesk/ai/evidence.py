"""How strongly each sentence answers a question, and whether the best one answers at all.

Each sentence gets a few measures of evidence (`FEATURES`): its meaning against the question's
(alone, read after the sentence before it, and before the one after it), the share of the
question's words it holds (alone and with the sentence before it, inflections and synonyms
folded), whether it carries the kind of detail the question asks for, whether it counts what a
"how many" question counts, and how early it comes (news puts its facts first). A linear
weighting of these ranks the sentences.

Answering is a separate decision: a calibrated probability from the best sentence's evidence and
its lead over the runner-up, since a question the article is silent on still has a best sentence,
usually one sharing the question's topic but not its detail. Both sets of weights are fitted on
the hand-written dev set (`python -m bench.ai --fit`): the ranking by a softmax over each
question's sentences, the answerability by a logistic regression weighing answerable and
unanswerable questions equally.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from newsdesk.ai import questions
from newsdesk.ai.lexical import LexicalIndex, concepts

FEATURES = (
    "meaning",
    "meaning with the sentence before",
    "meaning with the sentence after",
    "words",
    "words with the sentence before",
    "kind of detail",
    "counts what is asked",
    "lead",
)
# A sentence's neighbour is read at this weight when its meaning is taken in context.
CONTEXT_WEIGHT = 0.5
# The runner-up trails the best by at most this much: beyond it, the lead says nothing more.
MAX_MARGIN = 3.0


def features(
    question: str, texts: Sequence[str], vectors: np.ndarray, starts: np.ndarray
) -> np.ndarray:
    """One row of `FEATURES` per sentence.

    `vectors` are the question's embedding followed by one per sentence; `starts` marks the first
    sentence of each document (whose "sentence before" is itself) and must be boolean.
    """
    question_vector, sentence_vectors = vectors[0], vectors[1:]
    own = sentence_vectors @ question_vector
    ends = np.roll(starts, -1)
    before = _with_neighbour(sentence_vectors, 1, starts) @ question_vector
    after = _with_neighbour(sentence_vectors, -1, ends) @ question_vector
    words, words_before = _word_coverage(question, texts, starts)
    wanted = questions.kind(question)
    kind = [questions.fit(wanted, text, 0.0, question) for text in texts]
    thing = questions.counted(question)
    counted = [float(thing is not None and questions.counts(text, thing)) for text in texts]
    index = np.arange(len(texts))
    position = index - np.maximum.accumulate(np.where(starts, index, 0))
    lead = 1 / (1 + position / 5)
    return np.column_stack(
        [own, np.maximum(own, before), after, words, words_before, kind, counted, lead]
    )


def _with_neighbour(vectors: np.ndarray, shift: int, edge: np.ndarray) -> np.ndarray:
    """Each sentence's vector blended with its neighbour's (its own at a document's edge)."""
    neighbour = np.roll(vectors, shift, axis=0)
    neighbour[edge] = vectors[edge]
    blended = vectors + CONTEXT_WEIGHT * neighbour
    return blended / np.linalg.norm(blended, axis=1, keepdims=True)


def _word_coverage(
    question: str, texts: Sequence[str], starts: np.ndarray
) -> tuple[list[float], list[float]]:
    """The idf-weighted share of the question's concepts in each sentence, and in it together
    with the sentence before (where "it" or "she" is named)."""
    index = LexicalIndex.build(texts, concepts)
    asked = concepts(question)
    weights = index.weights(asked)
    total = sum(weights.values()) or 1.0
    previous = [frozenset() if start else index.documents[i - 1] for i, start in enumerate(starts)]
    together = [
        sum(v for w, v in weights.items() if w in words or w in before) / total
        for words, before in zip(index.documents, previous, strict=True)
    ]
    return index.coverage(asked), together


def answerability(best: float, runner_up: float | None, weights: Sequence[float]) -> float:
    """The probability that the best sentence answers: from its ranking score and its lead over
    the runner-up (`weights`: score, lead, intercept)."""
    margin = MAX_MARGIN if runner_up is None else min(best - runner_up, MAX_MARGIN)
    z = weights[0] * best + weights[1] * margin + weights[2]
    return 1 / (1 + math.exp(-z))
