"""Stories across languages: do French, German and Spanish reports join the English reports of
their event, and do look-alike events (another strike, flood, rate decision, data breach) stay
apart?

    python -m bench.multilingual [--orders 3] [--data bench/data/stories/multilingual_heldout.jsonl]

Data: ``bench/data/stories/multilingual.jsonl`` (the dev set the gate uses), short reports of
demo events in English (the opening of the demo articles), French, German and Spanish, plus
look-alike events in the same languages; ``topic`` names the kind of event a look-alike shares.
The reports go through the database pipeline (``bench.stories.cluster_through_pipeline``,
languages detected as in production) and are scored with B-cubed P/R/F1, the look-alike mix
rate, the share of reports not in English filed with English reports of their event ("joined")
and the share of events whose reports all sit in one story ("whole events").

``multilingual_heldout.jsonl`` is written the same way for other events (a ferry capsizing and
a ferry fire, a chip plant opening and a battery plant closing, two robberies, an eruption and
a volcano alert) after the filing rules were set: it is measured, never tuned on.

``multilingual_more.jsonl`` adds real places to the fictional ones, written before the
next changes to filing: names other languages spell their own way (Wien, Vienne and Viena;
München; Bruxelles; Marsella; Euböa, Eubée and Eubea), transliterated people (Shevchuk,
Chevtchouk, Schewtschuk), numbers written 2.000 and 2 000, and reports in other languages
that come before the English ones; look-alikes are two tram accidents, two music prizes and
two wildfires. ``--splits`` lists, for each order, the events whose reports sit in more than
one story.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import numpy as np

from bench.common import REPO_ROOT, print_table, setup_django
from bench.stories import Report, Scores, cluster_through_pipeline, score, shuffled

DATA = REPO_ROOT / "bench" / "data" / "stories" / "multilingual.jsonl"


def load_multilingual(data: Path = DATA) -> list[Report]:
    """The set's reports, in file order; the headline leads the text as on a page."""
    with data.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [
        Report(
            id=row["id"],
            gold=row["event"],
            topic=row["topic"],
            headline=row["headline"],
            lead=f"{row['headline']} {row['text']}",
            text=f"{row['headline']}\n{row['text']}",
            published=datetime.fromisoformat(row["published"]),
        )
        for row in rows
    ]


def report_languages(data: Path = DATA) -> dict[str, str]:
    """The language each report is written in, by id (the pipeline detects its own)."""
    with data.open(encoding="utf-8") as lines:
        return {row["id"]: row["language"] for row in map(json.loads, lines)}


def joined_share(
    reports: Sequence[Report], labels: Sequence[int], languages: dict[str, str]
) -> float:
    """Share of the reports not in English that sit in a story with an English report of
    their event: what a reader of the English coverage gains."""
    english = {
        (report.gold, label)
        for report, label in zip(reports, labels, strict=True)
        if languages[report.id] == "en"
    }
    foreign = [
        (report.gold, label) in english
        for report, label in zip(reports, labels, strict=True)
        if languages[report.id] != "en"
    ]
    return sum(foreign) / len(foreign)


def whole_events(reports: Sequence[Report], labels: Sequence[int]) -> float:
    """Share of events whose reports, in every language, all sit in one story."""
    stories: dict[str, set[int]] = {}
    for report, label in zip(reports, labels, strict=True):
        stories.setdefault(report.gold, set()).add(label)
    return sum(len(found) == 1 for found in stories.values()) / len(stories)


def split_events(
    reports: Sequence[Report], labels: Sequence[int], languages: dict[str, str]
) -> list[str]:
    """One line per event whose reports sit in more than one story: each story's reports of
    it, with their language, so a reader sees which reports stayed apart."""
    stories: dict[str, dict[int, list[str]]] = {}
    for report, label in zip(reports, labels, strict=True):
        stories.setdefault(report.gold, {}).setdefault(label, []).append(
            f"{languages[report.id]}:{report.id}"
        )
    return [
        f"{event}: " + " | ".join(", ".join(ids) for ids in parts.values())
        for event, parts in sorted(stories.items())
        if len(parts) > 1
    ]


class Replay(NamedTuple):
    """What one shuffled replay measured."""

    scores: Scores
    joined: float
    whole: float
    splits: list[str]


def replay(orders: int, data: Path = DATA) -> list[Replay]:
    """Scores, joined share, whole-event share and split events of ``orders`` shuffled
    replays through the database pipeline."""
    reports = load_multilingual(data)
    languages = report_languages(data)
    runs = []
    for seed in range(orders):
        labels = cluster_through_pipeline(reports, shuffled(len(reports), seed))
        runs.append(
            Replay(
                score(reports, labels),
                joined_share(reports, labels, languages),
                whole_events(reports, labels),
                split_events(reports, labels, languages),
            )
        )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=3, help="shuffled orders")
    parser.add_argument("--data", type=Path, default=DATA, help="a set of reports (JSON lines)")
    parser.add_argument(
        "--splits", action="store_true", help="list each order's events split across stories"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-multilingual-") as folder:
        setup_django(Path(folder))
        started = time.perf_counter()
        runs = replay(args.orders, args.data)
        seconds = time.perf_counter() - started
    reports = len(load_multilingual(args.data))
    if args.splits:
        for seed, run in enumerate(runs):
            print(f"order {seed}:", *run.splits, sep="\n  ")
    print(f"{reports} reports, mean of {args.orders} shuffled orders, {seconds:.0f} s")
    mean = [float(np.mean(column)) for column in zip(*_flat(runs), strict=True)]
    print_table(
        ["data", "B3 P", "B3 R", "B3 F1", "look-alike mix", "stories", "joined", "whole events"],
        [[args.data.stem, *mean[:4], f"{mean[4]:.0f}", *mean[5:]]],
    )


def _flat(runs: list[Replay]) -> list[list[float]]:
    return [
        [r.scores.precision, r.scores.recall, r.scores.f1, r.scores.mix, r.scores.clusters]
        + [r.joined, r.whole]
        for r in runs
    ]


if __name__ == "__main__":
    main()
