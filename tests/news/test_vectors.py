"""Story vectors: the closest live stories to a report, kept current as stories change."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from newsdesk.news.models import Story
from newsdesk.news.vectors import StoryVectors
from newsdesk.pipeline.stories import candidate_stories
from newsdesk.stories.cluster import ArticleSignal, ClusterConfig

pytestmark = pytest.mark.django_db


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def story(direction: np.ndarray, days_ago: float = 0, count: int = 1) -> Story:
    seen = timezone.now() - timedelta(days=days_ago)
    return Story.objects.create(
        title="s",
        first_seen_at=seen,
        last_seen_at=seen,
        article_count=count,
        centroid=direction.tobytes(),
    )


def report(direction: np.ndarray) -> ArticleSignal:
    return ArticleSignal(1, timezone.now(), direction, frozenset())


def test_the_shortlist_is_the_closest_live_stories_oldest_id_first():
    near = story(unit(1, 0.1, 0))
    nearer = story(unit(1, 0, 0))
    story(unit(0, 1, 0))  # far in meaning
    story(unit(1, 0, 0), days_ago=30)  # close, but long over
    shortlist = candidate_stories(report(unit(1, 0, 0)), ClusterConfig(shortlist=2))
    assert [s.id for s in shortlist] == [near.pk, nearer.pk]
    assert shortlist[1].centroid.tobytes() == unit(1, 0, 0).tobytes()


def test_a_story_whose_report_count_changed_is_ranked_by_its_new_centroid():
    cache = StoryVectors()
    moving = story(unit(0, 1, 0))
    still = story(unit(1, 1, 0))
    since = timezone.now() - timedelta(days=1)
    assert cache.ranked(unit(1, 0, 0), since, 1)[0].tolist() == [still.pk]
    Story.objects.filter(pk=moving.pk).update(centroid=unit(1, 0, 0).tobytes(), article_count=2)
    assert cache.ranked(unit(1, 0, 0), since, 1)[0].tolist() == [moving.pk]


def test_centroids_of_another_embedding_model_are_not_candidates():
    story(np.ones(8, dtype=np.float32))
    since = timezone.now() - timedelta(days=1)
    assert StoryVectors().ranked(unit(1, 0, 0), since, 5)[0].tolist() == []


def test_the_closest_few_of_many_stories_come_closest_first_and_never_an_old_one():
    rng = np.random.default_rng(5)
    for _ in range(40):
        story(unit(*rng.uniform(-1, 1, 3)))
    closest = [story(unit(1, 0.05 * n, 0)) for n in range(3)]
    story(unit(1, 0, 0), days_ago=30)  # the closest of all, but long over
    since = timezone.now() - timedelta(days=1)
    ids, cosines, _ = StoryVectors().ranked(unit(1, 0, 0), since, 3)
    assert ids.tolist() == [s.pk for s in closest]
    assert list(cosines) == sorted(cosines, reverse=True)
