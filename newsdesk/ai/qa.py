"""Ask about this article or story: quote the sentences that answer, or say the source is silent.

The answer is never written, only retrieved. Sentences are ranked by the evidence that they
answer (`evidence`): their meaning against the question's, also read with their neighbours (where
"she said" finds its speaker), the question's words found in them with inflections and common
synonyms folded together ("houses" meets "homes"), and whether they carry the kind of detail the
question asks for (a quantity for "how many", a date for "when") said about the question's
subject (the "nine seats" of the Greens do not answer how many another party won). Whether to
answer at all is a separate, calibrated decision on the best sentence, its lead over the
runner-up and the meaning of its clause holding the detail asked for: nothing is quoted unless it
probably answers, and never from an outlet that does not mention whom the question is about.
Across a story, each outlet's best answer is shown with its outlet, those giving a different
figure first, so two outlets' different figures both reach the reader.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np

from newsdesk.ai import evidence, facts, questions
from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.lexical import tokens
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
# The answer threshold of each kind of question, as a share of `AIOptions.answer_threshold`
# (other kinds: all of it), calibrated on the dev and held-out sets, each set's share fitted on
# the others (`python -m bench.ai --thresholds`). Who, where, how old and why are quoted at half
# of it: only a sentence naming a person or a place, giving an age or a cause is a candidate,
# evidence the closeness of meaning does not weigh. A question for no particular detail is far
# in meaning from even the sentence that answers it ("What happened to the currency?" against
# "The mark weakened 0.6 per cent"). How much money asks for more: most news gives some sum,
# and an unanswered "How much did it cost?" finds the wrong one.
KIND_THRESHOLDS: dict[questions.Kind, float] = {
    "agent": 0.5,
    "place": 0.5,
    "age": 0.5,
    "cause": 0.5,
    "other": 0.56,
    "money": 1.4,
}
# A word as prose writes it: capitalised or not, never shouted ("FEB").
_WORD = re.compile(r"\b[A-Za-z][a-z]+\b")
_QUOTATION = re.compile(r"[\"“”]")
# A quotation whose speaker is a pronoun ("...," she told reporters): the speaker is named before.
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:he|she|they)\s+(?:said|says|told|added|warned|wrote|insisted|argued|explained|"
    r"replied|stressed|noted|declared|admitted|conceded|continued)\b"
    r"|\b(?:said|says|added|wrote|warned)\s+(?:he|she|they)\b",
    re.IGNORECASE,
)


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
    answer = answer_from(question, candidates, options, embed=embed)
    return replace(answer, latency_ms=elapsed_ms(started))


def answer_from(
    question: str,
    candidates: list[Candidate],
    options: AIOptions = DEFAULT_OPTIONS,
    *,
    embed: Embedder | None = None,
) -> Answer:
    """Quote the best candidate when it probably answers, with the runner-up when that scores
    nearly as well; from several outlets, each outlet's best sentence that probably answers,
    named with its outlet. The answer's score is the probability that the best sentence
    answers. Only a sentence carrying the kind of detail asked for can answer (a figure for "how
    many", a date for "when"; "no one" counts): one that only shares the question's topic is
    never quoted, however alike its words."""
    wanted = questions.kind(question)
    candidates = answering(question, candidates)
    embedder = embed_or_default(embed)
    if len({doc.source for doc, _, _ in candidates}) > 1:
        return _story_answer(question, candidates, options, embedder)
    scores = [score for _, _, score in candidates]
    meaning = _meanings(question, [candidates], embedder)[0]
    confidence = _confidence(question, candidates, options, meaning, embedder)
    if confidence < quote_threshold(question, options):
        return Answer(question, [], confidence)
    floor = scores[0] - options.answer_gap
    chosen = [(doc, s) for doc, s, score in candidates if score >= floor]
    if wanted == "other" and len(chosen) == 1:
        chosen = _with_sequel(chosen[0])
    quoted = [_quote(wanted, doc, s) for doc, s in chosen[: options.max_answer_sentences]]
    return Answer(question, quoted, confidence)


def answering(question: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates that can answer, in their order: from an outlet mentioning whom the
    question asks about, carrying the kind of detail asked for (in the unit of measure asked
    for, if any), and naming (with the sentence before it, or in the reader's view) every name
    the question gives."""
    wanted = questions.kind(question)
    measure = questions.measure_asked(question)
    story = len({doc.source for doc, _, _ in candidates}) > 1
    return [
        c
        for c in _mentioning(question, candidates)
        if questions.fit(wanted, _attributed(wanted, *c[:2]), 0.0, question) == 1.0
        and not questions.names_unsaid(question, _named_by(*c[:2], story), _in_view(*c[:2]))
        and (measure is None or questions.gives_measure(c[1].text, measure))
    ]


def _named_by(doc: Document, sentence: Sentence, story: bool) -> list[str]:
    """What names a sentence's subjects: itself and the sentence before it, the full names
    given earlier of those it calls by their surname alone ("Pelt arrived", Aron Pelt named
    before), and, in one report of a story, the report's headline too, which names the event
    every sentence tells of."""
    named = _with_previous(doc, sentence)  # the sentence itself last
    earlier = [s.text for s in doc.sentences[: max(0, sentence.index - 1)]]
    named = [*questions.full_names_of(" ".join(named), earlier), *named]
    return [doc.headline, *named] if story else named


def _speaker_before(doc: Document, sentence: Sentence) -> Sentence | None:
    """The sentence before a quotation whose speaker is a pronoun ("...," she told reporters),
    in its paragraph: where a reader learns who "she" is ("A ministry spokesperson, Leona
    Prakt, said...")."""
    text = sentence.text
    if sentence.index == 0 or not _QUOTATION.search(text) or not _PRONOUN_SPEAKER.search(text):
        return None
    before = doc.sentences[sentence.index - 1]
    return before if before.paragraph == sentence.paragraph else None


def _attributed(wanted: questions.Kind, doc: Document, sentence: Sentence) -> str:
    """What a sentence says, read for a who question with the sentence naming its speaker when
    it gives only a pronoun: "...," she said answers who said it once "she" is named."""
    before = _speaker_before(doc, sentence) if wanted == "agent" else None
    return f"{before.text} {sentence.text}" if before else sentence.text


def _quotes_speaker_of(question: str, best: Candidate, other: Candidate) -> bool:
    """Whether, to a who question, another candidate is a quotation of the speaker the best
    names ("...," he said, after "Its president, Gunnar Maas, said..."): the same answer,
    which no more makes the best one doubtful than repeating it would."""
    if questions.kind(question) != "agent" or other[0] is not best[0]:
        return False
    return _speaker_before(other[0], other[1]) == best[1]


def _quote(wanted: questions.Kind, doc: Document, sentence: Sentence) -> Grounded:
    """A sentence as quoted in an answer: to a who question, a quotation whose speaker is a
    pronoun comes after the sentence naming its speaker, citing both."""
    before = _speaker_before(doc, sentence) if wanted == "agent" else None
    if before is None:
        return doc.quote(sentence)
    named = doc.quote(before)
    return Grounded(f"{named.text} {sentence.text}", [*named.citations, doc.cite(sentence)])


def quote_threshold(question: str, options: AIOptions) -> float:
    """The probability at which an answer to this question is quoted (`KIND_THRESHOLDS`)."""
    return options.answer_threshold * KIND_THRESHOLDS.get(questions.kind(question), 1.0)


def _with_previous(doc: Document, sentence: Sentence) -> list[str]:
    """A sentence's text with the one before it in its report, where its "he" is named."""
    return [s.text for s in doc.sentences[max(0, sentence.index - 1) : sentence.index + 1]]


def _in_view(doc: Document, sentence: Sentence) -> str:
    """What a reader has in view of a sentence: its report's headline, standfirst and opening
    sentence, and the three sentences before it (where "he said" of a quote is named, or "her
    father" before two sentences of what she said)."""
    before = doc.sentences[max(0, sentence.index - 3) : sentence.index]
    opening = [s.text for s in [*doc.sentences[:1], *before]]
    return " ".join([doc.headline, doc.standfirst, *opening])


def _with_sequel(best: tuple[Document, Sentence]) -> list[tuple[Document, Sentence]]:
    """The best sentence followed by the next one of its paragraph, when there is one: a
    question asking for no particular detail ("What was written on the banner?") is often
    answered by the sentence after the one that names its subject ("It read: ...")."""
    doc, sentence = best
    following = doc.sentences[sentence.index + 1 : sentence.index + 2]
    return [best, *((doc, s) for s in following if s.paragraph == sentence.paragraph)]


def _mentioning(question: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates from the outlets that mention every name and title the question asks
    about, in their sentences or their standfirst: an outlet with no mayor in its report cannot
    say what the mayor said."""
    texts: dict[str, list[str]] = {}
    for doc, sentence, _ in candidates:
        texts.setdefault(doc.source, [doc.standfirst]).append(sentence.text)
    silent = {source for source, said in texts.items() if questions.unmentioned(question, said)}
    return [c for c in candidates if c[0].source not in silent]


def _meanings(question: str, groups: list[list[Candidate]], embed: Embedder) -> list[float]:
    """`evidence.detail_meaning` of each group's best candidate (0 for an empty group), with
    one call to the model for them all."""
    bests = [without_dateline(group[0][1].text) for group in groups if group]
    meanings = iter(evidence.detail_meanings(question, bests, embed) if bests else [])
    return [next(meanings) if group else 0.0 for group in groups]


def _confidence(
    question: str,
    candidates: list[Candidate],
    options: AIOptions,
    meaning: float,
    embed: Embedder,
) -> float:
    """The probability that the first of these ranked candidates answers, given how close the
    question is to its clause holding the detail asked for (`meaning`)."""
    if not candidates:
        return 0.0
    rivals = [c for c in candidates[1:] if not _quotes_speaker_of(question, candidates[0], c)]
    runner_up = rivals[0][2] if rivals else None
    thing = questions.counted(question)
    texts = [questions.one_as_a_figure(sentence.text, question) for _, sentence, _ in candidates]
    alike = evidence.counting_units(question, texts, embed) if thing else frozenset()
    counted_nowhere = thing is not None and not any(
        questions.counts(text, thing, alike) for text in texts
    )
    weights = options.answerability_weights
    return evidence.answerability(candidates[0][2], runner_up, meaning, weights, counted_nowhere)


class _Version(NamedTuple):
    """One outlet's answer: the confidence that it answers, its sentence's ranking score, its
    outlet and its quote."""

    confidence: float
    score: float
    source: str
    quote: Grounded


def _story_answer(
    question: str, candidates: list[Candidate], options: AIOptions, embed: Embedder
) -> Answer:
    """Each outlet answers on its own (its best sentence against its own runner-up). An outlet
    confident enough decides that the story answers; the best-ranked of those leads. Another
    outlet's version is then its best sentence giving a figure in the same unit, when it has one
    (the "214 km" of the line's length, not a "9.6 km tunnel" nor "42 billion marks"), shown at
    half that threshold when it states the kind of detail asked for, since it is then a version
    of the same answer. Versions come in the order of their sentences' ranking (the most
    confident outlet is often only the one with no close runner-up, not the best answer), and
    outlets whose figures differ before those repeating one already shown, so two outlets'
    different figures both reach the reader; a wire story several outlets carry word for word
    is quoted once."""
    by_outlet: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_outlet.setdefault(candidate[0].source, []).append(candidate)
    wanted = questions.kind(question)
    outlets = [
        (source, _counting_first(question, ranked, embed)) for source, ranked in by_outlet.items()
    ]
    meanings = _meanings(question, [candidates, *(ranked for _, ranked in outlets)], embed)
    versions = _versions(question, outlets, meanings[1:], options, embed)
    confident = [v for v in versions if v.confidence >= options.answer_threshold]
    if not confident:
        confidence = _confidence(question, candidates, options, meanings[0], embed)
        return Answer(question, [], confidence)
    lead = max(confident, key=lambda version: version.score)
    units = _units_of(question, lead.quote.text)
    realigned = [
        (source, _counting_first(question, _in_units_first(ranked, units), embed))
        for source, ranked in outlets
        if source != lead.source
    ]
    others = _versions(
        question, realigned, _meanings(question, [r for _, r in realigned], embed), options, embed
    )
    supporting = [
        version
        for version in others
        if version.confidence >= options.answer_threshold / 2
        and questions.fit(
            wanted, questions.without_holdings(version.quote.text, question), 0.0, question
        )
        == 1.0
    ]
    supporting.sort(key=lambda version: -version.score)
    shown = _distinct_first([lead, *supporting], wanted, question)
    shown = shown[: options.max_story_answers]
    return Answer(
        question,
        [v.quote for v in shown],
        lead.confidence,
        sources=[v.source for v in shown],
    )


def _versions(
    question: str,
    outlets: list[tuple[str, list[Candidate]]],
    meanings: list[float],
    options: AIOptions,
    embed: Embedder,
) -> list[_Version]:
    """Each outlet's first candidate with the confidence that it answers. A candidate put first
    for what it counts or its unit leads only the candidates scoring below it: one ranked above
    it for another thing is not its runner-up."""
    versions: list[_Version] = []
    for (source, ranked), meaning in zip(outlets, meanings, strict=True):
        doc, sentence, first = ranked[0]
        below = [ranked[0], *(c for c in ranked[1:] if c[2] <= first)]
        confidence = _confidence(question, below, options, meaning, embed)
        quote = _quote(questions.kind(question), doc, sentence)
        versions.append(_Version(confidence, first, source, quote))
    return versions


def _units_of(question: str, text: str) -> set[str]:
    """The units of the figures of the best answer, by which other outlets' versions of it are
    found ("214 km"); none for a "how many" question counting a thing, whose versions are the
    figures counting it (`_counting_first`), not the sentence's other figures ("9.4 million
    people" is no version of "2.8 million customers", though the best answer says "tens of
    thousands of people" too); none either for a yes-or-no question ("Will the government step
    in?" is not answered in the years of "a 40-year concession")."""
    if questions.counted(question) is not None or questions.yes_or_no(question):
        return set()
    return {q.unit.lower() for q in facts.quantities(text) if q.unit}


def _in_units_first(ranked: list[Candidate], units: set[str]) -> list[Candidate]:
    """One outlet's candidates with those giving a figure in one of these units first."""
    if not units:
        return ranked
    hits = [any(q.unit.lower() in units for q in facts.quantities(c[1].text)) for c in ranked]
    return [c for c, hit in zip(ranked, hits, strict=True) if hit] + [
        c for c, hit in zip(ranked, hits, strict=True) if not hit
    ]


def _counting_first(question: str, ranked: list[Candidate], embed: Embedder) -> list[Candidate]:
    """One outlet's candidates with those counting what a "how many" question counts first:
    its version of the answer is the figure it gives for that thing ("about 2,000 workers"),
    not a better-ranked sentence counting something else ("27 ships" for how many workers), nor
    the size of what something has (`questions.without_holdings`). One met an outcome counts
    without a figure: "A firefighter was taken to hospital" (`questions.one_as_a_figure`)."""
    thing = questions.counted(question)
    if thing is None:
        return ranked
    texts = [
        questions.one_as_a_figure(questions.without_holdings(sentence.text, question), question)
        for _, sentence, _ in ranked
    ]
    alike = evidence.counting_units(question, texts, embed)
    counting = [
        questions.counts(text, thing, alike) or questions.counted_in_phrase(text, thing, alike)
        for text in texts
    ]
    return [c for c, hit in zip(ranked, counting, strict=True) if hit] + [
        c for c, hit in zip(ranked, counting, strict=True) if not hit
    ]


def _distinct_first(
    versions: list[_Version], wanted: questions.Kind, question: str
) -> list[_Version]:
    """The versions (best first) with those stating a detail not yet shown ahead of those
    repeating one; the same text twice (wire copy) is kept once."""
    seen_details: set[str] = set()
    seen_texts: set[str] = set()
    new: list[_Version] = []
    repeated: list[_Version] = []
    for version in versions:
        text = version.quote.text
        if text in seen_texts:
            continue
        seen_texts.add(text)
        details = {text[a:b].lower() for a, b in questions.slots(wanted, text, question)}
        (new if not new or details - seen_details else repeated).append(version)
        seen_details |= details
    return new + repeated


def retrieve(
    question: str,
    documents: Document | Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> list[Candidate]:
    """Every sentence (of the bounded part each document is read to) with its ranking score
    (`evidence.FEATURES` weighed by `options.answer_weights`), best first."""
    pairs, rows = sentence_evidence(question, documents, embed=embed, options=options)
    scores = rows @ np.array(options.answer_weights)
    order = np.argsort(-scores, kind="stable")
    return [(*pairs[i], float(scores[i])) for i in order]


def sentence_evidence(
    question: str,
    documents: Document | Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> tuple[list[tuple[Document, Sentence]], np.ndarray]:
    """The sentences that can answer, with one row of `evidence.FEATURES` each (what the
    ranking weighs, and what `bench.ai --fit` fits the weights on)."""
    pairs = [
        (doc, s) for doc in bounded(documents, options) for s in doc.sentences if _prose(s.text)
    ]
    if not pairs or not tokens(question):
        return [], np.zeros((0, len(evidence.FEATURES)))
    texts = [without_dateline(s.text) for _, s in pairs]
    embedder = embed_or_default(embed)
    vectors = embedder([question, *texts])
    starts = np.array([i == 0 or pairs[i - 1][0] is not pairs[i][0] for i in range(len(pairs))])
    alike = evidence.counting_units(question, texts, embedder)
    wanted = questions.kind(question)
    attributed = [without_dateline(_attributed(wanted, doc, s)) for doc, s in pairs]
    return pairs, evidence.features(question, texts, vectors, starts, alike, attributed)


def _prose(text: str) -> bool:
    """A sentence, not a dateline or a caption ("10: 55 P. M. FEB. 2, 2009"): it can answer
    ("He was 75." can)."""
    return len(_WORD.findall(text)) >= 2
