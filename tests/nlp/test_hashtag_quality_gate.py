"""Quality gate: hashtags on real dev articles stay mostly names a reader would follow.

The articles and hand labels are ``bench/data/hashtags`` (see ``python -m bench.hashtags``); the
tags come from the functions enrichment calls, ``extract_entities_batch`` then ``hashtags_for``.
A tag nobody has judged counts as bad, so new output must be labelled before it can pass.
"""

from __future__ import annotations

import pytest

from bench.hashtags import Scores, current_tags, load_labels, load_samples, score

# Measured 0.902 precision and 0.446 of articles with >= 3 good tags (276 articles: 30 WCXB
# pages that are guides and blogs more than news, labelled before the rules they led to, and
# 180 more articles labelled, 30 at a time, by readers who never saw the rules: the third 30
# scored 0.757 on the tags of their day, the fourth 0.931 after the rules the third led to, the
# fifth 0.831 on the same code, the sixth 0.908 after the rules the fifth led to); the floors
# sit a little under, as spaCy may tag a few spans differently on another CPU or build.
MIN_PRECISION = 0.885
MIN_SHARE_WITH_THREE_GOOD = 0.42


@pytest.fixture(scope="module")
def scores() -> Scores:
    return score(current_tags(load_samples()), load_labels())


def test_shown_hashtags_are_mostly_good(scores: Scores) -> None:
    assert scores.precision >= MIN_PRECISION


def test_most_articles_get_three_good_hashtags(scores: Scores) -> None:
    assert scores.enough >= MIN_SHARE_WITH_THREE_GOOD


def test_every_shown_hashtag_is_labelled(scores: Scores) -> None:
    assert scores.unlabelled == 0
