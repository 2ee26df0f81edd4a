"""A batch of articles is filed in one transaction: tags and sections are written for the whole
batch at once, and an article another worker finished meanwhile is left as that worker left it."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from newsdesk.news.models import Article, ArticleHashtag, ArticleSection, Hashtag
from newsdesk.pipeline import enrichment
from newsdesk.pipeline.enrichment import enrich_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

TAGS = {
    "Harbour reopens": ["Kestrin", "HarbourAuthority"],
    "Dockworkers vote": ["DockworkersUnion", "Kestrin"],
}


def fetched(headline: str) -> Article:
    return make_article(headline=headline, page_status=Article.PageStatus.FETCHED)


def tags_by_headline(headline: str, text: str, entities: Sequence[object]) -> list[str]:
    return TAGS[headline]


def tag_names(article: Article) -> list[str]:
    links = ArticleHashtag.objects.filter(article=article).order_by("id")
    return list(links.values_list("hashtag__name", flat=True))


def test_a_batch_shares_one_row_per_tag_and_keeps_each_articles_order(monkeypatch):
    monkeypatch.setattr(enrichment, "hashtags_for", tags_by_headline)
    harbour, vote = fetched("Harbour reopens"), fetched("Dockworkers vote")

    assert enrich_articles([harbour.pk, vote.pk]) == 2

    assert Hashtag.objects.count() == 3
    assert tag_names(harbour) == ["Kestrin", "HarbourAuthority"]
    assert tag_names(vote) == ["DockworkersUnion", "Kestrin"]
    assert ArticleSection.objects.filter(article__in=[harbour, vote]).exists()


def test_an_article_another_worker_finished_meanwhile_is_left_as_it_was(monkeypatch):
    monkeypatch.setattr(enrichment, "hashtags_for", tags_by_headline)
    harbour, vote = fetched("Harbour reopens"), fetched("Dockworkers vote")
    crossings = enrichment.crossings

    def finished_elsewhere(articles: Sequence[Article], languages: Sequence[str | None]):
        Article.objects.filter(pk=vote.pk).update(enriched_at=vote.published_at)
        return crossings(articles, languages)

    monkeypatch.setattr(enrichment, "crossings", finished_elsewhere)
    enrich_articles([harbour.pk, vote.pk])

    vote.refresh_from_db()
    assert vote.story_id is None and vote.embedding is None
    assert tag_names(vote) == [] and not ArticleSection.objects.filter(article=vote).exists()
    assert tag_names(harbour) == ["Kestrin", "HarbourAuthority"]
