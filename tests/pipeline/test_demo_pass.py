"""A full pass over the demo outlets through the real pipeline: complete and idempotent."""

from __future__ import annotations

import json

import pytest

from newsdesk.demo.publisher import CORPUS
from newsdesk.jobs.demo import load_demo
from newsdesk.jobs.ingest import run_pass
from newsdesk.news.models import Article, ArticleRevision, Feed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]


def corpus_article_count() -> int:
    events = json.loads((CORPUS / "events.json").read_text())
    listed = {path for event in events["events"] for path in event["articles"]}
    return len(listed | set(events.get("standalone", [])))


def test_a_pass_stores_every_demo_article_with_its_clean_text(publisher):
    report = load_demo(publisher, enrich=False)
    assert not any(tally.failed for tally in report.by_source.values())
    articles = list(Article.objects.all())
    assert len(articles) >= corpus_article_count()
    for article in articles:
        assert article.page_status == Article.PageStatus.FETCHED, article.url
        assert article.canonical_url.startswith("https://"), article.canonical_url
        assert ".example/" in article.canonical_url
        assert len(article.text.split()) >= 250, article.headline
        assert "cookie" not in article.text.lower()
        assert "<script" not in article.body_html


def test_running_the_pass_again_creates_and_changes_nothing(publisher):
    load_demo(publisher, enrich=False)
    before = sorted(Article.objects.values_list("canonical_url", "headline", "text"))
    report = load_demo(publisher, enrich=False)
    after = sorted(Article.objects.values_list("canonical_url", "headline", "text"))
    assert after == before
    assert sum(tally.new for tally in report.by_source.values()) == 0
    assert not ArticleRevision.objects.exists()


def test_a_broken_feed_is_recorded_and_the_other_sources_still_ingest(publisher):
    load_demo(publisher, enrich=False)
    healthy = Article.objects.count()
    some_source = Feed.objects.first().source
    broken = Feed.objects.create(source=some_source, url=publisher.url("no/such/feed.xml"))
    run_pass(all_feeds=True, enrich=False)
    broken.refresh_from_db()
    assert broken.error_count == 1
    assert "404" in broken.last_error and broken.url in broken.last_error
    assert broken.error_since is not None and broken.next_check_at > broken.last_checked_at
    assert Article.objects.count() == healthy
    assert Feed.objects.exclude(pk=broken.pk).filter(error_count__gt=0).count() == 0
