"""Ask about this article or story: quote the sentences that answer, or say the source is silent.

The answer is never written, only retrieved: each candidate sentence is scored by meaning
(embedding cosine with the question) and by shared rare words, and nothing is quoted unless the
best score clears an absolute answerability threshold.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from newsdesk.ai import facts
from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.lexical import LexicalIndex, tokens
from newsdesk.ai.types import (
    DEFAULT_OPTIONS,
    AIOptions,
    Answer,
    Document,
    Sentence,
    elapsed_ms,
)

Candidate = tuple[Document, Sentence, float]

_ASKS_NUMBER = re.compile(
    r"\bhow (?:many|much|long|far|big|old)\b|\bwhat (?:percentage|share|number)\b", re.I
)
_ASKS_DATE = re.compile(r"^\s*when\b|\bwhat (?:date|day|year|time)\b", re.I)
_RELATIVE_TIME = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|(?:last|next|this) (?:week|month|year|morning))\b",
    re.I,
)
# A sentence without the kind of detail the question asks for can still answer it ("How many
# died?" — "No one was hurt."), so it is discounted rather than excluded.
_WRONG_TYPE_FACTOR = 0.8


def ask(
    question: str,
    documents: Document | Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> Answer:
    """Answer from one article or from every report of a story."""
    started = time.perf_counter()
    candidates = retrieve(question, documents, embed=embed, options=options)
    return replace(answer_from(question, candidates, options), latency_ms=elapsed_ms(started))


def answer_from(
    question: str, candidates: list[Candidate], options: AIOptions = DEFAULT_OPTIONS
) -> Answer:
    """Quote the best candidates that clear the threshold and come close to the best one."""
    best = candidates[0][2] if candidates else 0.0
    floor = max(options.answer_threshold, options.answer_ratio * best)
    chosen = [(doc, s) for doc, s, score in candidates if score >= floor]
    quoted = [doc.quote(s) for doc, s in chosen[: options.max_answer_sentences]]
    return Answer(question, quoted, best)


def retrieve(
    question: str,
    documents: Document | Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> list[Candidate]:
    """Every sentence with its answer score, best first."""
    if isinstance(documents, Document):
        documents = [documents]
    pairs = [(doc, s) for doc in documents for s in doc.sentences]
    if not pairs or not tokens(question):
        return []
    texts = [s.text for _, s in pairs]
    vectors = embed_or_default(embed)([question, *texts])
    semantic = np.clip(vectors[1:] @ vectors[0], 0, None)
    lexical = np.array(LexicalIndex.build(texts).coverage(tokens(question)))
    scores = options.semantic_weight * semantic + (1 - options.semantic_weight) * lexical
    scores *= [_type_fit(question, text) for text in texts]
    order = np.argsort(-scores, kind="stable")
    return [(*pairs[i], float(scores[i])) for i in order]


def _type_fit(question: str, text: str) -> float:
    if _ASKS_NUMBER.search(question) and not facts.quantities(text):
        return _WRONG_TYPE_FACTOR
    if _ASKS_DATE.search(question) and not (
        facts.mentions_time(text) or _RELATIVE_TIME.search(text)
    ):
        return _WRONG_TYPE_FACTOR
    return 1.0
