"""Hashtag quality on real reports: how many shown tags a reader would follow, before and after.

    python -m bench.hashtags [--unlabelled]

Data: a fixed sample of dev articles (ECB+ reports with a headline, English WCXB-dev article
pages; see their READMEs) and hand labels in ``bench/data/hashtags/labels.json``: for each
article, every tag judged good (a name a reader would click to follow: a person, organisation,
place, event, named product or established topic) or bad (a verb phrase, a time, a cut word, a
generic noun). The file also keeps the tags the code produced before the labelled changes
(``before``), so one run prints both columns. A tag without a label counts as bad, so producing
new, unjudged tags cannot raise the score; ``--unlabelled`` lists them for judging.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import REPO_ROOT, SHARED_DATA, print_table
from newsdesk.nlp.entities import extract_entities_batch
from newsdesk.nlp.hashtags import hashtags_for
from newsdesk.nlp.language import detect_language

LABELS = REPO_ROOT / "bench" / "data" / "hashtags" / "labels.json"
ECB_ARTICLES = SHARED_DATA / "stories" / "ecbplus" / "articles.jsonl"
WCXB_TRUTH = SHARED_DATA / "extraction" / "wcxb-dev" / "ground-truth"
# Per source, the sample takes the first articles by a hash of their id: a fixed, unbiased pick.
SAMPLE_SIZES = {"ecbplus": 96, "wcxb": 180}
GOOD_TAGS_WANTED = 3


@dataclass(frozen=True)
class Sample:
    """One article as enrichment sees it."""

    id: str
    headline: str
    text: str


@dataclass(frozen=True)
class Scores:
    precision: float  # good shown tags / shown tags
    enough: float  # share of articles with at least GOOD_TAGS_WANTED good tags
    tags_per_article: float
    unlabelled: int


def _by_hash(ids: Sequence[str]) -> list[str]:
    return sorted(ids, key=lambda i: hashlib.sha256(i.encode()).hexdigest())


def load_samples() -> list[Sample]:
    """The labelled sample: ECB+ reports that have a headline, then English WCXB pages."""
    return _ecb_samples(SAMPLE_SIZES["ecbplus"]) + _wcxb_samples(SAMPLE_SIZES["wcxb"])


def _ecb_samples(size: int) -> list[Sample]:
    with ECB_ARTICLES.open(encoding="utf-8") as lines:
        rows = {row["id"]: row for row in map(json.loads, lines) if row["title"]}
    return [
        Sample(f"ecbplus/{i}", rows[i]["title"], rows[i]["text"]) for i in _by_hash(list(rows))
    ][:size]


def _wcxb_samples(size: int) -> list[Sample]:
    samples = []
    for path in (
        WCXB_TRUTH / f"{i}.json" for i in _by_hash([p.stem for p in WCXB_TRUTH.iterdir()])
    ):
        truth = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        title, text = truth.get("title") or "", truth.get("main_content") or ""
        if title and text and detect_language(f"{title}\n{text[:2000]}") == "en":
            samples.append(Sample(f"wcxb/{path.stem}", title, text))
        if len(samples) == size:
            break
    return samples


def current_tags(samples: Sequence[Sample]) -> dict[str, list[str]]:
    """Each article's tags as enrichment computes them (no standfirst in these sets)."""
    texts = [f"{s.headline}\n\n{s.text}" for s in samples]
    entities = extract_entities_batch(texts, ["en"] * len(samples))
    return {
        s.id: hashtags_for(s.headline, s.text, found)
        for s, found in zip(samples, entities, strict=True)
    }


def load_labels(path: Path = LABELS) -> dict[str, dict]:
    """Article id -> ``{"before": [tags], "labels": {tag: "good" | "bad"}}``."""
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def score(tags: dict[str, list[str]], labels: dict[str, dict]) -> Scores:
    """Precision of shown tags and the share of articles with enough good ones."""
    shown = good = enough = unlabelled = 0
    for article_id, article_tags in tags.items():
        judged = labels.get(article_id, {}).get("labels", {})
        good_here = sum(judged.get(tag) == "good" for tag in article_tags)
        unlabelled += sum(tag not in judged for tag in article_tags)
        shown += len(article_tags)
        good += good_here
        enough += good_here >= GOOD_TAGS_WANTED
    return Scores(
        good / max(shown, 1), enough / max(len(tags), 1), shown / max(len(tags), 1), unlabelled
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unlabelled", action="store_true", help="list tags not yet judged")
    args = parser.parse_args()
    samples = load_samples()
    labels = load_labels()
    now = current_tags(samples)
    before = {s.id: labels.get(s.id, {}).get("before", []) for s in samples}
    rows = [
        [name, s.precision, s.enough, s.tags_per_article, s.unlabelled]
        for name, s in (("before", score(before, labels)), ("now", score(now, labels)))
    ]
    print(f"{len(samples)} articles")
    print_table(
        ["code", "precision", f">= {GOOD_TAGS_WANTED} good", "tags/article", "unlabelled"], rows
    )
    if args.unlabelled:
        for sample in samples:
            judged = labels.get(sample.id, {}).get("labels", {})
            missing = [t for t in now[sample.id] if t not in judged]
            if missing:
                print(f"{sample.id}\t{sample.headline[:80]}\t{' '.join(missing)}")


if __name__ == "__main__":
    main()
