from __future__ import annotations

from newsdesk.ai import facts


def values(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in facts.quantities(text)]


def test_it_normalizes_written_numbers():
    assert values("about 2,500 troops") == [(2500, "troop")]
    assert values("2.5 million people") == [(2_500_000, "people")]
    assert values("two thousand soldiers") == [(2000, "soldier")]
    assert values("forty-two boats") == [(42, "boat")]
    assert values("a cost of 40mn marks") == [(40_000_000, "mark")]
    assert values("140mm of rain") == [(140, "mm")]
    assert values("up 40 percent") == [(40, "percent")]


def test_it_counts_the_noun_after_a_word_that_only_looks_plural():
    assert values("two suspicious calls") == [(2, "call")]
    assert values("300 homeless people") == [(300, "people")]
    assert values("two bonus payments") == [(2, "payment")]


def test_a_plural_without_a_plural_ending_ends_what_is_counted():
    assert values("About 1,800 people use the line") == [(1800, "people")]
    assert values("40 children were rescued") == [(40, "children")]


def test_a_part_of_a_whole_counts_what_the_whole_is_made_of():
    assert values("taking 38 of the 81 seats") == [(38, "seat"), (81, "seat")]
    assert values("Seven of Jenkin's friends attended") == [(7, "friend")]
    assert values("Nineteen of 24 economists") == [(19, "economist"), (24, "economist")]
    assert values("two of them stayed") == [(2, "")]


def test_a_unit_joined_to_its_number_by_a_hyphen_is_what_it_counts():
    assert values("the 221-kilometre line") == [(221, "kilometre")]
    assert values("a 14-minute engine burn") == [(14, "minute")]


def test_it_marks_hedged_numbers_as_approximate():
    assert facts.quantities("roughly 1,900 strikers")[0].approximate
    assert not facts.quantities("1,900 strikers")[0].approximate


def test_it_leaves_years_dates_and_times_out_of_quantities():
    assert values("It opened in 1958 and closed on March 3 at 3 p.m.") == []


def test_it_normalizes_dates():
    assert facts.dates("on March 3, 2024").keys() == {"03-03", "2024"}
    assert facts.dates("on 3 March").keys() == {"03-03"}
    assert facts.dates("closed on Wednesday").keys() == {"wednesday"}


def test_it_finds_named_speakers_only():
    assert facts.speaker('"We will stay," said army chief General Omar Haddad.') == (
        "General Omar Haddad"
    )
    assert facts.speaker("Defence Minister Yara Tobin said the troops would stay.") == (
        "Defence Minister Yara Tobin"
    )
    assert facts.speaker("The minister said on Tuesday that it was fine.") is None


def test_it_matches_speakers_by_name_not_title():
    assert facts.same_speaker("Yara Tobin", "Defence Minister Tobin")
    assert not facts.same_speaker("Defence Minister Yara Tobin", "General Omar Haddad")


def test_it_lists_names_including_an_opening_name():
    assert facts.capitalized_words("Katz's army met U.S. envoys.") == {"katz", "u.s"}
    assert facts.capitalized_words("The army met envoys.") == set()
