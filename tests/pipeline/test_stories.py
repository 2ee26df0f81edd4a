"""Filing reads its candidate stories' clustering state as plain values, the same state as
the story rows give; a story's display fields follow its reports at a cost that does not grow
with the story."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.lib.vectors import from_blob, to_blob
from newsdesk.news.models import Article, Story
from newsdesk.news.vectors import forget_story_vectors
from newsdesk.pipeline.stories import (
    LEAD_WINDOW,
    _states,
    article_signal,
    candidate_stories,
    file_into_story,
    refresh_story,
    story_signal,
)
from newsdesk.stories.cluster import ArticleSignal, ClusterConfig
from tests.factories import make_article, make_source

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


def _unit(*values: float) -> bytes:
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(values)] = values
    return to_blob(vector / np.linalg.norm(vector))


def _story_of(directions: list[tuple[float, ...]], sources: int = 2) -> tuple[Story, list[Article]]:
    """A story of reports pointing in ``directions`` (oldest first), its centroid along x."""
    outlets = [make_source() for _ in range(sources)]
    start = timezone.now() - timedelta(days=1)
    story = Story.objects.create(title="", centroid=_unit(1.0))
    reports = [
        make_article(
            outlets[i % sources],
            headline=f"Report {i}",
            published_at=start + timedelta(minutes=i),
            embedding=_unit(*direction),
            story=story,
        )
        for i, direction in enumerate(directions)
    ]
    return story, reports


def test_a_refresh_finds_the_report_closest_to_the_centroid_to_lead_and_counts_outlets():
    story, reports = _story_of([(0.2, 1.0), (1.0, 0.1), (0.5, 1.0)], sources=2)

    refresh_story(story, everyone=True)

    story.refresh_from_db()
    assert story.lead_article_id == reports[1].pk and story.title == "Report 1"
    assert (story.article_count, story.source_count) == (3, 2)


def test_a_report_joining_a_big_story_takes_its_lead_or_leaves_it_where_it_was():
    story, reports = _story_of([(1.0, 0.3)] + [(0.1, 1.0)] * (2 * LEAD_WINDOW))
    refresh_story(story, everyone=True)
    story.refresh_from_db()
    assert story.lead_article_id == reports[0].pk  # the oldest report, out of the window

    refresh_story(story)
    story.refresh_from_db()
    assert story.lead_article_id == reports[0].pk

    closer = make_article(
        headline="Closer", embedding=_unit(1.0, 0.1), story=story, published_at=timezone.now()
    )
    refresh_story(story)
    story.refresh_from_db()
    assert story.lead_article_id == closer.pk
    assert story.article_count == 2 * LEAD_WINDOW + 2


def test_the_headlines_preset_counts_a_headlines_words_among_its_names(settings):
    """Feeds of headlines alone name their products in words no entity covers."""
    report = make_article(make_source(), headline="Titanfall Launch Hindered By Xbox Live")
    vector = np.ones(384, dtype=np.float32)
    assert "word:titanfall" not in article_signal(report, [], vector).entity_keys
    settings.STORY_PRESET = "headlines"
    assert {"word:titanfall", "word:xbox"} <= article_signal(report, [], vector).entity_keys


def _display(story: Story) -> tuple[object, ...]:
    story.refresh_from_db()
    fields = ("article_count", "source_count", "lead_article_id", "title", "description", "score")
    return tuple(getattr(story, field) for field in fields)


@pytest.mark.parametrize("copy", [False, True], ids=["original", "copy"])
def test_a_story_a_report_starts_shows_what_a_full_refresh_would_in_one_write(copy):
    original = make_article(headline="The original")
    seen = timezone.now()
    reports = [
        make_article(
            headline="Harbour shift returns",
            standfirst="The night shift is back.",
            published_at=seen,
            embedding=_unit(1.0),
            duplicate_of=original if copy else None,
        )
        for _ in range(2)
    ]
    # Another event's story (far in meaning), titled by its first report as filing titles a
    # story it creates, and refreshed in full with a report like this one.
    refreshed = Story.objects.create(
        title="Harbour shift returns", centroid=_unit(0.0, 1.0), last_seen_at=seen
    )
    Article.objects.filter(pk=reports[0].pk).update(story=refreshed)
    refresh_story(refreshed)
    signal = article_signal(reports[1], [], from_blob(_unit(1.0)))

    with CaptureQueriesContext(connection) as statements:
        started, is_new = file_into_story(signal, report=reports[1])
    Article.objects.filter(pk=reports[1].pk).update(story=started)

    writes = [q["sql"] for q in statements if not q["sql"].startswith("SELECT")]
    assert is_new and len(writes) == 1 and writes[0].startswith('INSERT INTO "news_story"')
    counts, lead, shown = _display(started)[:2], _display(started)[2], _display(started)[3:]
    assert (counts, shown) == (_display(refreshed)[:2], _display(refreshed)[3:])
    assert lead == (None if copy else reports[1].pk)
