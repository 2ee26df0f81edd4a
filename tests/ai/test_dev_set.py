"""The AI features hold their measured quality on the hand-written dev set (bench/data/ai).

These run what production runs (`ask`, `compare_coverage`, `summarize`, `key_points` with the
MiniLM embedder) and score them as `python -m bench.ai` does. Floors sit a little under the
measure, since int8 vectors may round differently on another CPU; a change that makes the
features worse fails here, one that makes them better should raise the floors.
"""

from __future__ import annotations

import pytest

from bench.ai import dev_set, events, score_compare, score_questions, score_story_questions
from tests.shared_data import SHARED_DATA

ECB_PLUS = SHARED_DATA / "stories" / "ecbplus" / "articles.jsonl"


def share(tally: tuple[int, int]) -> float:
    right, total = tally
    return right / total


@pytest.fixture(scope="module")
def answers(embed):
    if not ECB_PLUS.exists():
        pytest.skip("the ECB+ texts are not beside the repository")
    return score_questions(dev_set(), embed)


@pytest.fixture(scope="module")
def coverage(embed):
    return score_compare(events(), embed)


def test_it_answers_readers_questions_in_their_own_words(answers):
    assert share(answers["answerable"]) >= 0.72


def test_it_ranks_an_answering_sentence_near_the_top(answers):
    assert share(answers["answerable, answer ranked in the top 2"]) >= 0.9


def test_it_says_the_article_does_not_say_when_it_does_not(answers):
    assert share(answers["unanswerable"]) >= 0.8


def test_it_answers_how_many_and_when_questions_with_figures_and_dates(answers):
    assert share(answers["type: count"]) >= 0.72
    assert share(answers["type: when"]) >= 0.8


def test_across_a_story_it_gives_each_outlets_answer(embed):
    assert share(score_story_questions(dev_set()["story_questions"], embed)) >= 0.55


def test_it_finds_the_planted_differences_of_every_kind(coverage):
    found, planted = coverage["found"], coverage["planted"]
    assert sum(found.values()) / sum(planted.values()) >= 0.9
    assert all(found[kind] for kind in planted)


def test_it_never_shows_a_disputed_claim_as_agreed(coverage):
    assert coverage["disputed shown as agreed"] == 0
    assert coverage["stories said to agree despite differences"] == 0


def test_it_reports_no_difference_that_was_not_planted(coverage):
    assert coverage["false differences"] == 0
