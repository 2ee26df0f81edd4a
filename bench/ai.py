"""Grounded AI features: latency, verifier behaviour and answer accuracy.

    python -m bench.ai

Latencies are offline and include embedding (a fresh cache per call). The LLM rows run against a
local scripted chat-completions server that mixes faithful sentences with corrupted ones (a
changed number, a swapped name, a citation of an unrelated sentence): faithful ones should be
kept, corrupted ones always cut. Questions and articles live in tests/ai/testdata.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bench.common import print_table
from newsdesk.ai import (
    CachedEmbedder,
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
from newsdesk.ai.qa import retrieve
from newsdesk.demo.build_corpus import OUT, SRC, parse_source
from newsdesk.nlp.embed import EMBEDDING_MODEL, embed
from tests.ai.articles import article, questions
from tests.ai.chat_server import Messages, chat_server, reply_json

ARTICLES = ["bridge-vote", "museum-theft", "battery-plant", "heatwave"]
RUNS = 20
_NUMBERED = re.compile(r"^\[S(\d+)\] (.*)$", re.MULTILINE)
_DIGITS = re.compile(r"\d[\d,]*")
_CLAUSE_END = re.compile(r",\s|\s(?:and|but|while|which)\s")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_HEDGES = {"about", "around", "roughly", "more", "than", "some", "nearly", "almost"}
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+")


def main() -> None:
    long_article = _long_article()
    load = os.getloadavg()[0]
    print(
        f"Embedding model: {EMBEDDING_MODEL}; long article: {_words(long_article)} words; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs (cold timings are mostly embedding)\n"
    )
    headers = ["feature", "input", "cold p50", "cold p95", "warm p50", "warm p95", "target"]
    print_table(headers, _latency_rows(long_article))
    print()
    print_table(["check", "result"], _accuracy_rows() + _verifier_rows() + _coverage_rows())


def _long_article() -> Document:
    """The four test articles as one ~1,100-word body (latency depends on length only)."""
    parts = [article(name) for name in ARTICLES]
    body = "\n".join(s.text for doc in parts for s in doc.sentences)
    return Document.from_text("long", "Bench", parts[0].headline, None, body)


def _words(document: Document) -> int:
    return sum(len(s.text.split()) for s in document.sentences)


def _latency_rows(long_article: Document) -> list[list[object]]:
    """p50/p95 per feature, cold (embeddings computed in the call) and warm (sentence vectors
    cached, as on a second request for the same article; a new question is still embedded)."""
    story_documents = _demo_events()[0][1]
    question_list = [q["question"] for q in questions()]
    features: list[tuple[str, str, Callable[[Embedder, int], object], int]] = [
        ("summary", "1 article", lambda e, i: summarize(long_article, embed=e), 150),
        ("key points", "1 article", lambda e, i: key_points(long_article, embed=e), 150),
        (
            "ask",
            "1 article",
            lambda e, i: ask(question_list[i % len(question_list)], long_article, embed=e),
            300,
        ),
        ("compare", "5 reports", lambda e, i: compare_coverage(story_documents, embed=e), 0),
        ("timeline", "5 reports", lambda e, i: timeline(story_documents, embed=e), 0),
    ]
    embed(["warm-up"])
    warm = CachedEmbedder(embed)
    rows: list[list[object]] = []
    for name, scope, run, target in features:
        cold = _timings(run, lambda: CachedEmbedder(embed))
        run(warm, -1)
        hot = _timings(run, lambda: warm)
        rows.append(
            [
                name,
                scope,
                _percentile(cold, 50),
                _percentile(cold, 95),
                _percentile(hot, 50),
                _percentile(hot, 95),
                target or "-",
            ]
        )
    return rows


def _timings(
    run: Callable[[Embedder, int], object], embedder: Callable[[], Embedder]
) -> list[float]:
    timings = []
    for i in range(RUNS):
        embed_with = embedder()
        started = time.perf_counter()
        run(embed_with, i)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _accuracy_rows() -> list[list[object]]:
    """Answers quoting the expected sentence first; retrieval alone ranks it first when the
    answerability threshold is ignored."""
    cached = CachedEmbedder(embed)
    answerable = [q for q in questions() if q["support"]]
    silent = [q for q in questions() if not q["support"]]
    quoted = retrieved = 0
    for question in answerable:
        document = article(question["article"])
        answer = ask(question["question"], document, embed=cached)
        quoted += bool(answer.sentences) and question["support"] in answer.sentences[0].text
        best = retrieve(question["question"], document, embed=cached)[0][1]
        retrieved += question["support"] in best.text
    said_silent = sum(
        not ask(q["question"], article(q["article"]), embed=cached).answerable for q in silent
    )
    n = len(answerable)
    return [
        ["ask: answer quotes the expected sentence", f"{quoted}/{n} = {quoted / n:.0%}"],
        ["ask: expected sentence ranked first", f"{retrieved}/{n} = {retrieved / n:.0%}"],
        ["ask: unanswerable → 'does not say'", f"{said_silent}/{len(silent)}"],
    ]


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


def _demo_events() -> list[tuple[dict, list[Document]]]:
    """The demo corpus's multi-outlet events, with the conflicts its authors planted."""
    now = datetime.now(UTC)
    events = json.loads((OUT / "events.json").read_text())["events"]
    found = []
    for event in events:
        if len(event["outlets"]) < 2:
            continue
        documents = []
        for article_id in event["articles"]:
            source = parse_source(SRC / f"{article_id}.txt")
            body = "\n".join(p for p in source.body if not p.startswith("## "))
            published = now - timedelta(minutes=source.minutes)
            documents.append(
                Document.from_text(article_id, source.outlet, source.title, published, body)
            )
        found.append((event, documents))
    return found


def _coverage_rows() -> list[list[object]]:
    """Planted conflicts found, and reported differences that match none of them."""
    cached = CachedEmbedder(embed)
    planted = found = unplanted = 0
    for event, documents in _demo_events():
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
