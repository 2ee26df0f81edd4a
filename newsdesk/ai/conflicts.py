"""Claims that outlets report differently: counts, money, percentages, durations, dates, times,
scores, who said a quote and a quote's wording.

Every report is read as claims (a figure with what it counts, a date, a clock time, a score, a
quote with its speaker). A false conflict is worse than a missed one, so a claim is only compared
with its counterpart: for figures, dates and times, the claim of the same kind in the other
report whose surrounding words (the figure itself masked) are most alike, in both directions,
with a compatible unit and a plausible gap; for quotes, the same quoted words. The claims
compared are counted, so "no differences" is only said when claims were compared and agreed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
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
_SAME_QUOTE_SEQUENCE = 0.75
_CONTEXT_BEFORE, _CONTEXT_AFTER = 6, 5
_WORD = re.compile(r"\S+")
_QUOTE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# Quoted words, ranges, and a previous value ("up from 55%") are not the claim itself.
_NOT_STATED = re.compile(
    r"“[^”]*”|\"[^\"]*\"|\bbetween\s+\S+(?:\s+\S+)?\s+and\s+\S+|\b\S+\s+(?:to|-|–)\s+\d\S*"
    r"|\b(?:up|down|rising|falling|unchanged)?\s*from\s+(?:about\s+|around\s+)?[$€£]?\d[\d,.]*"
    r"(?:\s*(?:%|per cent|percent))?",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*(?:per cent|percent)\b", re.IGNORECASE)
# Figures, and the masked detail, with any scale: "35 million" and "40mn" both read "N".
_UNITS_OF_MEASURE = word_set(
    "mm cm km m kg g t mph c f hectare acre mile kilometre kilometer metre meter tonne ton degree"
)
_LOWER_BOUND = re.compile(r"(?:more than|over|at least|upwards of)\b")
_UPPER_BOUND = re.compile(r"(?:fewer than|less than|under|up to|at most|as many as)\b")
_PLURALS = word_set("people men women children police staff cattle personnel")
_CURRENCY_WORDS = word_set("mark euro dollar pound franc krona kronor yen yuan rupee peso $ € £")
_TIME_UNITS = word_set("second minute hour day week fortnight month year decade")
# Claims outside `facts.quantities`: clock times, a minute of play, scores, race times and
# durations written as one word ("a 48-hour strike").
_CLOCK = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a\.?\s?m\.?|p\.?\s?m\.?)(?!\w)"
    r"|(?<![\d:])(?P<hour24>\d{1,2}):(?P<minute24>\d{2})(?![:\d])",
    re.IGNORECASE,
)
_MINUTE_OF_PLAY = re.compile(
    r"\b(?P<minute>\d{1,3})(?:st|nd|rd|th) minute\b|\bafter (?P<after>\d{1,3}) minutes\b"
)
_SCORE = re.compile(
    r"(?<![\d.,:/-])(?P<score>\d{1,2}-\d{1,2})(?![\d.,:/-]|\s*(?:years?|days?|hours?|minutes?))"
)
_MAGNITUDE = re.compile(
    r"\bmagnitude[- ](?P<after>\d+(?:\.\d+)?)\b|\b(?P<before>\d+(?:\.\d+)?)[- ]magnitude\b",
    re.IGNORECASE,
)
_RACE_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}:\d{2}(?![\d:])")
# "a 48-hour strike", "the 120-seat assembly": a figure and its unit written as one word.
_HYPHENATED = re.compile(r"\b(?P<amount>\d+|[a-z]+)-(?P<unit>[a-z]{3,})\b(?!-old)", re.IGNORECASE)
# "48 of the 120 seats": the part counts what the whole counts.
_PART_OF = re.compile(
    r"\b(?P<part>\d[\d,]*) (?:out )?of (?:the |its |their |all )?\d[\d,]* (?P<unit>[a-z]{3,})"
)
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
) -> tuple[list[Difference], int]:
    """Every claim the outlets disagree on, one entry per claim with each outlet's version, and
    how many claims of two outlets were compared (agreeing or not)."""
    pairs = aligned_claims(story, embed, options)
    by_report: dict[int, set[tuple[str, str, object]]] = {}
    for mention in _mentions(story):
        by_report.setdefault(mention.node[0], set()).add(_value_key(mention))
    found = [
        *(
            Difference(a.kind, _about(a, story.text(a.node)), [_claim(story, a), _claim(story, b)])
            for a, b, _ in pairs
            if _conflict(a, b, options)
            and not _also_states(story, a, b)
            and not _stated_elsewhere(a, b, by_report)
        ),
        *_quote_differences(story),
        *(
            d
            for first, second in aligned
            if story.similarity(first, second) >= options.attribution_threshold
            and not _shared_quote(story.text(first), story.text(second))
            for d in _speaker_differences(story, first, second)
        ),
    ]
    quotes = sum(1 for _ in _shared_quotes(story))
    return _merge(found), len(pairs) + quotes


def _mentions(story: Story) -> list[_Mention]:
    """Every claim with a comparable value, in every sentence of every report."""
    return [
        mention
        for i, article in enumerate(story.articles)
        for sentence in article.document.sentences
        for mention in sentence_claims((i, sentence.index), sentence.text)
    ]


def sentence_claims(node: Node, text: str) -> list[_Mention]:
    """A sentence's figures, dates, times and scores stated as facts: those in quotes are
    compared as quotes, and ranges ("between 30 and 40 marks") agree with any figure inside."""
    stated = _NOT_STATED.sub(" ", text)
    mentions = [*_clock_claims(node, text, stated), *_pattern_claims(node, text, stated)]
    for pattern in (_HYPHENATED, _SCORE, _RACE_TIME, _MAGNITUDE, _PART_OF):
        stated = pattern.sub(" ", stated)
    for q in facts.quantities(stated):
        if q.unit and q.span in text:
            context = _context(text, q.span, q.amount)
            kind = _quantity_kind(q.unit, q.span)
            mentions.append(_Mention(node, kind, q.unit, q.value, q.approximate, q.span, context))
    for date, written in facts.dates(stated).items():
        if written in text:
            date_kind = facts.date_kind(date)
            mentions.append(
                _Mention(node, "date", date_kind, date, False, written, _context(text, written, ""))
            )
    return mentions


def _quantity_kind(unit: str, span: str) -> DifferenceKind:
    words = set(span.lower().replace("-", " ").split()) | {unit}
    if unit == "percent":
        return "percentage"
    if words & _CURRENCY_WORDS or unit in _CURRENCY_WORDS:
        return "money"
    if unit in _TIME_UNITS:
        return "duration"
    return "number"


def _clock_claims(node: Node, text: str, stated: str) -> list[_Mention]:
    """Clock times as minutes after midnight ("6:40am", "18:05"); race times are durations."""
    found = []
    for match in _CLOCK.finditer(_RACE_TIME.sub(" ", stated)):
        hour = int(match["hour"] or match["hour24"])
        minute = int(match["minute"] or match["minute24"] or 0)
        half = (match["half"] or "").lower()
        if hour > 24 or minute > 59 or (half and hour > 12):
            continue
        hour = hour % 12 + (12 if half.startswith("p") else 0) if half else hour
        span = match.group(0).strip()
        if span in text:
            value = f"{hour:02d}:{minute:02d}"
            found.append(
                _Mention(node, "time", "clock", value, False, span, _context(text, span, ""))
            )
    return found


def _pattern_claims(node: Node, text: str, stated: str) -> list[_Mention]:
    """Minutes of play, scores, race times, magnitudes, "48-hour", "48 of the 120 seats"."""
    found = []
    patterns: tuple[tuple[re.Pattern[str], DifferenceKind, str], ...] = (
        (_MINUTE_OF_PLAY, "time", "minute of play"),
        (_SCORE, "score", "score"),
        (_RACE_TIME, "duration", "race time"),
    )
    for pattern, kind, key in patterns:
        for match in pattern.finditer(stated):
            value = match.groupdict().get("minute") or match.groupdict().get("after")
            found.append(_mention(node, text, kind, key, value or match.group(0), match.group(0)))
    for match in _MAGNITUDE.finditer(stated):
        value = float(match["after"] or match["before"])
        found.append(_mention(node, text, "number", "magnitude", value, match.group(0)))
    for match in _HYPHENATED.finditer(stated):
        amount, unit = match["amount"].lower(), match["unit"].lower()
        number = int(amount) if amount.isdigit() else facts.number_word(amount)
        if number is not None and unit != "magnitude":
            measure: DifferenceKind = "duration" if unit in _TIME_UNITS else "number"
            found.append(_mention(node, text, measure, unit, float(number), match.group(0)))
    for match in _PART_OF.finditer(stated):
        value = float(match["part"].replace(",", ""))
        found.append(
            _mention(node, text, "number", _singular(match["unit"]), value, match.group(0))
        )
    return found


def _mention(
    node: Node, text: str, kind: DifferenceKind, key: str, value: float | str, span: str
) -> _Mention:
    return _Mention(node, kind, key, value, False, span, _context(text, span, ""))


def _context(text: str, span: str, amount: str) -> str:
    """The words around a detail (which `text` contains) with every figure masked, so only what
    it is about is compared (the unit stays: "forcing N residents from their homes")."""
    start = text.index(span)
    before = _WORD.findall(text[:start])[-_CONTEXT_BEFORE:]
    after = _WORD.findall(text[start + len(span) :])[:_CONTEXT_AFTER]
    detail = span.replace(amount, "N", 1) if amount else "N"
    return _FIGURES.sub("N", _PERCENT.sub("%", " ".join([*before, detail, *after])))


def aligned_claims(
    story: Story, embed: Embedder, options: AIOptions
) -> list[tuple[_Mention, _Mention, float]]:
    """Pairs of claims from two outlets about the same thing: the same kind and a compatible
    unit, matched one to one, most alike surrounding words first."""
    mentions = _mentions(story)
    if not mentions:
        return []
    vectors = embed([m.context for m in mentions])
    by_article: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        by_article.setdefault(mention.node[0], []).append(index)
    pairs = []
    for (i, mine), (j, theirs) in combinations(sorted(by_article.items()), 2):
        if story.source((i, 0)) == story.source((j, 0)):
            continue
        similarity = vectors[mine] @ vectors[theirs].T
        for a, b in np.ndindex(similarity.shape):
            first, second = mentions[mine[a]], mentions[theirs[b]]
            # Claims in two tellings of the same sentence are about the same thing even when
            # the words right around them differ ("killing three people", "four people died").
            # The context still orders claims within one sentence pair ("2.1%" before "2% target").
            sentences = story.similarity(first.node, second.node)
            similarity[a, b] = (similarity[a, b] + max(similarity[a, b], sentences)) / 2
            similarity[a, b] -= _unit_penalty(first, second)
        for a, b in _one_to_one(similarity, options.detail_align_threshold):
            pairs.append((mentions[mine[a]], mentions[theirs[b]], float(similarity[a, b])))
    return pairs


def _value_key(mention: _Mention) -> tuple[str, str, object]:
    return (mention.kind, mention.key, mention.value)


def _stated_elsewhere(
    first: _Mention, second: _Mention, by_report: dict[int, set[tuple[str, str, object]]]
) -> bool:
    """Whether a report also gives the other's date or time somewhere ("closing price on Friday"
    beside "said on Monday"): a story names several days, and the pairing, not the reports,
    would then disagree."""
    if first.kind not in ("date", "time"):
        return False
    mine, theirs = by_report[first.node[0]], by_report[second.node[0]]
    return _value_key(second) in mine or _value_key(first) in theirs


def _claim(story: Story, mention: _Mention) -> Claim:
    return story.claim(mention.node, mention.span)


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


def _about(mention: _Mention, text: str) -> str:
    """What a disputed claim is about, in plain words: "how many passengers", "when"."""
    if mention.kind == "number":
        written = re.search(rf"\b{re.escape(mention.key)}\w*", text, re.IGNORECASE)
        noun = written.group(0).lower() if written else mention.key
        if mention.key in _UNITS_OF_MEASURE:
            return f"the figure in {noun}"
        plural = noun.endswith("s") or noun in _PLURALS
        return f"how many {noun}" if plural else f"the {noun}"
    return {
        "money": "how much money",
        "percentage": "the percentage",
        "duration": "how long",
        "date": "when",
        "time": "what time",
        "score": "the score",
    }.get(mention.kind, mention.kind)


def _one_to_one(similarity: np.ndarray, threshold: float) -> Iterator[tuple[int, int]]:
    """Greedy matching, most alike pair first: each claim meets at most one counterpart, so
    "38 people rescued" pairs with its twin and leaves "three people killed" to "four"."""
    similarity = similarity.copy()
    while similarity.size:
        a, b = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        if similarity[a, b] < threshold:
            return
        yield int(a), int(b)
        similarity[a, :] = -_NEVER
        similarity[:, b] = -_NEVER


def _unit_penalty(first: _Mention, second: _Mention) -> float:
    """How much more alike two mentions' contexts must be for them to count the same thing:
    nothing with the same unit, more for two count nouns ("workers", "members"), and never for
    different measures ("percent" and "km") or a number and a date."""
    if first.kind != second.kind:
        return _NEVER
    if first.key == second.key:
        return 0.0
    if first.kind != "number" or first.key in _MEASURES or second.key in _MEASURES:
        return _NEVER
    return _OTHER_NOUN_PENALTY


def _conflict(first: _Mention, second: _Mention, options: AIOptions) -> bool:
    """Different values; for figures, beyond rounding and within a plausible gap (a town's
    14,000 people are not a count of the 1,500 evacuated, however alike the words)."""
    if isinstance(first.value, str) or isinstance(second.value, str):
        return first.value != second.value
    if _within_bound(first, second) or _within_bound(second, first):
        return False
    low, high = sorted((abs(first.value), abs(second.value)))
    approximate = first.approximate or second.approximate
    tolerance = options.approximate_tolerance if approximate else options.number_tolerance
    return high - low > tolerance * high and high <= _MAX_RATIO * low


def _within_bound(bound: _Mention, other: _Mention) -> bool:
    """ "More than a dozen homes" does not contradict "14 homes", nor "up to 40" "35"; two
    outlets' tolls "at least 12" and "at least 15" still differ."""
    span, other_span = bound.span.lower(), other.span.lower()
    assert isinstance(bound.value, float) and isinstance(other.value, float)
    for pattern, holds in (
        (_LOWER_BOUND, other.value >= bound.value),
        (_UPPER_BOUND, other.value <= bound.value),
    ):
        if pattern.match(span):
            return holds and not pattern.match(other_span)
    return False


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


def _speaker_differences(story: Story, first: Node, second: Node) -> Iterator[Difference]:
    """The same words or claim put in the mouths of two different named speakers."""
    a, b = story.speaker(first), story.speaker(second)
    if a and b and facts.distinct_speakers(a, b):
        quoted = _shared_quote(story.text(first), story.text(second))
        about = f"who said “{quoted}”" if quoted else f"who said “{story.quote(first).text}”"
        yield Difference("attribution", about, [story.claim(first, a), story.claim(second, b)])


def _wording_differences(story: Story, first: Node, second: Node) -> Iterator[Difference]:
    """The same quotation given in different words ("will not" and "will never")."""
    for a in facts.quotes(story.text(first)):
        for b in facts.quotes(story.text(second)):
            if _same_quote(a, b) and _quote_words(a) != _quote_words(b):
                about = "the words of a quote"
                yield Difference("quote", about, [story.claim(first, a), story.claim(second, b)])


def _quote_differences(story: Story) -> Iterator[Difference]:
    """Every pair of sentences from two outlets quoting the same words, wherever they stand:
    said by different people, or worded differently."""
    for first, second in _shared_quotes(story):
        yield from _speaker_differences(story, first, second)
        yield from _wording_differences(story, first, second)


def _shared_quotes(story: Story) -> Iterator[tuple[Node, Node]]:
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
            yield first, second


def _shared_quote(first: str, second: str) -> str | None:
    """A quotation both sentences contain (allowing small wording changes), if any."""
    for a in facts.quotes(first):
        for b in facts.quotes(second):
            if _same_quote(a, b):
                return a
    return None


def confirmed(story: Story, node: Node, others: list[Node]) -> bool:
    """Whether every checkable claim of a sentence (figures, dates, times, scores, quotes with
    their speaker) is stated alike by one of `others`: only then may it be shown as agreed."""
    text = story.text(node)
    stated = {
        (m.kind, m.value) for other in others for m in sentence_claims(other, story.text(other))
    }
    if any((m.kind, m.value) not in stated for m in sentence_claims(node, text)):
        return False
    return all(_quote_confirmed(story, node, quote, others) for quote in facts.quotes(text))


def _quote_confirmed(story: Story, node: Node, quote: str, others: list[Node]) -> bool:
    speaker = story.speaker(node)
    for other in others:
        theirs = story.speaker(other)
        same_speaker = speaker == theirs or bool(
            speaker and theirs and facts.same_speaker(speaker, theirs)
        )
        words = _quote_words(quote)
        if same_speaker and any(_quote_words(q) == words for q in facts.quotes(story.text(other))):
            return True
    return False


def _quote_words(quote: str) -> list[str]:
    return _QUOTE_WORD.findall(quote.lower())


def _same_quote(first: str, second: str) -> bool:
    """The same quotation, allowing changed words: most content words shared, or most of the
    word sequence ("the best day" and "the greatest day")."""
    words_a, words_b = set(tokens(first)), set(tokens(second))
    union = words_a | words_b
    if union and len(words_a & words_b) / len(union) >= _SAME_QUOTE:
        return True
    sequence = SequenceMatcher(None, _quote_words(first), _quote_words(second), autojunk=False)
    return sequence.ratio() >= _SAME_QUOTE_SEQUENCE


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
