"""Filing across languages: reports of one event in two languages meet, and an archive pays
for the multilingual model only where a report in another language may be of the same event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from newsdesk.news.models import Article, Story, StoryRedirect
from newsdesk.pipeline.enrichment import enrich_articles
from newsdesk.pipeline.stories import merge_across_languages
from tests.factories import make_article, make_source, story_of_its_own

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 24, 9, tzinfo=UTC)
FRENCH = (
    "Grève au port de Calderwick : les dockers cessent le travail",
    "Les dockers du port de Calderwick ont cessé le travail lundi pour réclamer une hausse "
    "de salaire. Le syndicat Harbourside affirme que trente navires attendent au large.",
)
ENGLISH = (
    (
        "Calderwick dockers walk out over pay",
        "Dockers at the port of Calderwick stopped work on Monday to demand higher pay; "
        "the Harbourside union said thirty ships were waiting offshore.",
    ),
    (
        "Calderwick port strike: thirty ships wait offshore as dockers stop work",
        "The Harbourside union's dockers at Calderwick stopped work on Monday in a pay dispute, "
        "leaving thirty ships waiting offshore, the port said.",
    ),
)
FRENCH_TRANSFER = (
    "Brandt quitte Almavera pour les Westcliff Rovers",
    "Le milieu de terrain Brandt quitte Almavera pour les Westcliff Rovers, a annoncé le club "
    "lundi, pour un transfert record selon son président.",
)
EVER = timedelta(days=36500)
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


def test_an_english_report_sharing_only_a_passing_name_with_a_foreign_story_is_not_embedded():
    # Its text names the French story's port, but among a dozen names of its own, and its
    # headline names no one the French story does: no cosine could lift it over the bar.
    french = report(*FRENCH)
    enrich_articles([french.pk])
    english = report(
        UNRELATED[0],
        "Westcliff Rovers have signed the midfielder Brandt from Almavera, chairman Piet Olsen "
        "said in Kestrin on Monday. Brandt, who grew up in Calderwick, played for Dunmore "
        "Athletic and Port Vale before joining Almavera, where the manager Rosa Ilves made him "
        "captain. Harlow Town and Ferris United had also bid for him.",
    )
    enrich_articles([english.pk])
    english.refresh_from_db()
    french.refresh_from_db()
    assert english.story_id != french.story_id
    assert english.multilingual_embedding is None


def test_an_english_report_naming_a_foreign_storys_names_joins_it():
    french = report(*FRENCH)
    enrich_articles([french.pk])
    english = report(*ENGLISH[0])
    enrich_articles([english.pk])
    english.refresh_from_db()
    french.refresh_from_db()
    assert english.story_id == french.story_id


def test_an_english_report_naming_a_foreign_storys_place_is_compared_across_languages():
    from newsdesk.pipeline.crosslingual import choose_foreign_story
    from newsdesk.pipeline.stories import stored_signal
    from newsdesk.stories.cluster import ClusterConfig

    french = report(*FRENCH)
    enrich_articles([french.pk])
    english = report(*ENGLISH[0])
    enrich_articles([english.pk])
    english.refresh_from_db()
    french.refresh_from_db()
    choice, _ = choose_foreign_story(stored_signal(english), ClusterConfig())
    english.refresh_from_db()
    assert choice.story_id == french.story_id
    assert english.multilingual_embedding is not None


def test_consolidation_folds_a_story_told_only_in_french_into_its_events_english_story():
    english = [report(*text) for text in ENGLISH]
    enrich_articles([a.pk for a in english])
    french = report(*FRENCH)
    enrich_articles([french.pk])
    english[0].refresh_from_db()
    french_story = story_of_its_own(french).pk

    assert merge_across_languages(EVER) == 1
    french.refresh_from_db()
    assert french.story_id == english[0].story_id
    assert StoryRedirect.objects.get(old_id=french_story).story_id == english[0].story_id


def test_a_french_story_of_another_event_stays_apart_from_the_english_one():
    english = [report(*text) for text in ENGLISH]
    enrich_articles([a.pk for a in english])
    french = report(*FRENCH_TRANSFER)
    enrich_articles([french.pk])
    french_story = story_of_its_own(french).pk

    assert merge_across_languages(EVER) == 0
    french.refresh_from_db()
    assert french.story_id == french_story


def test_in_an_archive_in_english_alone_looking_for_a_foreign_story_costs_one_query(
    django_assert_num_queries,
):
    from newsdesk.pipeline.crosslingual import choose_foreign_story
    from newsdesk.pipeline.stories import stored_signal
    from newsdesk.stories.cluster import ClusterConfig

    for headline, text in ENGLISH:
        enrich_articles([report(headline, text).pk])
    english = report(*UNRELATED)
    enrich_articles([english.pk])
    english.refresh_from_db()
    with django_assert_num_queries(1):
        choice, _ = choose_foreign_story(stored_signal(english), ClusterConfig())
    assert choice.story_id is None


def test_a_name_spelled_another_languages_way_reads_as_the_same_name():
    from newsdesk.pipeline.crosslingual import stem_key

    assert stem_key("arvenie") == stem_key("arvenien") == stem_key("arvenia")
    assert stem_key("norrlandische-reservebank") == "norrland-reservebank"
    assert stem_key("wien") == stem_key("vienne") == stem_key("viena") == stem_key("vienna")
    assert stem_key("etats-unis") == stem_key("united-states")
    # An institution's name, its words translated and ordered each language's way.
    central_bank = stem_key("central-bank-of-arvenia")
    assert stem_key("banque-centrale-d-arvenie") == stem_key("banco-central-de-arvenia")
    assert stem_key("zentralbank-von-arvenien") == central_bank
    assert central_bank in stem_key("la-banque-centrale-d-arvenie")
    assert stem_key("europaische-zentralbank") == stem_key("european-central-bank")


def test_the_quick_look_for_a_name_in_a_text_misses_none_the_stemmed_text_spells():
    from newsdesk.nlp.entities import entity_key
    from newsdesk.pipeline.crosslingual import _spelled, _Words, stem_key

    texts = [
        "Les dockers de Wien et des Etats-Unis ont cessé le travail",
        "The Arvenian central bank in Vienna cut rates; Norrländische Reservebank held",
        "Strike at the port of Calderwick: thirty ships wait offshore",
    ]
    names = ["Vienna", "Wien", "United States", "Arvenia", "Norrland", "Calderwick", "Kestrin"]
    for text in texts:
        slug = entity_key(text)
        for name in (stem_key(entity_key(n)) for n in names):
            spelled = f"-{name}-" in _spelled(slug)
            assert _Words(f"-{slug}-").may_spell(name) or not spelled
    port = _Words(f"-{entity_key(texts[2])}-")
    assert not port.may_spell(stem_key("kestrin"))
    assert not port.may_spell(stem_key("arvenia"))
    assert not port.may_spell(stem_key("united-states"))
    assert port.may_spell(stem_key("calderwick")) and port.may_spell("ship")  # "ships" begins so


def test_a_name_is_told_in_a_text_exactly_when_the_stemmed_text_spells_it():
    from newsdesk.nlp.entities import entity_key
    from newsdesk.pipeline.crosslingual import _spelled, _spells, stem_key

    spelled = _spelled(entity_key("Grève au port de Calderwick, à Wien : le syndicat Harbourside"))
    words = frozenset(spelled.split("-"))
    names = ["calderwick", "vienna", "harbourside", "port-de-calderwick", "kestrin", "wien-port"]
    for key in names:
        assert _spells(spelled, words, key) == (f"-{stem_key(key)}-" in spelled)
    assert _spells(spelled, words, "vienna")
    assert not _spells(spelled, words, "wien-port")  # every word there, not in that order


def test_only_the_most_recently_active_live_stories_names_are_read(monkeypatch):
    from newsdesk.nlp.entities import entity_key
    from newsdesk.pipeline import crosslingual
    from newsdesk.stories.cluster import ArticleSignal, ClusterConfig

    monkeypatch.setattr(crosslingual, "NAMED_SCAN", 2)
    ids = [
        Story.objects.create(
            title=f"Calderwick {hours}",
            last_seen_at=WHEN - timedelta(hours=hours),
            entity_counts={"calderwick": 1},
        ).pk
        for hours in (1, 30, 2)
    ]
    report = ArticleSignal(1, WHEN, np.zeros(384, np.float32), frozenset())
    spelled = crosslingual._spelled(entity_key(FRENCH[1]))

    named = crosslingual._named_stories(report, spelled, ClusterConfig())

    assert set(named) == {ids[0], ids[2]}  # the story last active 30 hours ago is not read


def test_short_names_and_different_names_stay_apart():
    from newsdesk.pipeline.crosslingual import stem_key

    assert stem_key("edda") == "edda"
    assert stem_key("vireo") == "vireo"
    assert stem_key("velmar") != stem_key("vessland")
    assert stem_key("norrland") != stem_key("arvenia")


def test_numbers_written_the_french_german_or_spanish_way_read_as_english_writes_them():
    from newsdesk.pipeline.crosslingual import english_numbers

    assert english_numbers("rund 2.000 Einwohner") == "rund 2,000 Einwohner"
    assert english_numbers("2 000 habitants") == "2,000 habitants"
    assert english_numbers("un taux de 3,25 %") == "un taux de 3.25 %"
    assert english_numbers("2.000,50 €") == "2,000.50 €"
    assert english_numbers("le 1.5.2026 à 10 h") == "le 1.5.2026 à 10 h"


def test_a_foreign_report_keeps_only_quantities_every_language_writes_alike():
    from newsdesk.pipeline.crosslingual import stored_crossing

    french = make_article(
        make_source(),
        headline="Le taux baisse à 3,25 %",
        text="Un prix de 25.000 euros; 600 pompiers luttent contre le feu.",
        published_at=WHEN,
    )
    french.multilingual_embedding = b"\x00" * 4
    assert stored_crossing(french).quantities == {"num:percent:3.25", "num:eur:25000"}


def test_a_french_report_joining_an_english_story_leaves_its_english_centroid_and_names():
    english = [report(*text) for text in ENGLISH]
    enrich_articles([a.pk for a in english])
    english[0].refresh_from_db()
    story = english[0].story
    assert story is not None
    centroid, names = bytes(story.centroid or b""), set(story.entity_counts)

    french = report(*FRENCH)
    enrich_articles([french.pk])
    french.refresh_from_db()
    story.refresh_from_db()
    assert french.story_id == story.pk
    assert bytes(story.centroid or b"") == centroid
    assert set(story.entity_counts) <= names


def test_consolidation_folds_an_english_story_of_its_own_into_its_events_story_across_languages():
    french = report(*FRENCH)
    enrich_articles([french.pk])
    joined = report(*ENGLISH[0])
    enrich_articles([joined.pk])
    late = report(*ENGLISH[1])
    enrich_articles([late.pk])
    french.refresh_from_db()
    late_story = story_of_its_own(late).pk

    assert merge_across_languages(EVER) == 1
    late.refresh_from_db()
    assert late.story_id == french.story_id
    assert StoryRedirect.objects.get(old_id=late_story).story_id == french.story_id


def test_an_english_story_of_another_event_stays_apart_from_a_story_told_across_languages():
    french = report(*FRENCH)
    enrich_articles([french.pk])
    enrich_articles([report(*ENGLISH[0]).pk])
    unrelated = report(*UNRELATED)
    enrich_articles([unrelated.pk])
    unrelated_story = story_of_its_own(unrelated).pk

    assert merge_across_languages(EVER) == 0
    unrelated.refresh_from_db()
    assert unrelated.story_id == unrelated_story


def test_an_english_report_is_read_across_languages_only_when_its_entities_name_a_foreign_name():
    from newsdesk.pipeline.crosslingual import may_name, names_told_elsewhere

    french = report(*FRENCH)
    enrich_articles([french.pk])
    french.refresh_from_db()
    names = names_told_elsewhere([french.story_id])[french.story_id]

    assert may_name([{"key": "calderwick"}, {"key": "monday"}], names)
    assert not may_name([{"key": "westcliff-rovers"}, {"key": "almavera"}], names)


def test_a_batchs_foreign_leads_told_of_the_reports_it_files_read_as_read_afresh():
    from newsdesk.pipeline.crosslingual import ForeignLeads

    since = WHEN - timedelta(days=1)
    held = ForeignLeads.read(since)
    french = make_article(
        make_source(), headline=FRENCH[0], text=" ".join([FRENCH[1]] * 8), published_at=WHEN
    )
    english = report(*ENGLISH[0])
    enrich_articles([french.pk, english.pk])
    for filed in (french, english):
        filed.refresh_from_db()
        held.add(filed, filed.language, filed.story_id)

    assert len(held.told_since(since)) == 1
    assert held.told_since(since) == ForeignLeads.read(since).told_since(since)
    assert held.told_since(WHEN + timedelta(minutes=1)) == []


def test_an_english_report_filed_in_the_batch_of_its_events_french_report_joins_it(monkeypatch):
    from newsdesk.pipeline.crosslingual import ForeignLeads

    reads = []
    read = ForeignLeads.read
    monkeypatch.setattr(ForeignLeads, "read", lambda since: reads.append(since) or read(since))
    french = report(*FRENCH)
    english = report(*ENGLISH[0])
    enrich_articles([french.pk, english.pk])
    english.refresh_from_db()
    french.refresh_from_db()
    assert english.story_id == french.story_id
    assert len(reads) == 1  # once for the batch, not once per English report


def test_places_spelled_another_way_read_in_english_word_by_word_the_longest_first():
    from newsdesk.pipeline.crosslingual import _in_english

    def english(slug: str) -> str:
        return "-".join(_in_english(slug.split("-")))

    assert english("strike-in-wien-and-la-haye") == "strike-in-vienna-and-the-hague"
    assert english("pays-de-galles-rugby") == "wales-rugby"
    assert english("nueva-york-le-caire-kairo") == "new-york-cairo-cairo"
    assert english("wienx-xwien-la-haya-de") == "wienx-xwien-the-hague-de"
    assert english("la") == "la"
