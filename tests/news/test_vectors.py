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


def test_a_story_noted_by_the_filing_process_is_ranked_without_reading_the_window_again(
    django_assert_num_queries,
):
    cache = StoryVectors()
    since = timezone.now() - timedelta(days=1)
    older = story(unit(0, 1, 0))
    cache.ranked(unit(1, 0, 0), since, 5)
    new = story(unit(1, 0, 0))
    cache.note(new.pk, new.centroid, new.last_seen_at, new.article_count)

    with django_assert_num_queries(1):  # the window's aggregate, which agrees
        ids, _, _ = cache.ranked(unit(1, 0, 0), since, 5)

    assert ids.tolist() == [new.pk, older.pk]
    assert ids.tolist() == StoryVectors().ranked(unit(1, 0, 0), since, 5)[0].tolist()


def test_stories_changed_elsewhere_are_read_again_and_those_gone_are_never_ranked():
    cache = StoryVectors()
    since = timezone.now() - timedelta(days=1)
    gone, moving, still = story(unit(1, 0, 0)), story(unit(0, 1, 0)), story(unit(1, 1, 0))
    cache.ranked(unit(1, 0, 0), since, 5)
    gone.delete()  # merged into another story by another process
    Story.objects.filter(pk=moving.pk).update(centroid=unit(1, 0, 0).tobytes(), article_count=2)
    started = story(unit(1, 0.2, 0))

    ids, _, _ = cache.ranked(unit(1, 0, 0), since, 5)

    assert ids.tolist() == [moving.pk, started.pk, still.pk]
    assert ids.tolist() == StoryVectors().ranked(unit(1, 0, 0), since, 5)[0].tolist()


def test_many_new_stories_grow_the_rows_without_losing_any():
    cache = StoryVectors()
    since = timezone.now() - timedelta(days=1)
    rng = np.random.default_rng(7)
    cache.ranked(unit(1, 0, 0), since, 1)
    for _ in range(150):
        new = story(unit(*rng.uniform(-1, 1, 3)))
        cache.note(new.pk, new.centroid, new.last_seen_at, new.article_count)
    probe = unit(0.3, -0.5, 0.8)

    assert len(cache) == 150
    assert (
        cache.ranked(probe, since, 20)[0].tolist()
        == StoryVectors().ranked(probe, since, 20)[0].tolist()
    )


def test_the_windows_aggregate_written_out_is_the_orms():
    from django.db.models import Count, Max, Sum

    from newsdesk.news.vectors import _window_aggregate

    since = timezone.now() - timedelta(days=1)
    assert _window_aggregate(since) == (0, 0, 0)
    live = [story(unit(1.0), days_ago=0.5, count=3), story(unit(1.0), days_ago=0.1, count=0)]
    story(unit(1.0), days_ago=2, count=5)
    orm = Story.objects.filter(last_seen_at__gte=since).aggregate(
        stories=Count("id"), reports=Sum("article_count"), newest=Max("id")
    )
    assert _window_aggregate(since) == (orm["stories"], orm["reports"], orm["newest"])
    assert _window_aggregate(since) == (2, 3, live[1].pk)
