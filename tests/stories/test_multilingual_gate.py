"""CI gate: reports in French, German and Spanish join the English reports of their event, and
look-alike events (another port strike, flood, rate decision, data breach) stay apart.

The dev set (``bench/data/stories/multilingual.jsonl``) is replayed through the database
pipeline in shuffled orders, languages detected as in production. Floors are what
``python -m bench.multilingual`` measured; raise them as filing across languages improves.
"""

from __future__ import annotations

import pytest

from bench.multilingual import replay

ORDERS = 2
# No story may hold two look-alike events, and almost none two events at all.
MIN_PRECISION = 0.95
# Share of the reports not in English filed with English reports of their event (measured
# 0.889 over both orders once consolidation merged across languages; 0.75 and 0.72 before).
MIN_JOINED = 0.85


@pytest.mark.django_db
def test_reports_in_other_languages_join_their_event_and_look_alikes_stay_apart() -> None:
    for run in replay(ORDERS):
        print(f"multilingual: {run.scores}, joined {run.joined:.3f}, whole {run.whole:.3f}")
        print(*run.splits, sep="\n")
        assert run.scores.mix == 0.0
        assert run.scores.precision >= MIN_PRECISION
        assert run.joined >= MIN_JOINED


def test_names_are_read_from_capitalized_words_inside_sentences() -> None:
    from newsdesk.pipeline.crosslingual import spelled_names

    text = "La Banque de réserve du Norrland maintient son taux. Le gouverneur Tomas Reyk l'a dit."
    assert spelled_names(text) == {"norrland", "tomas-reyk"}
