"""CI gate: reports in French, German and Spanish join the English reports of their event, and
look-alike events (another port strike, flood, rate decision, data breach, tram accident, music
prize, wildfire) stay apart.

The dev sets (``bench/data/stories/multilingual.jsonl`` and ``multilingual_more.jsonl``, real
places spelled each language's way) are replayed through the database pipeline in shuffled
orders, languages detected as in production. Floors are what ``python -m bench.multilingual``
measured; raise them as filing across languages improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.multilingual import DATA, replay

ORDERS = 2
SETS = [DATA, DATA.with_name("multilingual_more.jsonl")]
# No story may hold two look-alike events, and almost none two events at all.
MIN_PRECISION = 0.95
# Share of the reports not in English filed with English reports of their event (on the first
# set, measured 1.000 in both orders once names were compared as other languages spell them;
# 0.889 before, 0.75 and 0.72 without consolidation across languages; the second set 1.000).
MIN_JOINED = 0.95
# Share of events whose reports all sit in one story (measured 0.833 in both orders on the
# first set, where English reports from another angle still start stories of their own, and
# 1.000 on the second).
MIN_WHOLE = 0.75


@pytest.mark.django_db
@pytest.mark.parametrize("data", SETS, ids=lambda path: path.stem)
def test_reports_in_other_languages_join_their_event_and_look_alikes_stay_apart(data: Path) -> None:
    for run in replay(ORDERS, data):
        print(f"{data.stem}: {run.scores}, joined {run.joined:.3f}, whole {run.whole:.3f}")
        print(*run.splits, sep="\n")
        assert run.scores.mix == 0.0
        assert run.scores.precision >= MIN_PRECISION
        assert run.joined >= MIN_JOINED
        assert run.whole >= MIN_WHOLE


def test_names_are_read_from_capitalized_words_inside_sentences() -> None:
    from newsdesk.pipeline.crosslingual import spelled_names

    text = "La Banque de réserve du Norrland maintient son taux. Le gouverneur Tomas Reyk l'a dit."
    assert spelled_names(text) == {"norrland", "tomas-reyk"}
