"""Sentence splitting and excerpts: whole sentences, never a dangling bracket."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.lib.text import excerpt, normalize_space, spelled_out_pattern, split_sentences


def test_it_splits_sentences_at_terminal_punctuation():
    assert split_sentences("The port reopened. Cranes moved again! Is it over? Not yet.") == [
        "The port reopened.",
        "Cranes moved again!",
        "Is it over?",
        "Not yet.",
    ]


def test_it_keeps_abbreviations_and_initials_inside_a_sentence():
    text = (
        "Mr. Okafor met U.S. officials. John F. Kennedy airport was shut. "
        "Cpl. Janice Kemp and T.J. Simons spoke."
    )
    assert split_sentences(text) == [
        "Mr. Okafor met U.S. officials.",
        "John F. Kennedy airport was shut.",
        "Cpl. Janice Kemp and T.J. Simons spoke.",
    ]


def test_it_keeps_closing_quotes_with_their_sentence():
    text = '"We will return," she said. "Not today."'
    assert split_sentences(text) == ['"We will return," she said.', '"Not today."']


def test_an_excerpt_ends_at_a_sentence_boundary():
    text = "First sentence here. Second sentence is a bit longer than the first one."
    assert excerpt(text, 40) == "First sentence here."


def test_an_excerpt_never_ends_with_a_dangling_bracket():
    text = "A long opening clause runs on and on (with an aside that never ends"
    result = excerpt(text, 50)
    assert "(" not in result
    assert result.endswith("…")


def test_an_excerpt_of_short_text_is_the_text():
    assert excerpt("Short.\n\nTwo paragraphs.", 100) == "Short. Two paragraphs."


@given(st.text(max_size=600), st.integers(min_value=20, max_value=300))
def test_an_excerpt_never_exceeds_its_limit(text, limit):
    assert len(excerpt(text, limit)) <= limit


@given(st.text())
def test_normalize_space_collapses_and_trims_what_regex_white_space_matches(text: str) -> None:
    assert normalize_space(text) == re.sub(r"\s+", " ", text).strip()


def test_normalize_space_treats_unicode_spaces_as_spaces() -> None:
    assert normalize_space(" a\u00a0b\u2028c\x1c d\x85 ") == "a b c d"


def test_an_abbreviation_after_a_bracket_or_quote_keeps_its_sentence_whole():
    text = "The talks (chaired by Dr. Brandt) ended. 'Gen. Okafor' signed it."
    assert split_sentences(text) == [
        "The talks (chaired by Dr. Brandt) ended.",
        "'Gen. Okafor' signed it.",
    ]


def test_an_acronym_finds_the_capitalised_words_it_stands_for_with_linking_words_between() -> None:
    pattern = spelled_out_pattern("OSCE")
    assert re.search(pattern, "the Organization for Security and Cooperation in Europe said")
    assert re.search(pattern, "Certified Financial Planner") is None
    assert re.search(spelled_out_pattern("CFP"), "Certified Financial Planner (CFP)")
