"""A batch of articles is filed in one transaction: tags and sections are written for the whole
batch at once, and an article another worker finished meanwhile is left as that worker left it."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from newsdesk.lib.vectors import from_blob
from newsdesk.news.models import Article, ArticleHashtag, ArticleSection, Hashtag
from newsdesk.nlp.embed import embed as real_embed
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


class CountingEmbedder:
    """The real embedding, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> object:
        self.texts.extend(texts)
        return real_embed(texts)


def test_vectors_embedded_ahead_are_taken_by_the_batch_instead_of_embedding_again(monkeypatch):
    harbour, vote = fetched("Harbour reopens"), fetched("Dockworkers vote")
    counting = CountingEmbedder()
    monkeypatch.setattr(enrichment, "embed", counting)

    enrichment.embedding_ahead([harbour.pk, vote.pk])()
    assert len(counting.texts) == 2
    enrich_articles([harbour.pk, vote.pk])

    assert len(counting.texts) == 2  # nothing embedded twice
    harbour.refresh_from_db()
    assert from_blob(bytes(harbour.embedding)) == pytest.approx(real_embed([counting.texts[0]])[0])


def test_a_text_changed_after_it_was_embedded_ahead_is_embedded_again(monkeypatch):
    harbour = fetched("Harbour reopens")
    counting = CountingEmbedder()
    monkeypatch.setattr(enrichment, "embed", counting)

    enrichment.embedding_ahead([harbour.pk])()
    Article.objects.filter(pk=harbour.pk).update(headline="Harbour stays shut")
    enrich_articles([harbour.pk])

    assert len(counting.texts) == 2
    assert counting.texts[1].startswith("Harbour stays shut")
