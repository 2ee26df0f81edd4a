"""Given names: a first name alone is told from a family name by the census's shares."""

from __future__ import annotations

import pytest

from newsdesk.nlp.given_names import is_given_name


@pytest.mark.parametrize("word", ["Clara", "Portia", "Kenneth", "thomas"])
def test_a_name_more_common_first_is_a_given_name(word: str) -> None:
    assert is_given_name(word)


@pytest.mark.parametrize("word", ["Harris", "Palmer", "Magruder", "Twitter", "Brenholm"])
def test_a_family_name_or_another_word_is_not(word: str) -> None:
    assert not is_given_name(word)
