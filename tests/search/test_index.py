"""The full-text index through the pipeline: what the search stage indexes is found, filters
narrow it, an edited article is indexed again, merged stories come back as one result, and no
reader input makes a search raise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsdesk.news import hybrid
from newsdesk.news.models import Article, ArticleRevision
from newsdesk.pipeline import search as search_stage
from newsdesk.pipeline.steps import STAGES
from newsdesk.search import parse
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def enriched(**fields: object) -> Article:
    return make_article(enriched_at=timezone.now(), **fields)


def index_due() -> None:
    search_stage.index_articles(list(search_stage.due(timezone.now()).values_list("id", flat=True)))


def found(text: str) -> list[int]:
    """The ids of the reports shown for a query, by words only, best first."""
    return [result.article_id for result in hybrid.find(parse(text), semantic=False)]


def test_the_search_stage_is_declared_after_enrichment():
    names = [stage.name for stage in STAGES]
    assert names.index("search") > names.index("articles")


def test_enriched_articles_are_due_until_indexed():
    waiting = enriched(headline="Dockworkers strike at Calderwick")
    make_article(headline="Not enriched yet")
    assert list(search_stage.due(timezone.now())) == [waiting]
    index_due()
    assert not search_stage.due(timezone.now()).exists()
    assert found("dockworkers") == [waiting.pk]


def test_words_phrases_prefixes_and_exclusions(django_assert_max_num_queries):
    strike = enriched(headline="Dockworkers strike at the container terminal")
    football = enriched(headline="Striker signs for a football club", text="A transfer.")
    index_due()
    assert found("strike") == [strike.pk]  # "striker" is another word
    assert set(found("strike*")) == {strike.pk, football.pk}
    assert found('"container terminal"') == [strike.pk]
    assert found('"terminal container"') == []
    assert found("strik* -football") == [strike.pk]


def test_the_headline_weighs_more_than_the_body():
    in_body = enriched(headline="Council meeting", text="Later the port closed for the day.")
    in_headline = enriched(headline="Port closes after storm", text="Ships waited outside.")
    index_due()
    assert found("port") == [in_headline.pk, in_body.pk]


def test_filters_narrow_by_source_hashtag_language_and_dates():
    gazette = make_source("Harbour Gazette")
    now = timezone.now()
    old = enriched(source=gazette, headline="Port strike", published_at=now - timedelta(days=40))
    tagged = enriched(headline="Port strike", hashtags=("Calderwick",), language="en-GB")
    french = enriched(headline="Port strike", language="fr")
    index_due()
    assert found(f"port source:{gazette.slug}") == [old.pk]
    assert found("port #calderwick") == [tagged.pk]
    assert found("port lang:en") == [tagged.pk]
    assert found("port lang:fr") == [french.pk]
    day = (now - timedelta(days=40)).date().isoformat()
    assert found(f"port after:{day} before:{day}") == [old.pk]
    assert found("#calderwick") == [tagged.pk]  # filters alone list the newest


def test_republished_copies_are_not_results():
    original = enriched(headline="Port strike ends")
    enriched(headline="Port strike ends", duplicate_of=original)
    index_due()
    assert found("port strike") == [original.pk]


def test_a_publisher_update_is_indexed_again():
    article = enriched(headline="Port strike begins")
    index_due()
    ArticleRevision.objects.create(article=article, headline=article.headline)
    Article.objects.filter(pk=article.pk).update(headline="Port strike ends after a week")
    assert list(search_stage.due(timezone.now())) == [article]
    index_due()
    assert found("week") == [article.pk]
    assert found("begins") == []


def test_reports_of_one_story_are_one_result_even_after_a_merge():
    first = enriched(headline="Port strike at Calderwick")
    second = enriched(headline="Calderwick port strike continues")
    keeper, absorbed = make_story(first), make_story(second)
    index_due()
    assert len(hybrid.find(parse("calderwick"), semantic=False)) == 2
    Article.objects.filter(story=absorbed).update(story=keeper)
    [result] = hybrid.find(parse("calderwick"), semantic=False)
    assert result.story_id == keeper.pk and result.kind == "words"


def test_rebuild_indexes_every_enriched_article_afresh(capsys):
    article = enriched(headline="Tide mill grinds flour again")
    index_due()
    Article.objects.filter(pk=article.pk).update(headline="Restored tide mill reopens")
    call_command("search", "rebuild")
    assert "Indexed 1 articles" in capsys.readouterr().out
    assert found("reopens") == [article.pk]
    assert found("flour again") == []


@pytest.mark.parametrize(
    "typed",
    ['"', "-", "*", "NOT OR AND", "NEAR(", "headline:x", "x" * 10_000, "\x00", "-port", "😀 port"],
)
def test_odd_input_never_raises(typed):
    enriched(headline="Port strike")
    index_due()
    hybrid.find(parse(typed), semantic=False)
