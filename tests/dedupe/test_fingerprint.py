"""Fingerprints: republished copies land a few bits apart, other reports far away."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.dedupe import (
    NEAR_DUPLICATE_BITS,
    as_number,
    content_fingerprint,
    is_near_duplicate,
    near_duplicate_mask,
)

from .stories import OUTLET_A, OUTLET_B, SAME_EVENT_OTHER_REPORT, WIRE_BODY

HEX64 = re.compile(r"^[0-9a-f]{16}$")


def test_it_is_64_bits_of_hex() -> None:
    assert HEX64.match(content_fingerprint(WIRE_BODY))
    assert HEX64.match(content_fingerprint("one word"))


@pytest.mark.parametrize("text", ["", "   \n\t", "— ... !?"])
def test_a_text_without_words_has_no_fingerprint(text: str) -> None:
    assert content_fingerprint(text) == ""


def test_it_is_deterministic_and_ignores_case_and_punctuation() -> None:
    # A fixed value: blake2b, unlike hash(), is the same in every process, so stored
    # fingerprints stay comparable across workers and restarts.
    assert content_fingerprint("The harbour reopened on Tuesday") == "a5cf810c0a4aa375"
    assert content_fingerprint("The Harbour, reopened!") == content_fingerprint(
        "the harbour reopened"
    )


def test_it_finds_the_same_wire_story_with_another_intro_and_boilerplate() -> None:
    assert is_near_duplicate(content_fingerprint(OUTLET_A), content_fingerprint(OUTLET_B))
    assert is_near_duplicate(content_fingerprint(WIRE_BODY), content_fingerprint(OUTLET_A))


def test_it_tells_apart_two_reports_of_the_same_event() -> None:
    wire, other = content_fingerprint(OUTLET_A), content_fingerprint(SAME_EVENT_OTHER_REPORT)
    assert not is_near_duplicate(wire, other)
    assert differing_bits(wire, other) > 2 * NEAR_DUPLICATE_BITS


@pytest.mark.parametrize(
    ("a", "b"),
    [("", ""), ("", "a5cf810c0a4aa375"), ("0" * 16, "not a fingerprint"), ("abc", "abc")],
)
def test_missing_or_foreign_fingerprints_are_never_duplicates(a: str, b: str) -> None:
    assert not is_near_duplicate(a, b)
    assert not is_near_duplicate(b, a)


def test_many_candidates_are_compared_at_once() -> None:
    original = content_fingerprint(OUTLET_A)
    candidates = [content_fingerprint(t) for t in (OUTLET_B, SAME_EVENT_OTHER_REPORT, WIRE_BODY)]
    numbers = np.array([as_number(c) for c in candidates], dtype=np.uint64)
    assert near_duplicate_mask(original, numbers).tolist() == [True, False, True]
    assert not near_duplicate_mask("not a fingerprint", numbers).any()


def differing_bits(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


@given(st.text())
def test_any_text_gives_a_fingerprint_or_nothing(text: str) -> None:
    fingerprint = content_fingerprint(text)
    assert fingerprint == "" or HEX64.match(fingerprint)
    assert fingerprint == "" or is_near_duplicate(fingerprint, fingerprint)


def test_a_text_longer_than_one_block_still_matches_its_copy() -> None:
    long_text = WIRE_BODY + " ".join(f"word{number}" for number in range(20_000))
    copy = f"Editor's note: republished with permission.\n{long_text}"
    assert is_near_duplicate(content_fingerprint(long_text), content_fingerprint(copy))
    assert not is_near_duplicate(content_fingerprint(long_text), content_fingerprint(OUTLET_A))
