"""Enrichment of the demo corpus: real hashtags, stories that never mix two events."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from newsdesk.demo.loader import load_demo
from newsdesk.demo.publisher import CORPUS
from newsdesk.jobs.ingest import run_pass
from newsdesk.news.models import Article, Hashtag, Story
from newsdesk.pipeline.enrich import enrich_articles

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]
GENERIC = {"monday", "tuesday", "said", "news", "reuters", "november", "today"}


def gold_events() -> dict[str, str]:
    articles = json.loads((CORPUS / "events.json").read_text())["articles"]
    return {info["canonical"]: info.get("event") or article for article, info in articles.items()}


def test_the_demo_is_understood_and_filed_into_stories(publisher):
    load_demo(publisher)
    originals = Article.objects.filter(duplicate_of__isnull=True)
    assert originals.filter(enriched_at__isnull=True).count() == 0

    for article in originals.prefetch_related("hashtags"):
        tags = [tag.name for tag in article.hashtags.all()]
        assert 3 <= len(tags) <= 8, (article.headline, tags)
        assert not {tag.lower() for tag in tags} & GENERIC
        assert article.language == "en"
        assert article.entities and article.embedding

    gold = gold_events()
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
