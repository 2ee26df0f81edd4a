"""Details that outlets report differently: numbers, dates, quotes and attributions.

A false conflict is worse than a missed one, so a detail is only compared with its counterpart:
for numbers and dates, the mention in the other report whose surrounding words (the detail
itself masked) are most alike, in both directions, with a compatible unit and a plausible gap;
for quotes, the same quoted words; for attributions, sentences aligned as the same statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from newsdesk.ai import facts
from newsdesk.ai.embedding import Embedder
from newsdesk.ai.lexical import tokens, word_set
from newsdesk.ai.ranking import RankedArticle
from newsdesk.ai.types import AIOptions, Citation, Claim, Difference, DifferenceKind, Grounded

Node = tuple[int, int]  # (article number in the story, sentence index)

# Units that only ever match themselves; other units are count nouns, where outlets vary the
# word for the same people or things ("2,000 workers", "2,400 dockworkers").
_MEASURES = word_set(
    """percent $ € £ mm cm km m kg g t mph c f k hectare acre mile kilometre kilometer metre
    meter minute hour day week month year seat vote point degree mark euro dollar pound ton
    tonne"""
)
# Two outlets' figures for the same thing are rarely more than this far apart; beyond it, the
# "same" mention is more likely a different count.
_MAX_RATIO = 1.5
# Similarity handicaps (see `_unit_penalty`).
_NEVER = 10.0
_OTHER_NOUN_PENALTY = 0.1
# Two quotes are the same words when they share this much of their vocabulary.
_SAME_QUOTE = 0.6
_CONTEXT_BEFORE, _CONTEXT_AFTER = 6, 5
_WORD = re.compile(r"\S+")
_NOT_STATED = re.compile(
    r"“[^”]*”|\"[^\"]*\"|\bbetween\s+\S+(?:\s+\S+)?\s+and\s+\S+|\b\S+\s+(?:to|-|–)\s+\d\S*",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*(?:per cent|percent)\b", re.IGNORECASE)
# Figures, and the masked detail, with any scale: "35 million" and "40mn" both read "N".
_FIGURES = re.compile(
    r"(?:\d[\d,.]*\d|\d|\bN\b)(?:\s*(?:hundred|thousand|million|billion|trillion|mn|bn)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Story:
    """The ranked reports of one story, addressed by `Node`."""

    articles: list[RankedArticle]

    def source(self, node: Node) -> str:
        return self.articles[node[0]].document.source

    def text(self, node: Node) -> str:
        return self.articles[node[0]].document.sentences[node[1]].text

    def cite(self, node: Node) -> Citation:
        return Citation(self.articles[node[0]].document.id, node[1])

    def quote(self, node: Node) -> Grounded:
        document = self.articles[node[0]].document
        return document.quote(document.sentences[node[1]])

    def score(self, node: Node) -> float:
        return float(self.articles[node[0]].scores[node[1]])

    def similarity(self, first: Node, second: Node) -> float:
        a, b = self.articles[first[0]], self.articles[second[0]]
        return float(a.vectors[first[1]] @ b.vectors[second[1]])

    def speaker(self, node: Node) -> str | None:
        previous = self.text((node[0], node[1] - 1)) if node[1] > 0 else ""
        return facts.speaker(self.text(node), previous)

    def claim(self, node: Node, value: str) -> Claim:
        return Claim(self.source(node), value, self.cite(node))


@dataclass(frozen=True, slots=True)
class _Mention:
    """A number or date in one sentence, with the words around it."""

    node: Node
    kind: DifferenceKind
    key: str  # the unit, or the date's precision
    value: float | str
    approximate: bool
    span: str
    context: str


def differences(
    story: Story, aligned: list[tuple[Node, Node]], embed: Embedder, options: AIOptions
) -> list[Difference]:
    """Every detail the outlets disagree on, one entry per detail with each outlet's version."""
    found = [
        *_detail_differences(story, embed, options),
        *_quote_differences(story),
        *(
            d
            for first, second in aligned
            if story.similarity(first, second) >= options.attribution_threshold
            and not _shared_quote(story.text(first), story.text(second))
            for d in _speaker_differences(story, first, second, "attribution")
        ),
    ]
    return _merge(found)


def _mentions(story: Story) -> list[_Mention]:
    """Numbers and dates stated as facts: those in quotes are compared as quotes, and ranges
    ("between 30 and 40 marks") agree with any figure inside them."""
    mentions = []
    for i, article in enumerate(story.articles):
        for sentence in article.document.sentences:
            node, text = (i, sentence.index), sentence.text
            stated = _NOT_STATED.sub(" ", text)
            for q in facts.quantities(stated):
                if q.unit and q.span in text:
                    context = _context(text, q.span, q.amount)
                    mentions.append(
                        _Mention(node, "number", q.unit, q.value, q.approximate, q.span, context)
                    )
            for date, written in facts.dates(stated).items():
                if written in text:
                    context = _context(text, written, "")
                    kind = facts.date_kind(date)
                    mentions.append(_Mention(node, "date", kind, date, False, written, context))
    return mentions


def _context(text: str, span: str, amount: str) -> str:
    """The words around a detail (which `text` contains) with every figure masked, so only what
    it is about is compared (the unit stays: "forcing N residents from their homes")."""
    start = text.index(span)
    before = _WORD.findall(text[:start])[-_CONTEXT_BEFORE:]
    after = _WORD.findall(text[start + len(span) :])[:_CONTEXT_AFTER]
    detail = span.replace(amount, "N", 1) if amount else "N"
    return _FIGURES.sub("N", _PERCENT.sub("%", " ".join([*before, detail, *after])))


def _detail_differences(story: Story, embed: Embedder, options: AIOptions) -> Iterator[Difference]:
    mentions = _mentions(story)
    if not mentions:
        return
    vectors = embed([m.context for m in mentions])
    by_article: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        by_article.setdefault(mention.node[0], []).append(index)
    for (i, mine), (j, theirs) in combinations(sorted(by_article.items()), 2):
        if story.source((i, 0)) == story.source((j, 0)):
            continue
        similarity = vectors[mine] @ vectors[theirs].T
        for a, b in np.ndindex(similarity.shape):
            similarity[a, b] -= _unit_penalty(mentions[mine[a]], mentions[theirs[b]])
        for a, b in _mutual_best(similarity, options.detail_align_threshold):
            first, second = mentions[mine[a]], mentions[theirs[b]]
            if _conflict(first, second, options) and not _also_states(story, first, second):
                claims = [
                    story.claim(first.node, first.span),
                    story.claim(second.node, second.span),
                ]
                yield Difference(first.kind, first.key, claims)


def _mutual_best(similarity: np.ndarray, threshold: float) -> Iterator[tuple[int, int]]:
    if not similarity.size:
        return
    forward, backward = similarity.argmax(axis=1), similarity.argmax(axis=0)
    for a, b in enumerate(forward):
        if backward[b] == a and similarity[a, b] >= threshold:
            yield a, int(b)


def _unit_penalty(first: _Mention, second: _Mention) -> float:
    """How much more alike two mentions' contexts must be for them to count the same thing:
    nothing with the same unit, more for two count nouns ("workers", "members"), and never for
    different measures ("percent" and "km") or a number and a date."""
    if first.kind != second.kind:
        return _NEVER
    if first.key == second.key:
        return 0.0
    if first.kind == "date" or first.key in _MEASURES or second.key in _MEASURES:
        return _NEVER
    return _OTHER_NOUN_PENALTY


def _conflict(first: _Mention, second: _Mention, options: AIOptions) -> bool:
    if isinstance(first.value, str) or isinstance(second.value, str):
        return first.value != second.value
    low, high = sorted((abs(first.value), abs(second.value)))
    approximate = first.approximate or second.approximate
    tolerance = options.approximate_tolerance if approximate else options.number_tolerance
    return high - low > tolerance * high and high <= _MAX_RATIO * low


def _also_states(story: Story, first: _Mention, second: _Mention) -> bool:
    """Whether either sentence also gives the other's figure ("cut from 3.5% to 3.25%" does
    not contradict "3.25%")."""
    for mention, other in ((first, second), (second, first)):
        text = story.text(mention.node)
        if mention.kind == "date" and other.value in facts.dates(text):
            return True
        if any(q.unit == mention.key and q.value == other.value for q in facts.quantities(text)):
            return True
    return False


def _speaker_differences(
    story: Story, first: Node, second: Node, kind: DifferenceKind
) -> Iterator[Difference]:
    """The same words or claim put in the mouths of two different named speakers."""
    a, b = story.speaker(first), story.speaker(second)
    if a and b and facts.distinct_speakers(a, b):
        about = _shared_quote(story.text(first), story.text(second)) or story.text(first)
        yield Difference(kind, about, [story.claim(first, a), story.claim(second, b)])


def _quote_differences(story: Story) -> Iterator[Difference]:
    """Every pair of sentences from two outlets quoting the same words, wherever they stand."""
    quoting = [
        (i, s.index)
        for i, article in enumerate(story.articles)
        for s in article.document.sentences
        if facts.quotes(s.text)
    ]
    for first, second in combinations(quoting, 2):
        if story.source(first) != story.source(second) and _shared_quote(
            story.text(first), story.text(second)
        ):
            yield from _speaker_differences(story, first, second, "quote")


def _shared_quote(first: str, second: str) -> str | None:
    """A quotation both sentences contain (allowing small wording changes), if any."""
    for a in facts.quotes(first):
        for b in facts.quotes(second):
            words_a, words_b = set(tokens(a)), set(tokens(b))
            union = words_a | words_b
            if union and len(words_a & words_b) / len(union) >= _SAME_QUOTE:
                return a
    return None


def _merge(differences: list[Difference]) -> list[Difference]:
    """One entry per disputed detail: pairs that share a claim (the same outlet's same figure in
    the same sentence) are one disagreement among three or more outlets."""
    merged: list[Difference] = []
    for difference in differences:
        same = next(
            (
                d
                for d in merged
                if d.kind == difference.kind and set(d.claims) & set(difference.claims)
            ),
            None,
        )
        if same is None:
            merged.append(difference)
        else:
            same.claims.extend(c for c in difference.claims if c not in same.claims)
    return merged
