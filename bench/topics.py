"""Section classifier quality on the UCI News Aggregator dev headlines.

    python -m bench.topics

UCI labels each headline business (b), science and technology (t), entertainment (e) or health
(m); newsdesk's best section is read in those terms (Science and Technology both count as t,
World and Sport as neither). The classifier never saw these headlines: its centroids are built
from the site's own section descriptions. Prints accuracy and macro-F1 over the four
categories, the per-category F1, and the sections given to each demo event's reports.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from bench.common import REPO_ROOT, SHARED_DATA, print_table
from newsdesk.nlp.embed import embed
from newsdesk.nlp.topics import SECTIONS, classifier

UCI = SHARED_DATA / "stories" / "uci-news-aggregator" / "articles.jsonl"
DEMO_EVENTS = REPO_ROOT / "newsdesk" / "demo" / "corpus" / "events.json"
CATEGORIES = ("b", "t", "e", "m")
AS_UCI = {
    "business": "b",
    "technology": "t",
    "science": "t",
    "entertainment": "e",
    "health": "m",
}


@dataclass(frozen=True)
class Scores:
    accuracy: float
    macro_f1: float
    f1: dict[str, float]
    headlines: int


def uci_headlines() -> list[tuple[str, str]]:
    """(headline, category) of every dev row."""
    with UCI.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [(row["title"], row["category"]) for row in rows]


def score(gold: list[str], predicted: list[str]) -> Scores:
    """Accuracy and the mean of the per-category F1 (each category counts the same, however
    few its headlines: health has 25 of 4,171)."""
    pairs = Counter(zip(gold, predicted, strict=True))
    f1 = {}
    for category in CATEGORIES:
        hits = pairs[(category, category)]
        said = sum(n for (_, p), n in pairs.items() if p == category)
        real = sum(n for (g, _), n in pairs.items() if g == category)
        f1[category] = 2 * hits / (said + real) if said + real else 0.0
    correct = sum(n for (g, p), n in pairs.items() if g == p)
    return Scores(correct / len(gold), sum(f1.values()) / len(f1), f1, len(gold))


def uci_scores() -> Scores:
    rows = uci_headlines()
    best = classifier().best(embed([headline for headline, _ in rows]))
    return score([category for _, category in rows], [AS_UCI.get(s, "other") for s in best])


def demo_sections() -> list[list[object]]:
    """Each demo event with the sections its reports' headlines get, most given first."""
    articles = json.loads(DEMO_EVENTS.read_text(encoding="utf-8"))["articles"]
    entries = list(articles.values())
    assigned = classifier().assign(embed([entry["title"] for entry in entries]))
    by_event: dict[str, Counter[str]] = {}
    for entry, sections in zip(entries, assigned, strict=True):
        by_event.setdefault(entry["event"], Counter()).update(sections)
    return [
        [event, ", ".join(f"{s} {n}" for s, n in counts.most_common())]
        for event, counts in sorted(by_event.items())
    ]


def main() -> None:
    scores = uci_scores()
    print(f"UCI dev headlines: {scores.headlines}; sections: {', '.join(s.name for s in SECTIONS)}")
    print_table(
        ["accuracy", "macro-F1", *(f"F1 {c}" for c in CATEGORIES)],
        [[scores.accuracy, scores.macro_f1, *(scores.f1[c] for c in CATEGORIES)]],
    )
    print_table(["demo event", "sections of its reports"], demo_sections())


if __name__ == "__main__":
    main()
