"""Ask about this article or story: quote the sentences that answer, or say the source is silent.

The answer is never written, only retrieved. Each sentence is scored by meaning (embedding cosine
with the question, also read together with the sentence before it, where "she said" finds its
speaker) and by the question's words found in it, with inflections and common synonyms folded
together ("houses" meets "homes"). A sentence carrying the kind of detail the question asks for
(a quantity for "how many", a date for "when") is preferred. Nothing is quoted unless the best
score clears an absolute answerability threshold. Across a story, every outlet's best answer is
shown with its outlet, so two outlets' different figures both reach the reader.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from newsdesk.ai import questions
from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.lexical import LexicalIndex, concepts, tokens
from newsdesk.ai.types import (
    DEFAULT_OPTIONS,
    AIOptions,
    Answer,
    Document,
    Grounded,
    Sentence,
    bounded,
    elapsed_ms,
    without_dateline,
)

Candidate = tuple[Document, Sentence, float]
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")


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
    """Quote the best candidates that clear the threshold and come close to the best one; from
    several outlets, each outlet's best such sentence, named with its outlet."""
    best = candidates[0][2] if candidates else 0.0
    if len({doc.source for doc, _, _ in candidates}) > 1:
        floor = max(options.answer_threshold, options.story_answer_ratio * best)
        versions = _one_per_outlet(candidates, floor, options.max_story_answers)
        return Answer(question, [q for _, q in versions], best, sources=[s for s, _ in versions])
    floor = max(options.answer_threshold, options.answer_ratio * best)
    chosen = [(doc, s) for doc, s, score in candidates if score >= floor]
    quoted = [doc.quote(s) for doc, s in chosen[: options.max_answer_sentences]]
    return Answer(question, quoted, best)


def _one_per_outlet(
    candidates: list[Candidate], floor: float, limit: int
) -> list[tuple[str, Grounded]]:
    """Each outlet's best sentence above the floor; a wire story several outlets carry word
    for word is quoted once."""
    versions: list[tuple[str, Grounded]] = []
    seen_sources: set[str] = set()
    seen_texts: set[str] = set()
    for doc, sentence, score in candidates:
        if score < floor or len(versions) == limit:
            break
        quoted = doc.quote(sentence)
        if doc.source in seen_sources or quoted.text in seen_texts:
            continue
        seen_sources.add(doc.source)
        seen_texts.add(quoted.text)
        versions.append((doc.source, quoted))
    return versions


def retrieve(
    question: str,
    documents: Document | Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> list[Candidate]:
    """Every sentence (of the bounded part each document is read to) with its answer score,
    best first."""
    pairs = [
        (doc, s) for doc in bounded(documents, options) for s in doc.sentences if _prose(s.text)
    ]
    if not pairs or not tokens(question):
        return []
    texts = [without_dateline(s.text) for _, s in pairs]
    vectors = embed_or_default(embed)([question, *texts])
    semantic = _semantic(vectors[0], vectors[1:], pairs, options)
    lexical = np.array(LexicalIndex.build(texts, concepts).coverage(concepts(question)))
    scores = options.semantic_weight * semantic + (1 - options.semantic_weight) * lexical
    wanted = questions.kind(question)
    scores *= [questions.fit(wanted, t, options.wrong_kind_factor) for t in texts]
    thing = questions.counted(question)
    if thing:
        scores *= [options.counted_bonus if questions.counts(t, thing) else 1.0 for t in texts]
    order = np.argsort(-scores, kind="stable")
    return [(*pairs[i], float(scores[i])) for i in order]


def _prose(text: str) -> bool:
    """A sentence, not a dateline or a caption ("10: 55 P. M. FEB. 2, 2009"): it can answer."""
    return len(_LOWER_WORD.findall(text)) >= 2


def _semantic(
    question: np.ndarray,
    vectors: np.ndarray,
    pairs: list[tuple[Document, Sentence]],
    options: AIOptions,
) -> np.ndarray:
    """Cosine with the question, or with the sentence read after the one before it when that
    is closer (a quote's speaker, the subject "it" refers to), discounted a little."""
    own = vectors @ question
    previous = np.roll(vectors, 1, axis=0)
    first = np.array([i == 0 or pairs[i - 1][0] is not pairs[i][0] for i in range(len(pairs))])
    previous[first] = vectors[first]
    context = vectors + options.context_weight * previous
    context /= np.linalg.norm(context, axis=1, keepdims=True)
    return np.clip(np.maximum(own, options.context_discount * (context @ question)), 0, None)
