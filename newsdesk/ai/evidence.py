"""How strongly each sentence answers a question, and whether the best one answers at all.

Each sentence gets a few measures of evidence (`FEATURES`): its meaning against the question's
(alone, and read after the sentence before it, where "she said" finds its speaker), the share of
the question's words it holds (alone and with the sentence before it, inflections and synonyms
folded; and near the detail asked for, so that the detail is said about the question's subject),
whether it carries the kind of detail the question asks for, and whether it counts what a
"how many" question counts. A linear weighting of these ranks the sentences. Neither the
sentence after nor how early a sentence comes is weighed: scored on each question set with
weights fitted on the others, the ranking answers more questions without them.

Answering is a separate decision: a calibrated probability from the best sentence's evidence, its
lead over the runner-up and how close the question is to the clause holding the detail asked for
(`detail_meaning`), since a question the article is silent on still has a best sentence, usually
one sharing the question's topic but not its detail. Both sets of weights are fitted on
the hand-written dev set (`python -m bench.ai --fit`): the ranking by a softmax over each
question's sentences, the answerability by a logistic regression weighing answerable and
unanswerable questions equally.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from newsdesk.ai import facts, questions
from newsdesk.ai.embedding import Embedder
from newsdesk.ai.lexical import LexicalIndex, concepts

FEATURES = (
    "meaning",
    "meaning with the sentence before",
    "words",
    "words with the sentence before",
    "words around the detail asked for",
    "kind of detail",
    "counts what is asked",
)
# A sentence's neighbour is read at this weight when its meaning is taken in context.
CONTEXT_WEIGHT = 0.5
# The runner-up trails the best by at most this much: beyond it, the lead says nothing more.
MAX_MARGIN = 3.0
# A question's word this many words away from the detail asked for counts for e^-1 of itself:
# "nine seats" is about seats, "...nine seats, with the remainder split between Vessland First
# and independents" is not about Vessland First.
LINK_DISTANCE = 4.0
# Crossing into another clause ("; ", ", with", "but") puts words this much further apart.
CLAUSE_DISTANCE = 6.0
# A figure's unit counts what a "how many" question counts when its meaning is at least this
# close to the reader's word: "trips" for "journeys" (0.72), "subscribers" for "users" (0.56),
# not "hectares" for "homes" (0.35), "seats" for "votes" (0.46) nor "customers" for "people"
# (0.49).
UNIT_LIKENESS = 0.52
# Where a sentence's clauses part, for `detail_meaning`.
_CLAUSE = re.compile(
    r"[;:()—–]|,\s+|\s(?:and|but|while|whereas|although|though|which|who|after|before|when|"
    r"because)\s",
    re.I,
)
_TOKEN = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")
_CLAUSE_BREAK = re.compile(
    r"[;:()—–]|,\s*(?:and|but|while|with|whereas|although|though)\b"
    r"|\b(?:but|while|whereas|although)\b",
    re.I,
)


def features(
    question: str,
    texts: Sequence[str],
    vectors: np.ndarray,
    starts: np.ndarray,
    alike: frozenset[str] = frozenset(),
    attributed: Sequence[str] | None = None,
) -> np.ndarray:
    """One row of `FEATURES` per sentence.

    `vectors` are the question's embedding followed by one per sentence; `starts` marks the first
    sentence of each document (whose "sentence before" is itself) and must be boolean; `alike`
    are the units that count what the question counts (`counting_units`); `attributed` are the
    texts read for the kind of detail, when they differ from the sentences (a quotation whose
    speaker is "she" read with the sentence naming her).
    """
    question_vector, sentence_vectors = vectors[0], vectors[1:]
    own = sentence_vectors @ question_vector
    before = _with_previous(sentence_vectors, starts) @ question_vector
    words, words_before, linked = _word_coverage(question, texts, starts)
    wanted = questions.kind(question)
    kind = [questions.fit(wanted, text, 0.0, question) for text in attributed or texts]
    thing = questions.counted(question)
    counted = [float(thing is not None and questions.counts(text, thing, alike)) for text in texts]
    return np.column_stack(
        [own, np.maximum(own, before), words, words_before, linked, kind, counted]
    )


def counting_units(question: str, texts: Sequence[str], embed: Embedder) -> frozenset[str]:
    """The units of the figures in these texts that count what a "how many" question counts,
    by meaning (`UNIT_LIKENESS`): readers rarely use the article's word, and "1,800 people use
    the line" answers how many passengers take the train."""
    noun = questions.counted_noun(question)
    units = sorted({q.unit.lower() for text in texts for q in facts.quantities(text) if q.unit})
    if noun is None or not units:
        return frozenset()
    vectors = embed([noun, *units])
    likeness = vectors[1:] @ vectors[0]
    return frozenset(
        unit for unit, near in zip(units, likeness, strict=True) if near >= UNIT_LIKENESS
    )


def _with_previous(vectors: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each sentence's vector blended with the one before it (its own at a document's start)."""
    neighbour = np.roll(vectors, 1, axis=0)
    neighbour[starts] = vectors[starts]
    blended = vectors + CONTEXT_WEIGHT * neighbour
    return blended / np.linalg.norm(blended, axis=1, keepdims=True)


def _word_coverage(
    question: str, texts: Sequence[str], starts: np.ndarray
) -> tuple[list[float], list[float], list[float]]:
    """The idf-weighted share of the question's concepts in each sentence, in it together
    with the sentence before (where "it" or "she" is named), and around the detail the
    question asks for (`linked_coverage`)."""
    index = LexicalIndex.build(texts, concepts)
    asked = concepts(question)
    weights = index.weights(asked)
    total = sum(weights.values()) or 1.0
    previous = [frozenset() if start else index.documents[i - 1] for i, start in enumerate(starts)]
    together = [
        sum(v for w, v in weights.items() if w in words or w in before) / total
        for words, before in zip(index.documents, previous, strict=True)
    ]
    coverage = index.coverage(asked)
    wanted = questions.kind(question)
    if wanted == "other":
        return coverage, together, coverage
    # "How far", "how old": the words that ask for the detail are not said about it.
    subject = index.weights(concepts(questions.without_kind_words(question)))
    linked = [
        linked_coverage(subject, text, questions.slots(wanted, text, question)) if share else 0.0
        for text, share in zip(texts, coverage, strict=True)
    ]
    return coverage, together, linked


def linked_coverage(
    weights: dict[str, float], text: str, slots: Sequence[tuple[int, int]]
) -> float:
    """How much of the question is said about the detail it asks for: the best slot's
    idf-weighted share of the question's concepts, each counting less the further it is
    from the slot (`LINK_DISTANCE`, `CLAUSE_DISTANCE`). A sentence giving the right kind of
    detail about another thing ("nine seats" for the Greens, asked about another party) scores
    low, though it holds every word of the question."""
    total = sum(weights.values())
    if not slots or not total:
        return 0.0
    words = [(m.start(), m.end(), _word_concepts(m[0])) for m in _TOKEN.finditer(text)]
    positions = _positions(text, [(start, end) for start, end, _ in words])
    best = 0.0
    for slot_start, slot_end in slots:
        inside = [
            p
            for p, (start, end, _) in zip(positions, words, strict=True)
            if start < slot_end and end > slot_start
        ]
        if not inside:
            continue
        first, last = min(inside), max(inside)
        closeness: dict[str, float] = {}
        for position, (_, _, found) in zip(positions, words, strict=True):
            distance = max(0.0, first - position, position - last)
            for concept in found:
                if concept in weights:
                    near = math.exp(-distance / LINK_DISTANCE)
                    closeness[concept] = max(closeness.get(concept, 0.0), near)
        best = max(best, sum(weights[c] * near for c, near in closeness.items()) / total)
    return best


def _positions(text: str, spans: Sequence[tuple[int, int]]) -> list[float]:
    """Each word's position, a clause break counting as `CLAUSE_DISTANCE` words."""
    positions: list[float] = []
    for i, (_, end) in enumerate(spans):
        if not i:
            positions.append(0.0)
            continue
        breaks = len(_CLAUSE_BREAK.findall(text, spans[i - 1][1], end))
        positions.append(positions[-1] + 1 + CLAUSE_DISTANCE * breaks)
    return positions


@lru_cache(maxsize=50_000)
def _word_concepts(word: str) -> tuple[str, ...]:
    return tuple(concepts(word))


def answerability(
    best: float,
    runner_up: float | None,
    detail_meaning: float,
    weights: Sequence[float],
    counted_nowhere: bool = False,
) -> float:
    """The probability that the best sentence answers: from its ranking score, its lead over
    the runner-up, how close the question is to the part of it that holds the detail asked for
    (`detail_meaning`), and whether the thing a "how many" question counts is counted nowhere in
    the text read (no "firms" are counted for "how many firms were hit?": a count of something
    else is the likelier best sentence) (`weights`: score, lead, counted nowhere, detail
    meaning, intercept)."""
    margin = MAX_MARGIN if runner_up is None else min(best - runner_up, MAX_MARGIN)
    z = (
        weights[0] * best
        + weights[1] * margin
        + weights[2] * counted_nowhere
        + weights[3] * detail_meaning
        + weights[4]
    )
    return 1 / (1 + math.exp(-z))


def detail_meaning(question: str, text: str, embed: Embedder) -> float:
    """How close in meaning the question is to the clause of a sentence holding the detail it
    asks for, read alone and with the clauses either side (to its closest clause when it asks
    for no particular detail). A sentence's topic can match a question its detail does not
    answer: "forcing 1,500 people from their homes" is far from "How many people died?", though
    the sentence's flood is close to the question's."""
    return detail_meanings(question, [text], embed)[0]


def detail_meanings(question: str, texts: Sequence[str], embed: Embedder) -> list[float]:
    """`detail_meaning` of each text, with one call to the model for them all (a story's
    question weighs each outlet's best sentence)."""
    windows = [detail_windows(question, text) for text in texts]
    vectors = embed([question, *(window for group in windows for window in group)])
    closeness = vectors[1:] @ vectors[0]
    ends = np.cumsum([len(group) for group in windows])
    return [float(part.max()) for part in np.split(closeness, ends[:-1])]


def detail_windows(question: str, text: str) -> list[str]:
    """The clauses of a sentence that hold the detail a question asks for, alone and with the
    clauses either side; every clause when none does."""
    slots = questions.slots(questions.kind(question), text, question)
    clauses = _clauses(text)
    holding = [i for i, (a, b) in enumerate(clauses) if any(s < b and e > a for s, e in slots)]
    if not holding:
        return [text[a:b].strip() for a, b in clauses] or [text]
    windows: set[str] = set(questions.post_phrases(text, question))
    for i in holding:
        start, end = clauses[max(0, i - 1)][0], clauses[min(len(clauses) - 1, i + 1)][1]
        windows |= {text[clauses[i][0] : clauses[i][1]].strip(), text[start:end].strip()}
    return sorted(windows)


def _clauses(text: str) -> list[tuple[int, int]]:
    """The spans of a sentence's clauses of two words or more."""
    spans, start = [], 0
    for match in _CLAUSE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if len(text[a:b].split()) >= 2]
