"""A page process reads the page it extracted (language, entities, hashtags) for the
enrichment that follows; the writer uses that reading only while the article's stored words
are the ones it was made from, so where the reading happens never changes what is filed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.dedupe import content_fingerprint
from newsdesk.extraction import ExtractedArticle
from newsdesk.news.models import Article
from newsdesk.pipeline import enrichment
from newsdesk.pipeline.enrichment import enrich_articles, remember
from newsdesk.pipeline.pages import FeedWords, PageJob, PageResult, store_pages, understood
from tests.factories import make_source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
PAGE_TEXT = (
    "The Kestrin Harbour Authority said on Monday that dockworkers would return to the night "
    "shift. Mayor Ilse Brenholm welcomed the vote by the Dockworkers Union in Kestrin."
)
FEED = FeedWords("From the feed", "A standfirst from the feed.", "A short summary.")


def pending(number: int = 1) -> Article:
    return Article.objects.create(
        source=make_source(),
        url=f"https://kestrin.example/news/{number}",
        canonical_url=f"https://kestrin.example/news/{number}",
        headline=FEED.headline,
        standfirst=FEED.standfirst,
        text=FEED.text,
        published_at=NOW - timedelta(hours=1),
        page_status=Article.PageStatus.PENDING,
    )


def extracted_page(article: Article, text: str = PAGE_TEXT) -> PageResult:
    extracted = ExtractedArticle(
        url=article.url,
        canonical_url="",
        headline="Dockworkers return to Kestrin",
        standfirst="",
        author="",
        published=None,
        updated=None,
        site_name="",
        lead_image="",
        language="en",
        body_html=f"<p>{text}</p>",
        text=text,
        attribution="",
    )
    return PageResult(article.pk, extracted, content_fingerprint(text))


def stored_and_read(article: Article, result: PageResult) -> PageResult:
    """The result read where it was extracted, stored and remembered, as a pass does."""
    (read,) = understood([(PageJob(article.pk, article.url, FEED), result)])
    assert store_pages([read], NOW)[0].kind == "extracted"
    assert read.understanding is not None
    remember(article.pk, read.understanding)
    return read


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many texts the writer gives the entity model from now on."""
    read: list[int] = []
    extract = enrichment.extract_entities_batch

    def counted(texts: Sequence[str], languages: Sequence[str | None]) -> list:
        read.append(len(texts))
        return extract(texts, languages)

    monkeypatch.setattr(enrichment, "extract_entities_batch", counted)
    return read


@pytest.mark.parametrize("text", [PAGE_TEXT, "Too short."], ids=["page text", "feed text"])
def test_what_the_page_process_read_is_what_the_writer_would_read(text, monkeypatch):
    article = pending()
    read = stored_and_read(article, extracted_page(article, text))
    reads = count_reads(monkeypatch)

    enrich_articles([article.pk])

    article.refresh_from_db()
    (own,) = enrichment.understand([enrichment._words_of(article)])
    assert read.understanding == own and read.understanding.entities
    assert sum(reads) == 1  # only the check above: enrichment read nothing
    assert [entity["key"] for entity in article.entities] == [e.key for e in own.entities]


def test_an_article_whose_words_changed_since_is_read_again(monkeypatch):
    article = pending()
    stored_and_read(article, extracted_page(article))
    Article.objects.filter(pk=article.pk).update(text="Mayor Ilse Brenholm resigned in Tarvik.")
    reads = count_reads(monkeypatch)

    enrich_articles([article.pk])

    article.refresh_from_db()
    assert reads == [1]
    assert "tarvik" in {entity["key"] for entity in article.entities}


def test_pages_are_read_in_one_batch_and_a_failed_one_is_passed_on_as_it_came():
    articles = [pending(number) for number in range(3)]
    failed = PageResult(articles[1].pk, None, error="timed out", reason="timeout")
    results = [extracted_page(articles[0]), failed, extracted_page(articles[2], "Too short.")]
    jobs = [PageJob(article.pk, article.url, FEED) for article in articles]

    read = understood(list(zip(jobs, results, strict=True)))

    assert [result.article_id for result in read] == [article.pk for article in articles]
    assert read[1] is failed
    assert read[0].understanding != read[2].understanding  # the page's text, the feed's text
    assert all(result.understanding is not None for result in (read[0], read[2]))
