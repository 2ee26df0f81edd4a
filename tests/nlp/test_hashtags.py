"""Hashtags: salient, stable, CamelCase, and never generic noise."""

from __future__ import annotations

from newsdesk.nlp.entities import Entity, extract_entities
from newsdesk.nlp.hashtags import hashtags_for, to_tag

HEADLINE = "Rockets hit Ain al-Asad air base in Iraq, ISIS suspected"
TEXT = (
    "BAGHDAD (Reuters) - Several rockets struck the Ain al-Asad air base in western Iraq on "
    "Monday, Iraqi security officials said. ISIS militants were suspected. A second attack hit "
    "Erbil in January. Ain al-Asad hosts U.S. troops. Iraq's government condemned the attack "
    "on Ain al-Asad. Officials in Erbil said 12 people were hurt on Monday."
)
NOISE = {"monday", "january", "reuters", "said", "12", "the", "officials"}


def entity(name: str, label: str, mentions: int, offset: int) -> Entity:
    return Entity(name, label, mentions, name.lower().replace(" ", "-"), offset)


def test_it_tags_the_salient_entities_in_camel_case() -> None:
    tags = hashtags_for(HEADLINE, TEXT, extract_entities(TEXT))
    assert 3 <= len(tags) <= 8
    assert {"AinAlAsad", "Iraq", "ISIS", "Erbil"} <= set(tags)


def test_it_never_emits_generic_noise() -> None:
    tags = hashtags_for(HEADLINE, TEXT, extract_entities(TEXT))
    assert not {t.lower() for t in tags} & NOISE
    assert all(not t.isdigit() and " " not in t and not t.startswith("#") for t in tags)


def test_noise_entities_are_dropped_even_when_the_model_returns_them() -> None:
    entities = [
        entity("Reuters", "ORG", 5, 0),
        entity("Monday", "ORG", 4, 10),
        entity("Erbil", "GPE", 2, 30),
        entity("Iraq", "GPE", 2, 40),
    ]
    tags = hashtags_for("Attack in Erbil", TEXT, entities)
    assert tags[:2] == ["Erbil", "Iraq"]
    assert "Reuters" not in tags and "Monday" not in tags


def test_the_same_entity_gives_the_same_tag_in_different_articles() -> None:
    first = hashtags_for("Blast near Erbil", "Erbil was hit.", [entity("Erbil", "GPE", 1, 0)])
    second = hashtags_for(
        "Erbil airport closed", "Flights to Erbil stop.", [entity("Erbil", "GPE", 3, 5)]
    )
    assert first[0] == second[0] == "Erbil"


def test_headline_entities_rank_first() -> None:
    entities = [entity("Baghdad", "GPE", 3, 0), entity("Erbil", "GPE", 1, 200)]
    assert hashtags_for("Drone strike on Erbil", TEXT, entities)[0] == "Erbil"


def test_key_words_fill_in_when_entities_are_few() -> None:
    text = "The parliament election in Turkmenistan was held. Turnout at the election was high."
    tags = hashtags_for(
        "Parliament election held in Turkmenistan", text, [entity("Turkmenistan", "GPE", 2, 30)]
    )
    assert tags[0] == "Turkmenistan"
    assert {"Election", "Parliament"} <= set(tags)


def test_tag_spelling() -> None:
    assert to_tag("Ain al-Asad") == "AinAlAsad"
    assert to_tag("U.S.") == "US"
    assert to_tag("ISIS") == "ISIS"
    assert to_tag("W. Mark Felt") == "MarkFelt"
    assert to_tag("São Paulo") == "SaoPaulo"
