"""Entities: one per real-world referent in an article, with keys stable across articles."""

from __future__ import annotations

from newsdesk.nlp.entities import (
    EntityOptions,
    _mentions,
    _nlp,
    clean_name,
    entity_key,
    extract_entities,
    extract_entities_batch,
    normalize_mentions,
    spell_out_states,
)

SUDANI_REPORT = (
    "Iraqi Prime Minister Mohammed Shia Al Sudani met U.S. officials in Baghdad on Monday. "
    "Al Sudani said the attack on Ain al-Asad air base was unacceptable. "
    "Sudani's office said rockets were also fired at Erbil. Mr. Sudani later spoke to reporters."
)


def by_key(text: str) -> dict[str, object]:
    return {e.key: e for e in extract_entities(text)}


def test_short_forms_fold_into_the_longest_full_form() -> None:
    entities = by_key(SUDANI_REPORT)
    sudani = entities["mohammed-shia-al-sudani"]
    assert sudani.name == "Mohammed Shia Al Sudani"
    assert sudani.label == "PERSON"
    assert sudani.mentions == 4
    assert not {"al-sudani", "sudani"} & entities.keys()


def test_places_are_found_and_keyed() -> None:
    entities = by_key(SUDANI_REPORT)
    assert {"baghdad", "erbil", "united-states"} <= entities.keys()


def test_normalization_folds_mentions_whatever_the_model_labels_them() -> None:
    entities = normalize_mentions(
        [
            ("President Mohammed Shia Al Sudani", "PERSON", 0),
            ("Al Sudani", "ORG", 50),
            ("Sudani's", "PERSON", 90),
            ("the Pentagon", "ORG", 120),
        ]
    )
    assert [(e.name, e.label, e.mentions) for e in entities] == [
        ("Mohammed Shia Al Sudani", "PERSON", 3),
        ("Pentagon", "ORG", 1),
    ]


def test_a_place_does_not_fold_into_a_person_who_shares_its_name() -> None:
    entities = normalize_mentions([("Denzel Washington", "PERSON", 0), ("Washington", "GPE", 40)])
    assert {e.key for e in entities} == {"denzel-washington", "washington"}


def test_the_same_name_gets_the_same_key_in_every_article() -> None:
    first = by_key("Tara Reid checked into Promises Treatment Center in Malibu, her rep said.")
    second = by_key("The actress Tara Reid's stay at Promises Treatment Center began on Tuesday.")
    assert "tara-reid" in first
    assert "tara-reid" in second


def test_cleaning_strips_articles_titles_and_possessives() -> None:
    assert clean_name("the Pentagon") == "Pentagon"
    assert clean_name("Mr. Sudani's") == "Sudani"
    assert clean_name("Lohan 's") == "Lohan"
    assert clean_name("the U.S.") == "U.S."
    assert clean_name("Ain al - Asad") == "Ain al-Asad"


def test_cleaning_strips_police_and_church_ranks_as_it_strips_other_titles() -> None:
    assert clean_name("Superintendent Mark Oduya") == "Mark Oduya"
    assert clean_name("Det. Chief Inspector Ruth Abel") == "Ruth Abel"
    assert clean_name("Sheriff Dale Moss") == "Dale Moss"
    assert clean_name("the Rev. Anne Lowe") == "Anne Lowe"


def test_keys_are_ascii_slugs_with_common_aliases_merged() -> None:
    assert entity_key("Ain al-Asad") == "ain-al-asad"
    assert entity_key("São Paulo") == "sao-paulo"
    assert entity_key("U.S.") == entity_key("United States") == "united-states"


def test_other_languages_give_no_entities() -> None:
    text = "Le Premier ministre irakien a rencontré des responsables américains à Bagdad lundi."
    assert extract_entities(text) == []
    assert extract_entities(SUDANI_REPORT, language="fr") == []


def test_state_abbreviations_are_spelled_out_only_as_whole_abbreviations() -> None:
    text = "A Calif.-based firm in Biloxi, Miss., and N.Y. hired Miss Scarlet of La Paz."
    assert spell_out_states(text) == (
        "A California-based firm in Biloxi, Mississippi, and New York hired Miss Scarlet of La Paz."
    )
    # Inside a longer abbreviation or word, nothing is a state.
    for text in ("the U.S.A. team", "Panama.", "W.Vax.", "Pa.s"):
        assert spell_out_states(text) == text


def test_words_never_seen_before_do_not_stay_in_memory_after_their_batch() -> None:
    strings = _nlp().vocab.strings
    texts = [f"Officer Qzvrelt{n} of Harbour{n}x Ltd spoke in Vellmoor{n}burg." for n in range(40)]
    before = len(strings)
    found = extract_entities_batch(texts, ["en"] * len(texts))
    assert len(strings) == before
    assert any(entity.name.startswith("Vellmoor") for entity in found[7])


def test_the_recognizer_finds_what_spacys_own_pipeline_finds() -> None:
    """newsdesk steps spaCy's recognizer itself (it is twice as fast that way): the mentions
    must be those spaCy's own pipeline finds, in batches of every shape, empty texts too."""
    texts = [
        SUDANI_REPORT,
        "",
        "Apple and Microsoft reported earnings in Cupertino and Redmond on Tuesday.",
        *(f"Mayor Ana Lopez of Springfield{n} met the Red Cross in Geneva." for n in range(5)),
        " ",
        "The World Cup final in Qatar drew fans from Argentina and France.",
    ]
    with _nlp().memory_zone():
        expected = [normalize_mentions(_mentions(doc)) for doc in _nlp().pipe(texts)]
    for batch_size in (1, 3, 32):
        options = EntityOptions(batch_size=batch_size)
        assert extract_entities_batch(texts, ["en"] * len(texts), options) == expected
