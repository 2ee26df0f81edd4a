"""The dataclasses every AI feature takes and returns.

They are plain data on purpose: the web layer builds a `Document` from a stored article (no ORM in
here), calls a feature and renders the result; every sentence it shows is a `Grounded` whose
citations point back at real article sentences.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from newsdesk.lib.text import paragraphs, split_sentences

DocumentId = int | str
# "CALDERWICK, Arvenia (Meridian Wire) - " opens wire copy; it is not part of the claim.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s[\w .'’-]+?)?(?:\s\([^)]{1,40}\))?\s[-–—]\s+")
EXTRACTIVE = "extractive"
NOT_IN_ARTICLE = "The article does not say."
# A document is read up to this many characters of body text (about 8,000 words, longer than
# nearly every news article), so a huge scraped page costs no more than a long article.
MAX_BODY_CHARS = 50_000
# A standfirst is a line or two; a feed's summary field may hold a whole article.
MAX_STANDFIRST_CHARS = 1_000


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article body; `index` is its position in the whole body."""

    index: int
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Document:
    """One report: an article with its body split into citable sentences."""

    id: DocumentId
    source: str
    headline: str
    published: datetime | None
    sentences: list[Sentence]
    # The line under the headline: what a reader has in view of every sentence, never quoted.
    standfirst: str = ""

    @classmethod
    def from_text(
        cls,
        id: DocumentId,
        source: str,
        headline: str,
        published: datetime | None,
        text: str,
        standfirst: str = "",
    ) -> Document:
        """Split a plain-text body (paragraphs separated by newlines) into numbered sentences,
        reading at most `MAX_BODY_CHARS`; a quotation stays in one sentence."""
        numbered = [
            (number, sentence)
            for number, paragraph in enumerate(paragraphs(text[:MAX_BODY_CHARS]))
            for sentence in _whole_quotes(_whole_numbers(split_sentences(paragraph)))
        ]
        sentences = [Sentence(i, sentence, number) for i, (number, sentence) in enumerate(numbered)]
        return cls(id, source, headline, published, sentences, standfirst[:MAX_STANDFIRST_CHARS])

    def head(self, count: int) -> Document:
        """The document read to its first `count` sentences (indexes, so citations, unchanged)."""
        if len(self.sentences) <= count:
            return self
        return replace(self, sentences=self.sentences[:count])

    def cite(self, sentence: Sentence) -> Citation:
        return Citation(self.id, sentence.index)

    def quote(self, sentence: Sentence) -> Grounded:
        """The sentence as a reader sees it, citing itself; a wire dateline is left out."""
        return Grounded(without_dateline(sentence.text), [self.cite(sentence)])


def without_dateline(text: str) -> str:
    """ "KESTRIN (Meridian Wire) - The bank cut…" → "The bank cut…" """
    return _DATELINE.sub("", text)


def _whole_quotes(sentences: list[str]) -> list[str]:
    """Join sentences a quotation spans ("“I went down. It was over my ankles,” he said.")."""
    joined: list[str] = []
    for sentence in sentences:
        if joined and _open_quote(joined[-1]):
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    return joined


# A figure some wires print with a space after its decimal point ("Greek stocks plunged 5. 4 per
# cent", "a 4. 6 - magnitude earthquake", "$119. 99", "(Dh472. 72bn)", "M7. 5"): the splitter
# ends a sentence at "5.".
_CUT_FIGURE_END = re.compile(r"(?:^|[\s$€£¥(])(?:[A-Z][a-z]?)?\d{1,3}\.$")
_CUT_FIGURE_START = re.compile(r"^\d")


def _whole_numbers(sentences: list[str]) -> list[str]:
    """Join sentences a figure was cut between ("plunged 5." and "4 per cent.")."""
    joined: list[str] = []
    for sentence in sentences:
        if joined and _CUT_FIGURE_END.search(joined[-1]) and _CUT_FIGURE_START.match(sentence):
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    return joined


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def bounded(documents: Document | Sequence[Document], options: AIOptions) -> list[Document]:
    """The part of the input a feature reads: at most `max_documents` reports, each to its
    first `max_sentences` sentences, so a feature's cost is bounded whatever it is given."""
    if isinstance(documents, Document):
        documents = [documents]
    return [d.head(options.max_sentences) for d in documents[: options.max_documents]]


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer to one sentence of one document."""

    document_id: DocumentId
    sentence_index: int


@dataclass(frozen=True, slots=True)
class Grounded:
    """A sentence shown to a reader, with the article sentences it comes from.

    `method` is "extractive" or the name of the language model that wrote the text.
    """

    text: str
    citations: list[Citation]
    method: str = EXTRACTIVE


@dataclass(frozen=True, slots=True)
class Result:
    """A summary or a list of key points, with how it was produced and how long it took."""

    sentences: list[Grounded]
    method: str = EXTRACTIVE
    latency_ms: float = 0.0
    # Sentences a language model wrote that the verifier rejected (0 for extractive text).
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to a reader's question: quoted supporting sentences, or `NOT_IN_ARTICLE`.

    `score` is the retrieval confidence of the best sentence, compared with the answerability
    threshold; it is kept so the threshold can be tuned from logs.
    """

    question: str
    sentences: list[Grounded]
    score: float
    method: str = EXTRACTIVE
    latency_ms: float = 0.0
    # Sentences a language model wrote that the verifier rejected (0 for extractive text).
    dropped: int = 0
    # Across a story: the outlet of each sentence (same order), when outlets answer in turn.
    sources: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.sentences)

    @property
    def text(self) -> str:
        """What to show: the answer sentences (each after its outlet when several outlets
        answer), or a plain statement that the source is silent."""
        if not self.sentences:
            return NOT_IN_ARTICLE
        if len(set(self.sources)) > 1:
            return " ".join(
                f"{o}: {s.text}" for o, s in zip(self.sources, self.sentences, strict=True)
            )
        return " ".join(sentence.text for sentence in self.sentences)


@dataclass(frozen=True, slots=True)
class Claim:
    """One outlet's version of a disputed detail, e.g. "about 2,500 troops" in Outlet A."""

    source: str
    value: str
    citation: Citation


DifferenceKind = Literal[
    "number", "money", "percentage", "duration", "date", "time", "score", "quote", "attribution"
]


@dataclass(frozen=True, slots=True)
class Difference:
    """Outlets that report the same thing differently; `about` names the thing (a unit, a quote)."""

    kind: DifferenceKind
    about: str
    claims: list[Claim]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How the outlets of one story agree and differ."""

    agreed: list[Grounded]
    only_in: dict[str, list[Grounded]]
    differences: list[Difference]
    latency_ms: float = 0.0
    # Claims of two outlets about the same thing that were compared: "no differences found"
    # means something only when this is above zero.
    compared: int = 0


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated line of a story's timeline, citing the report it comes from."""

    when: datetime | None
    source: str
    line: Grounded


@dataclass(frozen=True, slots=True)
class AIOptions:
    """Every tuning knob of the AI features, in one place.

    Similarities are cosines of L2-normalized sentence embeddings. The defaults were tuned with
    all-MiniLM-L6-v2 (the default `EMBEDDING_MODEL`) on tests/ai/testdata and the demo corpus;
    another model needs them retuned (`python -m bench.ai`): e5's cosines, for one, run much
    higher, unrelated sentences scoring about 0.75.
    """

    summary_sentences: int = 3
    min_summary_sentences: int = 2
    min_key_points: int = 3
    max_key_points: int = 6
    # Two selected sentences may not be more alike than this (no repeated facts).
    similarity_cap: float = 0.8
    # Weight of a summary candidate opening on a word that points back ("She said", "It").
    dangling_factor: float = 0.4
    # News puts the important facts first; weight of the position prior in the centrality score.
    lead_weight: float = 0.35
    headline_weight: float = 0.3
    # Maximal marginal relevance: relevance against novelty.
    mmr_lambda: float = 0.7
    # Key points prefer sentences of about this many words, and past the minimum count stop at
    # sentences less relevant than this share of the best one.
    ideal_point_words: int = 22
    min_point_relevance: float = 0.5
    # Weight of a key point candidate with no name, number or date in it.
    vague_point_factor: float = 0.7
    # Shorter sentences (datelines, captions, "Read more") are never chosen.
    min_sentence_words: int = 5
    # Every feature reads at most this many sentences of a document and documents of a story.
    max_sentences: int = 150
    max_documents: int = 12
    # Summaries, key points, comparisons and timelines rank the opening of a report only: news
    # puts its facts first, and ranking compares every sentence with every other.
    max_ranked_sentences: int = 40
    # Question answering (see `evidence`): the weights of the evidence that a sentence answers,
    # in the order of `evidence.FEATURES`, and of the answerability decision (ranking score of
    # the best sentence, its lead over the runner-up, whether what a "how many" question counts is
    # counted nowhere, the question's closeness to the clause holding the detail asked for,
    # intercept); both fitted on the dev set with `python -m bench.ai --fit`. An answer is
    # quoted at this probability or above.
    answer_weights: tuple[float, ...] = (3.26, 2.92, 1.99, 1.93, 0.98, 3.01, 1.16)
    answerability_weights: tuple[float, ...] = (0.78, 0.39, -3.69, 4.83, -7.61)
    answer_threshold: float = 0.45
    # The runner-up is quoted too when its score is within this gap of the best.
    answer_gap: float = 1.5
    max_answer_sentences: int = 2
    # Across a story: at most this many outlets' answers.
    max_story_answers: int = 3
    # Coverage comparison: two sentences state the same fact above this similarity; that they
    # name different speakers for it is only reported above the stricter attribution threshold.
    align_threshold: float = 0.65
    attribution_threshold: float = 0.75
    # A number or date is compared with the other outlet's mention whose surrounding words are
    # at least this alike.
    detail_align_threshold: float = 0.45
    max_agreed: int = 8
    max_only_in: int = 3
    max_timeline: int = 12
    # LLM verifier: minimum cosine between a generated sentence and its cited text, and how much
    # closer an uncited sentence may be before the citation counts as wrong.
    verifier_min_support: float = 0.6
    verifier_margin: float = 0.1
    # Relative gap below which two numbers count as the same: exact figures must match, hedged
    # ones ("about 2,500" vs "2,480") may differ a little.
    number_tolerance: float = 0.005
    approximate_tolerance: float = 0.03


DEFAULT_OPTIONS = AIOptions()


def elapsed_ms(started: float) -> float:
    """Milliseconds since `started` (a `time.perf_counter()` reading), for result latencies."""
    return (time.perf_counter() - started) * 1000
