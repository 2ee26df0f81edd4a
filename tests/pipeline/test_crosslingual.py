"""Filing across languages: reports of one event in two languages meet, and an archive pays
for the multilingual model only where a report in another language may be of the same event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.news.models import Article
from newsdesk.pipeline.enrichment import enrich_articles
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 24, 9, tzinfo=UTC)
FRENCH = (
    "Grève au port de Calderwick : les dockers cessent le travail",
    "Les dockers du port de Calderwick ont cessé le travail lundi pour réclamer une hausse "
    "de salaire. Le syndicat Harbourside affirme que trente navires attendent au large.",
)
UNRELATED = (
    "Westcliff Rovers sign Brandt from Almavera for a record fee",
    "Westcliff Rovers have signed the midfielder Brandt from Almavera, the club said on "
    "Monday, in a deal its chairman called the biggest in the club's history.",
)


def report(headline: str, text: str) -> Article:
    return make_article(make_source(), headline=headline, text=text, published_at=WHEN)


def test_an_english_report_naming_nothing_of_a_foreign_story_is_not_embedded_again():
    french = report(*FRENCH)
    enrich_articles([french.pk])
    english = report(*UNRELATED)
    enrich_articles([english.pk])
    english.refresh_from_db()
    french.refresh_from_db()
    assert english.story_id != french.story_id
    assert french.multilingual_embedding is not None
    assert english.multilingual_embedding is None


def test_an_english_report_naming_a_foreign_storys_place_is_compared_across_languages():
    french = report(*FRENCH)
    enrich_articles([french.pk])
    english = report(
        "Calderwick dockers walk out over pay",
        "Dockers at the port of Calderwick stopped work on Monday to demand higher pay; "
        "the Harbourside union said thirty ships were waiting offshore.",
    )
    enrich_articles([english.pk])
    english.refresh_from_db()
    assert english.multilingual_embedding is not None
