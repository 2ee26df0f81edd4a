"""Story signals: quantities that count the same thing in the same unit, and titles that name
nothing."""

from __future__ import annotations

import pytest

from newsdesk.stories.signals import (
    YEAR_UNIT,
    Quantity,
    article_keys,
    headline_word_keys,
    is_dateline,
    lead_quantities,
    parse_quantity,
    quantities_disagree,
)


def quantity_keys(text: str) -> set[str]:
    return {key for key in article_keys([], text) if key.startswith("num:")}


def test_a_number_keeps_the_noun_it_counts() -> None:
    assert quantity_keys("The ferry carried 30 passengers and 12 crew.") == {
        "num:passenger:30",
        "num:crew:12",
    }


def test_words_for_one_thing_share_a_unit() -> None:
    assert quantity_keys("A magnitude-5.2 quake, killing 10; 10 dead and 40 wounded.") == {
        "num:magnitude:5.2",
        "num:dead:10",
        "num:injured:40",
    }


def test_full_dates_become_date_keys() -> None:
    keys = article_keys([], "Posted 11 / 27 / 2005. Updated Monday, 28 November 2005.")
    assert {k for k in keys if k.startswith("date:")} == {"date:2005-11-27", "date:2005-11-28"}


def test_dates_a_few_days_apart_agree_and_years_apart_disagree() -> None:
    assert not quantities_disagree({"date:2005-11-27"}, {"date:2005-11-30"})
    assert quantities_disagree({"date:2005-11-27"}, {"date:2008-09-10"})


def test_money_keeps_its_currency_and_scale() -> None:
    keys = quantity_keys("Jewels worth €80M, or £74m, and a $1.5bn policy; 300,000 euros later.")
    assert keys == {
        "num:eur:80000000",
        "num:gbp:74000000",
        "num:usd:1500000000",
        "num:eur:300000",
    }


@pytest.mark.parametrize(
    "text",
    [
        "The 76ers beat the Lakers.",
        "A 4G network and the F-35 jet.",
        "Flight MH17 and COVID-19.",
        "He became the 12th Doctor.",
        "Version 2.3.1 shipped at 10:42 GMT.",
        "The fire was reported at 3: 33 a. m. on 28 November.",
        "Posted 11 / 27 / 2005 and updated 05/02/13.",
    ],
)
def test_names_ordinals_versions_times_and_dates_are_no_quantities(text: str) -> None:
    assert quantity_keys(text) == set()


def test_a_magnitude_is_a_unit_before_or_after_the_number() -> None:
    assert quantity_keys("A 6. 1 - magnitude quake; then magnitude 4.6.") == {
        "num:magnitude:6.1",
        "num:magnitude:4.6",
    }


def test_hedged_numbers_are_marked_approximate() -> None:
    found = lead_quantities("At least 50 people were hurt; more than 200 homes; 12 dead.")
    assert [(q.unit, q.value, q.approximate) for q in found] == [
        ("people", 50, True),
        ("home", 200, True),
        ("dead", 12, False),
    ]


def test_the_same_loot_in_other_currencies_and_estimates_does_not_disagree() -> None:
    story = {"num:eur:80000000", "year:2013"}
    assert not quantities_disagree({"num:gbp:74000000"}, story)
    assert not quantities_disagree({"num:usd:~108000000"}, {"num:usd:~160000000"})


def test_exact_counts_of_the_same_thing_disagree_when_they_differ() -> None:
    assert quantities_disagree({"num:people:12"}, {"num:people:30"})
    assert not quantities_disagree({"num:people:12"}, {"num:people:12", "num:people:30"})
    assert not quantities_disagree({"num:people:12"}, {"num:passenger:30"})


def test_an_age_is_no_span_of_years_and_agrees_a_year_either_side() -> None:
    keys = quantity_keys("A 60-year-old woman was charged 41 years later; her son, 35 years old.")
    assert keys == {"num:age:60", "num:year:41", "num:age:35"}
    assert not quantities_disagree({"num:age:61", "num:year:41"}, {"num:age:60"})
    assert quantities_disagree({"num:age:61"}, {"num:age:45"})


def test_approximate_counts_disagree_only_when_far_apart() -> None:
    assert not quantities_disagree({"num:people:~50"}, {"num:people:80"})
    assert quantities_disagree({"num:people:~50"}, {"num:people:400"})


def test_years_dates_and_bare_numbers_still_disagree_with_counts_they_share_nothing_with() -> None:
    assert quantities_disagree({"year:2008"}, {"year:2013"})
    assert quantities_disagree({"year:2008"}, {"num:dead:10"})
    assert quantities_disagree({"num::52"}, {"num:dead:10"})
    assert not quantities_disagree({"year:2008", "num:people:3"}, {"num:people:3"})


def test_money_is_compared_with_money_of_its_currency_only() -> None:
    assert not quantities_disagree({"num:gbp:74000000"}, {"year:2013", "num::12"})
    assert quantities_disagree({"num:eur:2000000"}, {"num:eur:80000000"})


def test_keys_of_the_older_form_still_parse() -> None:
    assert parse_quantity("num:12") == Quantity("", 12)
    assert parse_quantity("num:usd:~108000000") == Quantity("usd", 108_000_000, True)
    assert parse_quantity("year:2013") == Quantity(YEAR_UNIT, 2013)
    assert parse_quantity("erbil") is None


@pytest.mark.parametrize(
    "title",
    [
        "LONDON (Reuters) -",
        "WASHINGTON —",
        "Updated 10:42 a.m.",
        "18 September 2013 Last updated at 13: 59 GMT",
        "Last Updated: Monday, 28 November 2005, 02: 24 GMT",
        "June 06, 2013",
    ],
)
def test_datelines_and_timestamps_are_recognised(title: str) -> None:
    assert is_dateline(title)


@pytest.mark.parametrize(
    "title",
    [
        "Colts Beat Chiefs 20 - 13 To Clinch Playoff Berth",
        "Lindsay Lohan checks into rehab",
        "Polygamist prophet Warren Jeffs charged again July 23, 2008",
        "NASA launches Artemis II",
    ],
)
def test_real_headlines_are_no_datelines(title: str) -> None:
    assert not is_dateline(title)


def test_a_headline_gives_its_words_but_stop_words_and_short_ones_as_keys() -> None:
    keys = headline_word_keys("Titanfall Launch Hindered By Xbox Live Sign-In Issues")
    assert keys == {
        "word:titanfall",
        "word:launch",
        "word:hindered",
        "word:xbox",
        "word:live",
        "word:sign",
        "word:issues",
    }
    assert headline_word_keys("Mt. Gox: it is up to us") == {"word:gox"}


def test_a_possessive_or_a_quote_does_not_make_another_word() -> None:
    keys = headline_word_keys("SoftBank's Son Pitches 'Cosmos' Chief's Plan")
    assert keys == headline_word_keys("Softbank Son Pitches Cosmos Chief Plan")
