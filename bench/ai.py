"""Grounded AI features: answer accuracy, coverage comparison, summaries, latency and verifier.

    python -m bench.ai          # the tables
    python -m bench.ai --fit    # fit the question-answering weights on the dev set
    python -m bench.ai --ask    # the question-answering tables only
    python -m bench.ai --causes # why questions go wrong, on the sets tuning may read
    python -m bench.ai --loso   # each of those sets scored with weights fitted on the others
    python -m bench.ai --thresholds  # each kind of question's answer threshold, leaving one set out

The dev set in bench/data/ai was written by hand, apart from the code: readers' questions in
their own words over the demo corpus and ECB+ texts (questions.json), and invented events whose
reports carry planted differences (compare/events.json). Latencies are from scratch (a fresh
embedding cache per call) on 2 cores. The LLM rows run against a local scripted chat-completions
server that mixes faithful sentences with corrupted ones (a changed number, a swapped name, a
citation of an unrelated sentence): faithful ones should be kept, corrupted ones always cut.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np

from bench.common import SHARED_DATA, print_table
from newsdesk.ai import (
    CachedEmbedder,
    Coverage,
    Document,
    Embedder,
    GroundedWriter,
    LLMConfig,
    ask,
    compare_coverage,
    key_points,
    summarize,
    timeline,
)
from newsdesk.ai.evidence import FEATURES, MAX_MARGIN, detail_meaning
from newsdesk.ai.lexical import concepts, tokens
from newsdesk.ai.qa import KIND_THRESHOLDS, answer_from, answering, retrieve, sentence_evidence
from newsdesk.ai.questions import counted, fit, kind, unmentioned, without_kind_words
from newsdesk.ai.types import DEFAULT_OPTIONS, AIOptions, without_dateline
from newsdesk.demo.build_corpus import OUT, SRC, parse_source
from newsdesk.nlp.embed import embed
from tests.ai.articles import article
from tests.ai.chat_server import Messages, chat_server, reply_json

DATA = Path(__file__).parent / "data" / "ai"
ARTICLES = ["bridge-vote", "museum-theft", "battery-plant", "heatwave"]
RUNS = 20
# Held-out question sets, each written before a round of tuning and never used in it.
HELD_OUT = [
    "held_out_questions.json",
    "held_out_questions_2.json",
    "held_out_questions_3.json",
    "held_out_questions_4.json",
    "held_out_questions_5.json",
    "held_out_questions_6.json",
    "held_out_questions_7.json",
    "held_out_questions_8.json",
    "held_out_questions_9.json",
    "held_out_questions_10.json",
    "held_out_questions_11.json",
    "held_out_questions_12.json",
    "held_out_questions_13.json",
    "held_out_questions_14.json",
    "held_out_questions_15.json",
    "held_out_questions_16.json",
    "held_out_questions_17.json",
    "held_out_questions_18.json",
    "held_out_questions_19.json",
    "held_out_questions_20.json",
    "held_out_questions_21.json",
    "held_out_questions_22.json",
    "held_out_questions_23.json",
    "held_out_questions_24.json",
    "held_out_questions_25.json",
    "held_out_questions_26.json",
    "held_out_questions_27.json",
    "held_out_questions_28.json",
]
# The held-out set written for the next measure: tuning never reads it, whether or not it is in
# `HELD_OUT` yet.
UNSEEN = "held_out_questions_29.json"
# The sets whose failures tuning may read: the dev set and every held-out set measured so far.
READABLE = ["questions.json", *(name for name in HELD_OUT if name != UNSEEN)]
# An enormous page: the features must read a bounded part of it, whatever its size.
HUGE_PARAGRAPHS = 100_000
_NUMBERED = re.compile(r"^\[S(\d+)\] (.*)$", re.MULTILINE)
_DIGITS = re.compile(r"\d[\d,]*")
_CLAUSE_END = re.compile(r",\s|\s(?:and|but|while|which)\s")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_HEDGES = {"about", "around", "roughly", "more", "than", "some", "nearly", "almost"}
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+")
_HEADLINE_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
# A sentence opening like this leans on the one before it and cannot stand alone in a summary.
_DANGLING = re.compile(
    r"^[\"“]?(?:he|she|it|they|his|her|its|their|this|that|these|those|there|then|but|and|"
    r"also|however|meanwhile|from there|such)\b",
    re.IGNORECASE,
)
Tally = tuple[int, int]  # (right, total)


def main() -> None:
    if "--fit" in sys.argv[1:]:
        fit_question_answering(CachedEmbedder(embed))
        return
    if "--loso" in sys.argv[1:]:
        headers = ["left out", "answerable (fit on the others)", "answerable (shipped)"]
        headers += ["unanswerable (fit on the others)", "unanswerable (shipped)"]
        print_table(headers, leave_one_set_out(CachedEmbedder(embed)))
        return
    if "--thresholds" in sys.argv[1:]:
        headers = ["kind", "questions", "share shipped", "share fitted on all", "answerable"]
        print_table([*headers, "unanswerable"], kind_threshold_rows(CachedEmbedder(embed)))
        return
    if "--causes" in sys.argv[1:]:
        causes = failure_causes(CachedEmbedder(embed)).most_common()
        print_table(["why a question goes wrong (dev, held-out sets)", "questions"], causes)
        return
    load = os.getloadavg()[0]
    print(f"Load average {load:.1f} on {os.cpu_count()} CPUs\n")
    cached = CachedEmbedder(embed)
    dev = dev_set()
    print_table(["ask (dev set)", "right", "share"], _tally_rows(score_questions(dev, cached)))
    print()
    for name in HELD_OUT:
        held_out = held_out_set(name)
        tallies = score_questions(held_out, cached)
        if held_out["story_questions"]:
            tallies["story"] = score_story_questions(held_out["story_questions"], cached)
        print_table([f"ask (held out: {name})", "right", "share"], _tally_rows(tallies))
        print()
    story = score_story_questions(dev["story_questions"], cached)
    print_table(["ask across a story", "right", "share"], _tally_rows({"story": story}))
    print()
    if "--ask" in sys.argv[1:]:
        return
    print_table(["compare coverage", "result"], _compare_rows(score_compare(events(), cached)))
    print()
    held_out_compare = score_compare(events("held_out.json"), cached)
    print_table(["compare coverage (held out)", "result"], _compare_rows(held_out_compare))
    print()
    print_table(["summary (demo + ECB+)", *SUMMARY_SYSTEMS], _summary_rows(cached))
    print()
    headers = ["feature", "input", "p50 ms", "p95 ms", "target ms"]
    print_table(headers, _latency_rows())
    print()
    print_table(["check", "result"], _verifier_rows() + _demo_coverage_rows())


def _tally_rows(tallies: dict[str, Tally]) -> list[list[object]]:
    return [[name, f"{r}/{n}", f"{r / n:.0%}" if n else "-"] for name, (r, n) in tallies.items()]


# Documents of the dev set --------------------------------------------------------------------


def dev_set() -> dict:
    """Questions over single articles and over stories, with their gold answers."""
    return json.loads((DATA / "questions.json").read_text())


def held_out_set(name: str = "held_out_questions.json") -> dict:
    """Questions written after the features were tuned, and never used to tune them."""
    return json.loads((DATA / name).read_text())


def events(name: str = "events.json") -> list[dict]:
    """Invented events, each with its outlets' reports and the planted differences
    ("held_out.json": events written after tuning, never used to tune)."""
    return json.loads((DATA / "compare" / name).read_text())["events"]


@cache
def document(ref: str) -> Document:
    """A dev-set document: "demo:outlet/slug" (the demo corpus) or "ecb:id" (ECB+)."""
    kind, _, name = ref.partition(":")
    if kind == "demo":
        return _demo_document(name)
    row = _ecb_rows()[name]
    return Document.from_text(name, row["host"] or "ECB+", row["title"] or "", None, row["text"])


def _demo_document(article_id: str, now: datetime | None = None) -> Document:
    source = parse_source(SRC / f"{article_id}.txt")
    body = "\n".join(p for p in source.body if not p.startswith("## "))
    published = (now or datetime.now(UTC)) - timedelta(minutes=source.minutes)
    return Document.from_text(
        article_id, source.outlet, source.title, published, body, source.standfirst
    )


@cache
def _ecb_rows() -> dict[str, dict]:
    path = SHARED_DATA / "stories" / "ecbplus" / "articles.jsonl"
    rows = (json.loads(line) for line in path.read_text().splitlines())
    return {row["id"]: row for row in rows}


def demo_events() -> list[tuple[dict, list[Document]]]:
    """The demo corpus's multi-outlet events, with the conflicts its authors planted."""
    now = datetime.now(UTC)
    found = []
    for event in json.loads((OUT / "events.json").read_text())["events"]:
        if len(event["outlets"]) >= 2:
            found.append((event, [_demo_document(a, now) for a in event["articles"]]))
    return found


def event_documents(event: dict) -> list[Document]:
    return [
        Document.from_text(f"{event['id']}/{i}", r["source"], r["headline"], None, r["text"])
        for i, r in enumerate(event["reports"])
    ]


# Questions -----------------------------------------------------------------------------------


def score_questions(
    dev: dict, embedder: Embedder, options: AIOptions = DEFAULT_OPTIONS
) -> dict[str, Tally]:
    """Right answers overall, answerable (a quoted sentence holds a gold phrase), unanswerable
    ("does not say"), the first quoted sentence right, and per question type; and, apart from
    the decision to answer, whether the ranking puts an answering sentence in its top two."""
    outcomes: dict[str, list[bool]] = {"overall": [], "answerable": [], "unanswerable": []}
    first: list[bool] = []
    ranked: list[bool] = []
    for question in dev["questions"]:
        answer = ask(
            question["question"], document(question["doc"]), embed=embedder, options=options
        )
        gold = question["gold"]
        quoted = [s.text.lower() for s in answer.sentences]
        if gold is None:
            right = not quoted
        else:
            right = any(g.lower() in text for g in gold for text in quoted)
            first.append(bool(quoted) and any(g.lower() in quoted[0] for g in gold))
            top = retrieve(question["question"], document(question["doc"]), embed=embedder)[:2]
            ranked.append(any(g.lower() in s.text.lower() for g in gold for _, s, _ in top))
        outcomes["overall"].append(right)
        outcomes["answerable" if gold else "unanswerable"].append(right)
        if gold:
            outcomes.setdefault(f"type: {question['type']}", []).append(right)
    outcomes["answerable, first sentence right"] = first
    outcomes["answerable, answer ranked in the top 2"] = ranked
    return {name: (sum(values), len(values)) for name, values in outcomes.items()}


def score_story_questions(items: Sequence[dict], embedder: Embedder) -> Tally:
    """Story answers that give every outlet's version (at least `min_values` of the figures
    outlets report), or say the story is silent when no outlet says."""
    stories = {event["id"]: documents for event, documents in demo_events()}
    right = 0
    for item in items:
        answer = ask(item["question"], stories[item["story"]], embed=embedder)
        if item["values"] is None:
            right += not answer.answerable
        else:
            given = sum(value in answer.text for value in item["values"])
            right += given >= item["min_values"]
    return right, len(items)


def failure_causes(embedder: Embedder) -> Counter[str]:
    """The wrong answers on the sets tuning may read (`READABLE`), counted by cause: an
    answerable question whose answering sentence cannot answer (not read as giving the detail
    asked for, or as naming whom it asks about), is declined, or loses to a neighbour or
    another sentence; an unanswerable one answered, by the kind of detail asked for and
    whether the quoted sentences hold every word the question asks about (when they do not,
    they usually give that kind of detail about another event or subject)."""
    causes: Counter[str] = Counter()
    for name in READABLE:
        for item in json.loads((DATA / name).read_text())["questions"]:
            cause = _failure_cause(item, embedder)
            if cause:
                causes[cause] += 1
    return causes


def _failure_cause(item: dict, embedder: Embedder) -> str | None:
    """Why this question is answered wrong (None when it is answered right)."""
    question, doc = item["question"], document(item["doc"])
    answer = ask(question, doc, embed=embedder)
    gold = [phrase.lower() for phrase in item["gold"] or []]
    if not gold:
        if not answer.sentences:
            return None
        asked = set(concepts(without_kind_words(question)))
        said = set(concepts(" ".join(s.text for s in answer.sentences)))
        holds = "holding every word asked about" if asked <= said else "missing a word asked about"
        return f"unanswerable, answered ({kind(question)}): quoted sentences {holds}"
    if any(g in s.text.lower() for g in gold for s in answer.sentences):
        return None
    ranked = retrieve(question, doc, embed=embedder)
    answers = [i for i, (_, s, _) in enumerate(ranked) if any(g in s.text.lower() for g in gold)]
    if not answers:
        return "answerable: no sentence read holds the answer"
    able = [any(g in s.text.lower() for g in gold) for _, s, _ in answering(question, ranked)]
    if not any(able):
        if not _gives_detail_asked(question, ranked[answers[0]][1].text):
            return "answerable: the answering sentence is not read as giving the detail asked for"
        return "answerable: the answering sentence is not read as naming whom it asks about"
    if not answer.sentences:
        first = "ranks first" if able[0] else "ranks below another that can answer"
        return f"answerable, declined: the answering sentence {first}"
    quoted = {c.sentence_index for s in answer.sentences for c in s.citations}
    gold_indexes = {ranked[i][1].index for i in answers}
    near = any(abs(q - g) == 1 for q in quoted for g in gold_indexes)
    return f"answerable, answered with {'a neighbour' if near else 'another sentence'}"


def _gives_detail_asked(question: str, text: str) -> bool:
    """Whether a sentence is read as giving the kind of detail a question asks for."""
    return fit(kind(question), text, 0.0, question) == 1.0


# Fitting the question-answering weights ---------------------------------------------------------

KIND = FEATURES.index("kind of detail")
COUNTS = FEATURES.index("counts what is asked")
# L2 penalty of both fits: the dev set is small, and weights far from zero would learn its
# questions rather than readers' questions in general.
L2 = 0.01


def fit_question_answering(embedder: Embedder) -> None:
    """Fit and print `AIOptions.answer_weights` and `answerability_weights` from the dev set
    only (`fitted_weights`)."""
    weights, fitted = fitted_weights(question_groups(["questions.json"], embedder), embedder)
    print("answer_weights:", dict(zip(FEATURES, np.round(weights, 2).tolist(), strict=True)))
    print("answerability_weights:", np.round(fitted, 2).tolist())


def leave_one_set_out(embedder: Embedder) -> list[list[object]]:
    """Each set tuning may read scored with weights fitted on the others (`fitted_weights`),
    beside the shipped weights (fitted on the dev set): whether more questions to fit on
    make answers better on questions the fit has not seen."""
    groups = {name: question_groups([name], embedder) for name in READABLE}
    rows: list[list[object]] = []
    for name in READABLE:
        others = [group for other in READABLE if other != name for group in groups[other]]
        weights, fitted = fitted_weights(others, embedder)
        options = replace(
            DEFAULT_OPTIONS,
            answer_weights=tuple(np.round(weights, 2).tolist()),
            answerability_weights=tuple(np.round(fitted, 2).tolist()),
        )
        questions = json.loads((DATA / name).read_text())
        left_out = score_questions(questions, embedder, options)
        shipped = score_questions(questions, embedder)
        rows.append(
            [
                name,
                *(
                    f"{r}/{n}"
                    for key in ("answerable", "unanswerable")
                    for r, n in (left_out[key], shipped[key])
                ),
            ]
        )
    return [*rows, _pooled(rows), _worst(rows)]


def _pooled(rows: list[list[object]]) -> list[object]:
    """Each column's right and total summed over the folds."""
    columns = _columns(rows)
    sums = [(sum(r for r, _ in column), sum(n for _, n in column)) for column in columns]
    return ["pooled", *(f"{r}/{n} = {r / n:.0%}" for r, n in sums)]


def _worst(rows: list[list[object]]) -> list[object]:
    """Each column's lowest share over the folds: a decision that generalises holds on every
    set, not only on the mean."""
    return ["worst fold", *(f"{min(r / n for r, n in column):.0%}" for column in _columns(rows))]


def _columns(rows: list[list[object]]) -> list[list[tuple[int, int]]]:
    """The (right, total) cells of the table's columns past the first."""
    cells = [[_tally(str(cell)) for cell in row[1:]] for row in rows]
    return [[row[i] for row in cells] for i in range(len(cells[0]))]


def _tally(cell: str) -> Tally:
    right, total = cell.split("/")
    return int(right), int(total)


# The answer threshold's share tried for each kind of question.
THRESHOLD_SHARES = [round(0.1 + 0.05 * step, 2) for step in range(27)]
# A question of a dev or held-out set, decided at any threshold: its set, its kind, the
# probability that its best sentence answers (-1 when no sentence can), whether the sentences
# then quoted hold a gold phrase, and whether it is answerable.
Decided = tuple[str, str, float, bool, bool]


def kind_threshold_rows(embedder: Embedder) -> list[list[object]]:
    """For each kind of question, the share of the answer threshold it ships with
    (`qa.KIND_THRESHOLDS`) and the share that answers most questions right on all the sets
    tuning may read; then answerable and unanswerable questions right (shipped -> left out),
    each set decided at the share fitted on the others: a share holds when it is fitted alike
    whichever set is left out."""
    decided = _decided_questions(embedder)
    rows: list[list[object]] = []
    for wanted, count in Counter(d[1] for d in decided).most_common():
        ofkind = [d for d in decided if d[1] == wanted]
        shipped = KIND_THRESHOLDS.get(wanted, 1.0)  # type: ignore[call-overload]
        fitted = {
            name: _best_share([o for o in ofkind if o[0] != name], shipped) for name in READABLE
        }
        everywhere = dict.fromkeys(READABLE, shipped)
        cells = [
            f"{_right(ofkind, everywhere, answerable)} -> {_right(ofkind, fitted, answerable)}"
            for answerable in (True, False)
        ]
        all_sets = _best_share(ofkind, shipped)
        rows.append([wanted, count, shipped, all_sets, *cells])
    return rows


def _decided_questions(embedder: Embedder) -> list[Decided]:
    """Every question of the sets tuning may read, decided at any threshold (`Decided`)."""
    anything = replace(DEFAULT_OPTIONS, answer_threshold=1e-9)
    decided = []
    for name in READABLE:
        for item in json.loads((DATA / name).read_text())["questions"]:
            ranked = retrieve(item["question"], document(item["doc"]), embed=embedder)
            answer = answer_from(item["question"], ranked, anything, embed=embedder)
            quoted = [s.text.lower() for s in answer.sentences]
            gold = [g.lower() for g in item["gold"] or []]
            holds = any(g in text for g in gold for text in quoted)
            confidence = answer.score if quoted else -1.0
            decided.append((name, kind(item["question"]), confidence, holds, bool(gold)))
    return decided


def _right(decided: list[Decided], shares: dict[str, float], answerable: bool) -> int:
    """How many of these questions (answerable or not) are right, each set's decided at its
    share of the threshold."""
    threshold = DEFAULT_OPTIONS.answer_threshold
    right = 0
    for d in decided:
        quoted = d[2] >= threshold * shares[d[0]]
        if d[4] == answerable:
            right += (quoted and d[3]) if answerable else not quoted
    return right


def _best_share(decided: list[Decided], shipped: float) -> float:
    """The share answering most of these questions right, the nearest the shipped one on ties."""

    def right(share: float) -> int:
        shares = dict.fromkeys(READABLE, share)
        return sum(_right(decided, shares, answerable) for answerable in (True, False))

    return max(THRESHOLD_SHARES, key=lambda share: (right(share), -abs(share - shipped)))


QuestionGroup = tuple[str, list[str], np.ndarray, np.ndarray]


def question_groups(names: Sequence[str], embedder: Embedder) -> list[QuestionGroup]:
    """Each question of these sets with its sentences, their `evidence.FEATURES` rows and
    which of them hold a gold phrase."""
    groups = []
    for name in names:
        for question in json.loads((DATA / name).read_text())["questions"]:
            pairs, rows = sentence_evidence(
                question["question"], document(question["doc"]), embed=embedder
            )
            gold = [g.lower() for g in question["gold"] or []]
            hits = np.array([any(g in s.text.lower() for g in gold) for _, s in pairs], float)
            groups.append((question["question"], [s.text for _, s in pairs], rows, hits))
    return groups


def fitted_weights(
    groups: list[QuestionGroup], embedder: Embedder
) -> tuple[np.ndarray, np.ndarray]:
    """`answer_weights` (a softmax over each answerable question's sentences, the ones holding
    a gold phrase as targets) and `answerability_weights` (a logistic regression on the best
    sentence's score and lead, whether what a "how many" question counts is counted nowhere,
    and the question's closeness to the part of the best sentence holding the detail asked
    for, answerable and unanswerable questions weighing equally)."""
    weights = _fit_softmax([(rows, hits) for _, _, rows, hits in groups if hits.any()])
    # The decision is taken, as `answer_from` takes it, on the sentences carrying the kind of
    # detail asked for; a question none carries, or about a name the text never mentions, is
    # never answered, so it teaches nothing.
    decisions, answerable = [], []
    for question, texts, rows, hits in groups:
        fitting = rows[:, KIND] == 1.0
        if not fitting.any() or unmentioned(question, texts):
            continue
        scores = np.where(fitting, rows @ weights, -np.inf)
        best_text = without_dateline(texts[int(np.argmax(scores))])
        asks_count = counted(question) is not None
        decisions.append(
            (
                *_best_and_lead(scores[fitting]),
                float(asks_count and not rows[fitting, COUNTS].any()),
                detail_meaning(question, best_text, embedder),
            )
        )
        answerable.append(float(hits.any()))
    return weights, _fit_logistic(np.array(decisions), np.array(answerable))


def _best_and_lead(scores: np.ndarray) -> tuple[float, float]:
    ranked = np.sort(scores)[::-1]
    lead = min(ranked[0] - ranked[1], MAX_MARGIN) if len(ranked) > 1 else MAX_MARGIN
    return float(ranked[0]), lead


def _fit_softmax(groups: list[tuple[np.ndarray, np.ndarray]], steps: int = 4000) -> np.ndarray:
    """Weights maximising the mean log-probability of each group's target rows under a
    softmax of the rows' scores (gradient descent; the features are all about 0..1), all
    groups stacked so a step is a few array operations."""
    rows = np.vstack([r for r, _ in groups])
    targets = np.concatenate([hits / hits.sum() for _, hits in groups])
    starts = np.cumsum([0, *(len(r) for r, _ in groups[:-1])])
    owner = np.repeat(np.arange(len(groups)), [len(r) for r, _ in groups])
    weights = np.zeros(rows.shape[1])
    for _ in range(steps):
        scores = rows @ weights
        exp = np.exp(scores - np.maximum.reduceat(scores, starts)[owner])
        p = exp / np.add.reduceat(exp, starts)[owner]
        weights -= 0.5 * (L2 * weights + rows.T @ (p - targets) / len(groups))
    return weights


def _fit_logistic(x: np.ndarray, y: np.ndarray, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method, both classes weighing equally; the intercept
    comes last. The penalty is taken on standardised features, so that one with a narrow range
    (a cosine) is not shrunk more than one with a wide range (a ranking score)."""
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    design = np.column_stack([(x - mean) / spread, np.ones(len(x))])
    balance = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    beta = np.zeros(design.shape[1])
    penalty = L2 * np.diag([*([1.0] * x.shape[1]), 0.0]) * len(x)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (balance * (p - y)) + penalty @ beta
        hessian = (design * (balance * p * (1 - p))[:, None]).T @ design + penalty
        beta -= np.linalg.solve(hessian, gradient)
    weights = beta[:-1] / spread
    return np.append(weights, beta[-1] - weights @ mean)


# Coverage comparison --------------------------------------------------------------------------


def score_compare(cases: Sequence[dict], embedder: Embedder) -> dict[str, object]:
    """Planted differences found (by kind), differences matching none, agreed items showing a
    disputed claim, stories said to agree despite planted differences, agreements and
    single-outlet facts surfaced."""
    found: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    tally: Counter[str] = Counter()
    for case in cases:
        coverage = compare_coverage(event_documents(case), embed=embedder)
        assert coverage is not None
        hits = [_matches(d, coverage) for d in case["differences"]]
        for difference, hit in zip(case["differences"], hits, strict=True):
            planted[difference["kind"]] += 1
            found[difference["kind"]] += hit
        tally["false differences"] += sum(
            not any(_claims_match(d, g) for g in case["differences"]) for d in coverage.differences
        )
        tally["disputed shown as agreed"] += _disputed_agreed(case, coverage)
        tally["stories said to agree despite differences"] += bool(
            case["differences"] and not coverage.differences
        )
        agreed_text = " ".join(g.text for g in coverage.agreed).lower()
        tally["agreements surfaced"] += sum(a.lower() in agreed_text for a in case["agreed"])
        tally["agreements planted"] += len(case["agreed"])
        for source, phrases in case["single"].items():
            shown = " ".join(g.text for g in coverage.only_in.get(source, [])).lower()
            tally["single-outlet facts surfaced"] += sum(p.lower() in shown for p in phrases)
            tally["single-outlet facts planted"] += len(phrases)
    return {"found": found, "planted": planted, **tally}


def _matches(gold: dict, coverage: Coverage) -> bool:
    return any(_claims_match(d, gold) for d in coverage.differences)


def _claims_match(difference: object, gold: dict) -> bool:
    """Whether a reported difference shows two outlets' planted versions of one detail."""
    values = gold["values"]
    matched = {
        claim.source
        for claim in difference.claims  # type: ignore[attr-defined]
        if claim.source in values and _same_value(claim.value, values[claim.source])
    }
    versions = {values[source].lower() for source in matched}
    return len(versions) >= 2


def _same_value(shown: str, gold: str) -> bool:
    shown, gold = shown.lower().replace("’", "'"), gold.lower()
    return gold in shown or (len(shown) >= 2 and shown in gold)


def _disputed_agreed(case: dict, coverage: Coverage) -> int:
    """Agreed items that show a planted disputed claim as settled."""
    shown = [
        phrase.lower()
        for difference in case["differences"]
        for phrase in difference.get("shown", difference["values"].values())
    ]
    return sum(any(p in item.text.lower() for p in shown) for item in coverage.agreed)


def _compare_rows(score: dict) -> list[list[object]]:
    found, planted = score["found"], score["planted"]
    rows: list[list[object]] = [
        [f"found: {kind}", f"{found[kind]}/{planted[kind]}"] for kind in sorted(planted)
    ]
    total_found, total = sum(found.values()), sum(planted.values())
    rows.append(["found: all kinds", f"{total_found}/{total} = {total_found / total:.0%}"])
    for key in (
        "false differences",
        "disputed shown as agreed",
        "stories said to agree despite differences",
    ):
        rows.append([f"{key} (want 0)", score[key]])
    rows.append(
        ["agreements surfaced", f"{score['agreements surfaced']}/{score['agreements planted']}"]
    )
    rows.append(
        [
            "single-outlet facts surfaced",
            f"{score['single-outlet facts surfaced']}/{score['single-outlet facts planted']}",
        ]
    )
    return rows


# Summaries ------------------------------------------------------------------------------------

SUMMARY_SYSTEMS = ["summary", "LEAD-3", "key points"]


def summary_documents() -> list[tuple[Document, str]]:
    """Every demo article (with its standfirst, a human summary) and the titled ECB+ texts."""
    documents = []
    for path in sorted(SRC.glob("*/*.txt")):
        source = parse_source(path)
        documents.append((_demo_document(source.id), source.standfirst))
    ecb = [row for row in _ecb_rows().values() if row["title"] and row["text"].count("\n") >= 5]
    documents += [(document(f"ecb:{row['id']}"), "") for row in ecb[:60]]
    return documents


def score_summaries(embedder: Embedder) -> dict[str, dict[str, float]]:
    """Per system: how much of the headline (its words and figures) and of the standfirst it
    covers, how many of its sentences lean on the one before, and the summary/key-point
    overlap."""
    sums: dict[str, Counter[str]] = {name: Counter() for name in SUMMARY_SYSTEMS}
    for doc, standfirst in summary_documents():
        summary = summarize(doc, embed=embedder).sentences
        points = key_points(doc, embed=embedder).sentences
        lead = [doc.quote(s) for s in doc.sentences[:3]]
        cited = {c for s in summary for c in s.citations}
        sums["summary"]["repeated in key points"] += sum(
            any(c in cited for c in p.citations) for p in points
        )
        sums["summary"]["key points"] += len(points)
        for name, sentences in (("summary", summary), ("LEAD-3", lead), ("key points", points)):
            _add_summary_counts(sums[name], doc.headline, standfirst, [s.text for s in sentences])
    return {name: _summary_means(counts) for name, counts in sums.items()}


def _add_summary_counts(
    counts: Counter[str], headline: str, standfirst: str, sentences: list[str]
) -> None:
    text = " ".join(sentences)
    words = set(tokens(text))
    headline_words = set(tokens(headline))
    figures = set(_HEADLINE_FIGURE.findall(headline))
    counts["documents"] += 1
    counts["sentences"] += len(sentences)
    counts["words"] += len(text.split())
    counts["headline words"] += len(headline_words)
    counts["headline words covered"] += len(headline_words & words)
    counts["headline figures"] += len(figures)
    counts["headline figures covered"] += sum(f in text for f in figures)
    counts["dangling"] += sum(bool(_DANGLING.match(s)) for s in sentences)
    if standfirst:
        reference = set(tokens(standfirst))
        counts["standfirst words"] += len(reference)
        counts["standfirst words covered"] += len(reference & words)
        counts["standfirst summary words"] += len(words)


def _summary_means(counts: Counter[str]) -> dict[str, float]:
    def share(part: str, whole: str) -> float:
        return counts[part] / counts[whole] if counts[whole] else 0.0

    recall = share("standfirst words covered", "standfirst words")
    precision = share("standfirst words covered", "standfirst summary words")
    return {
        "headline words covered": share("headline words covered", "headline words"),
        "headline figures covered": share("headline figures covered", "headline figures"),
        "standfirst ROUGE-1 F1": 2 * recall * precision / (recall + precision or 1),
        "sentences leaning on the one before": share("dangling", "sentences"),
        "sentences per document": share("sentences", "documents"),
        "words per document": share("words", "documents"),
        "key points repeating the summary": share("repeated in key points", "key points"),
    }


def _summary_rows(embedder: Embedder) -> list[list[object]]:
    means = score_summaries(embedder)
    measures = list(means["summary"])
    return [[m, *(f"{means[name].get(m, 0.0):.3f}" for name in SUMMARY_SYSTEMS)] for m in measures]


# Latency ----------------------------------------------------------------------------------------


def _long_article() -> Document:
    """The four test articles as one ~1,100-word body."""
    parts = [article(name) for name in ARTICLES]
    body = "\n".join(s.text for doc in parts for s in doc.sentences)
    return Document.from_text("long", "Bench", parts[0].headline, None, body)


def huge_document(paragraphs: int = HUGE_PARAGRAPHS) -> Document:
    """A page of `paragraphs` short paragraphs (a scraped list or a log, say)."""
    body = "\n".join(
        f"Item {i} of the list was filed by clerk number {i % 97} today." for i in range(paragraphs)
    )
    return Document.from_text("huge", "Bench", "A very long page", None, body)


def _latency_rows() -> list[list[object]]:
    """p50/p95 per feature from scratch: every call embeds its sentences anew."""
    long_article = _long_article()
    story_documents = demo_events()[0][1]
    question_list = [q["question"] for q in dev_set()["questions"]]
    huge = huge_document()
    features: list[tuple[str, str, Callable[[Embedder, int], object], int]] = [
        ("summary", "1 article", lambda e, i: summarize(long_article, embed=e), 150),
        ("key points", "1 article", lambda e, i: key_points(long_article, embed=e), 150),
        (
            "ask",
            "1 article",
            lambda e, i: ask(question_list[i % len(question_list)], long_article, embed=e),
            300,
        ),
        (
            "ask",
            "5 reports",
            lambda e, i: ask(question_list[i % len(question_list)], story_documents, embed=e),
            0,
        ),
        ("compare", "5 reports", lambda e, i: compare_coverage(story_documents, embed=e), 0),
        ("timeline", "5 reports", lambda e, i: timeline(story_documents, embed=e), 0),
        ("summary", f"{HUGE_PARAGRAPHS:,} paragraphs", lambda e, i: summarize(huge, embed=e), 0),
        (
            "ask",
            f"{HUGE_PARAGRAPHS:,} paragraphs",
            lambda e, i: ask("Who filed?", huge, embed=e),
            0,
        ),
    ]
    embed(["warm-up"])
    rows: list[list[object]] = []
    for name, scope, run, target in features:
        timings = _timings(run, runs=3 if "paragraphs" in scope else RUNS)
        rows.append(
            [name, scope, _percentile(timings, 50), _percentile(timings, 95), target or "-"]
        )
    return rows


def _timings(run: Callable[[Embedder, int], object], runs: int) -> list[float]:
    timings = []
    for i in range(runs):
        fresh = CachedEmbedder(embed)
        started = time.perf_counter()
        run(fresh, i)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


# LLM verifier and demo corpus ---------------------------------------------------------------


def _verifier_rows() -> list[list[object]]:
    """Faithful sentences kept and corrupted ones cut, over scripted key-point replies."""
    # Sentences as (text, cited sentence index), so a right text with a wrong citation differs.
    faithful: list[tuple[str, int]] = []
    kept: set[tuple[str, int]] = set()
    corrupted: list[tuple[str, int]] = []
    rng = random.Random(7)

    def simulated_model(messages: Messages) -> str:
        numbered = _NUMBERED.findall(messages[-1]["content"])
        drafts = []
        for number, text in rng.sample(numbered, k=min(3, len(numbered))):
            text = _compress(text)
            drafts.append((text, [int(number)]))
            faithful.append((text, int(number) - 1))
            bad = _corrupt(text, int(number), numbered, rng)
            if bad:
                drafts.append(bad)
                corrupted.append((bad[0], bad[1][0] - 1))
        return reply_json(*drafts)

    with chat_server() as server:
        config = LLMConfig(base_url=server.url, model="scripted", timeout=5.0)
        writer = GroundedWriter(config, embed=CachedEmbedder(embed))
        # Key points show up to 6 sentences, so 3 faithful + 3 corrupted are never cut for length.
        for name in ARTICLES * 3:
            server.replies.append(simulated_model)
            result = writer.key_points(article(name))
            kept.update(
                (s.text, s.citations[0].sentence_index)
                for s in result.sentences
                if s.method != "extractive"
            )
        writer.close()
    faithful_kept = sum(sentence in kept for sentence in faithful)
    corrupted_kept = sum(sentence in kept for sentence in corrupted)
    return [
        [
            "verifier: faithful sentences kept",
            f"{faithful_kept}/{len(faithful)} = {faithful_kept / len(faithful):.0%}",
        ],
        ["verifier: corrupted sentences shown (want 0)", f"{corrupted_kept}/{len(corrupted)}"],
    ]


def _compress(text: str) -> str:
    """What a model does to a sentence: keep its main clause ("X happened, officials said")."""
    match = _CLAUSE_END.search(text, 40)
    return text[: match.start()].rstrip(",;") + "." if match else text


def _corrupt(
    text: str, number: int, numbered: list[tuple[str, str]], rng: random.Random
) -> tuple[str, list[int]] | None:
    """A plausible model error: a changed number, a swapped name or a wrong citation."""
    choice = rng.choice(["number", "name", "citation"])
    if choice == "number" and _DIGITS.search(text):
        return _DIGITS.sub(lambda m: str(int(m.group(0).replace(",", "")) * 3 + 1), text, 1), [
            number
        ]
    if choice == "name" and _NAME.search(text):
        return _NAME.sub("Marguerite", text, 1), [number]
    others = [int(n) for n, _ in numbered if int(n) != number]
    return (text, [rng.choice(others)]) if others else None


def _demo_coverage_rows() -> list[list[object]]:
    """Planted conflicts found, and reported differences that match none of them."""
    cached = CachedEmbedder(embed)
    planted = found = unplanted = 0
    for event, documents in demo_events():
        coverage = compare_coverage(documents, embed=cached)
        lines = [line.replace(",", "").lower() for line in event["conflicts"]]
        hits: set[int] = set()
        for difference in coverage.differences if coverage else []:
            keys = {_claim_key(claim.value) for claim in difference.claims}
            matching = {i for i, line in enumerate(lines) if all(k in line for k in keys)}
            hits |= matching
            unplanted += not matching
        planted += len(lines)
        found += len(hits)
    return [
        ["compare: planted conflicts found (demo events)", f"{found}/{planted}"],
        ["compare: differences matching no planted conflict", unplanted],
    ]


def _claim_key(value: str) -> str:
    """The figure or surname of a claim, to look up in the planted conflict's description."""
    value = value.replace(",", "").lower()
    figures = _FIGURE.findall(value)
    if figures:
        return figures[0]
    words = [w for w in value.split() if w not in _HEDGES]
    return words[-1] if words else value


if __name__ == "__main__":
    main()
