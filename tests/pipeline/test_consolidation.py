"""Consolidation files small stories again: how small depends on the preset (what the feeds
carry). It regroups a story only when the story has changed enough to have drifted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from newsdesk.jobs.demo import load_demo
from newsdesk.news.models import Article, Story
from newsdesk.pipeline import stories
from newsdesk.pipeline.stories import (
    _store_state,
    refile_small_stories,
    split_drifted_stories,
    stored_signal,
)
from newsdesk.stories.cluster import story_from
from tests.pipeline.test_enrichment import biggest_story_of, events_per_story

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]
EVER = timedelta(days=36500)


def split_off(story_id: int, count: int) -> Story:
    """Move a story's first ``count`` reports into a story of their own, both states rebuilt
    as filing would have left them."""
    reports = list(Article.objects.filter(story_id=story_id, duplicate_of__isnull=True))
    moved, kept = reports[:count], reports[count:]
    first = min(a.published_at for a in moved)
    fragment = Story.objects.create(title="", first_seen_at=first, last_seen_at=first)
    Article.objects.filter(pk__in=[a.pk for a in moved]).update(story=fragment)
    for story, members in ((fragment, moved), (Story.objects.get(pk=story_id), kept)):
        _store_state(story, story_from(story.pk, [stored_signal(a) for a in members]))
        Story.objects.filter(pk=story.pk).update(article_count=len(members))
    return fragment


def test_the_headlines_preset_files_a_fragment_of_three_reports_again(publisher):
    load_demo(publisher)
    flood = biggest_story_of(events_per_story(), "brenholm-flood")
    fragment = split_off(flood, 3)

    with override_settings(STORY_PRESET="headlines"):
        refile_small_stories(EVER)

    assert not Story.objects.filter(pk=fragment.pk).exists()
    assert not Article.objects.filter(story=fragment).exists()
    assert events_per_story()[flood] == {"brenholm-flood"}


def test_a_story_is_regrouped_again_after_a_merge_and_not_while_it_stays_as_it_was(
    publisher, monkeypatch
):
    load_demo(publisher)
    split_drifted_stories(EVER)
    regrouped: list[int] = []
    regroup = stories.split_story
    monkeypatch.setattr(
        stories,
        "split_story",
        lambda members, config: regrouped.append(len(members)) or regroup(members, config),
    )
    assert split_drifted_stories(EVER) == 0
    assert regrouped == []

    flood = biggest_story_of(events_per_story(), "brenholm-flood")
    fragment = split_off(flood, 2)
    stories._absorb(fragment.pk, flood)  # as a merge pass or a refiling folds it back
    assert split_drifted_stories(EVER) == 0
    assert regrouped == [Article.objects.filter(story_id=flood).count()]
