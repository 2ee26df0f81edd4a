"""Filing reads its candidate stories' clustering state as plain values, the same state as
the story rows give."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from newsdesk.lib.vectors import to_blob
from newsdesk.news.models import Story
from newsdesk.news.vectors import forget_story_vectors
from newsdesk.pipeline.stories import _states, candidate_stories, story_signal
from newsdesk.stories.cluster import ArticleSignal, ClusterConfig

pytestmark = pytest.mark.django_db


def _story(seed: int, counts: dict[str, int], reports: int) -> Story:
    vector = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    seen = timezone.now() - timedelta(hours=seed)
    return Story.objects.create(
        title=f"Story {seed}",
        centroid=to_blob(vector / np.linalg.norm(vector)),
        entity_counts=counts,
        first_seen_at=seen - timedelta(hours=1),
        last_seen_at=seen,
        article_count=reports,
    )


def test_the_states_read_as_values_are_those_of_the_story_rows_oldest_first():
    stories = [
        _story(3, {"kestrin": 2, "harbour-authority": 1}, 3),
        _story(1, {}, 0),
        _story(2, {"brenholm": 1}, 1),
    ]

    read = _states(Story.objects.filter(pk__in=[s.pk for s in stories]))

    expected = [story_signal(Story.objects.get(pk=s.pk)) for s in sorted(stories, key=_pk)]
    assert [s.id for s in read] == [s.pk for s in sorted(stories, key=_pk)]
    for got, want in zip(read, expected, strict=True):
        assert np.array_equal(got.centroid, want.centroid)
        assert (got.entity_keys, got.first_seen, got.last_seen, got.size) == (
            want.entity_keys,
            want.first_seen,
            want.last_seen,
            want.size,
        )


def test_a_report_finds_the_live_stories_closest_to_it_as_candidates():
    forget_story_vectors()  # ids recur between test databases
    stories = [_story(seed, {}, 1) for seed in range(1, 5)]
    close = story_signal(stories[2])
    signal = ArticleSignal(
        id=1,
        published=timezone.now(),
        vector=close.centroid,
        entity_keys=frozenset(),
        headline="A report",
    )

    found = candidate_stories(signal, ClusterConfig(shortlist=2))

    assert len(found) == 2 and stories[2].pk in [s.id for s in found]
    assert [s.id for s in found] == sorted(s.id for s in found)


def _pk(story: Story) -> int:
    return story.pk
