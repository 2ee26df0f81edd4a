"""Enrichment of the demo corpus: real hashtags, stories that never mix two events."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from newsdesk.jobs.demo import load_demo
from newsdesk.jobs.ingest import run_pass
from newsdesk.news.models import Article, Hashtag, Story
from newsdesk.pipeline.enrichment import enrich_articles
from newsdesk.pipeline.stories import (
    consolidate_stories,
    refile_small_stories,
    split_drifted_stories,
)
from tests.factories import demo_gold_events, story_of_its_own

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]
GENERIC = {"monday", "tuesday", "said", "news", "reuters", "november", "today"}


def test_the_demo_is_understood_and_filed_into_stories(publisher):
    load_demo(publisher)
    originals = Article.objects.filter(duplicate_of__isnull=True)
    assert originals.filter(enriched_at__isnull=True).count() == 0

    for article in originals.prefetch_related("hashtags"):
        tags = [tag.name for tag in article.hashtags.all()]
        # Only names a reader would follow are tags: a short report may name just two.
        assert 2 <= len(tags) <= 8, (article.headline, tags)
        assert not {tag.lower() for tag in tags} & GENERIC
        assert article.language == "en"
        assert article.entities and article.embedding

    gold = demo_gold_events()
    events_by_story = defaultdict(set)
    for url, story_id in originals.values_list("canonical_url", "story_id"):
        events_by_story[story_id].add(gold[url])
    mixed = {story: events for story, events in events_by_story.items() if len(events) > 1}
    assert not mixed, f"stories mixing events: {mixed}"
    assert Story.objects.filter(source_count__gte=2).count() >= 5


def test_enriching_again_changes_nothing(publisher):
    load_demo(publisher)
    before = (Story.objects.count(), Hashtag.objects.count())
    ids = list(Article.objects.values_list("id", flat=True))
    assert enrich_articles(ids) == 0
    run_pass(all_feeds=True)
    assert (Story.objects.count(), Hashtag.objects.count()) == before


def events_per_story() -> dict[int, set[str]]:
    gold = demo_gold_events()
    events = defaultdict(set)
    for url, story_id in Article.objects.filter(duplicate_of__isnull=True).values_list(
        "canonical_url", "story_id"
    ):
        events[story_id].add(gold[url])
    return events


def biggest_story_of(events: dict[int, set[str]], event: str) -> int:
    stories = [story for story, found in events.items() if found == {event}]
    return max(stories, key=lambda story: Article.objects.filter(story_id=story).count())


EVER = timedelta(days=36500)


def test_consolidating_a_clean_archive_changes_nothing(publisher):
    load_demo(publisher)
    before = events_per_story()
    assert consolidate_stories(EVER) == (0, 0)
    assert events_per_story() == before


def test_a_story_that_mixes_two_events_is_split_back_into_them(publisher):
    """As if a wrong merge had folded the Vireo data breach into the central bank's rate cut."""
    load_demo(publisher)
    events = events_per_story()
    breach = biggest_story_of(events, "vireo-data-breach")
    rates = biggest_story_of(events, "arvenia-rate-cut")
    Article.objects.filter(story_id=rates).update(story_id=breach)
    Story.objects.filter(pk=breach).update(
        article_count=Article.objects.filter(story_id=breach).count()
    )
    Story.objects.filter(pk=rates).delete()
    assert len(events_per_story()[breach]) == 2

    assert split_drifted_stories(EVER) == 1
    after = events_per_story()
    assert all(len(e) == 1 for e in after.values()), after
    assert sorted(map(sorted, after.values())) == sorted(map(sorted, events.values()))
    assert split_drifted_stories(EVER) == 0


def test_a_report_left_in_a_story_of_its_own_is_filed_again_into_its_events_story(publisher):
    """As if the flood's lead report had come before its story had the names it has now."""
    load_demo(publisher)
    events = events_per_story()
    flood = biggest_story_of(events, "brenholm-flood")
    report = Story.objects.get(pk=flood).lead_article
    alone = story_of_its_own(report)

    assert refile_small_stories(EVER) == 1
    report.refresh_from_db()
    assert report.story_id == flood
    assert not Story.objects.filter(pk=alone.pk).exists()
    assert refile_small_stories(EVER) == 0
