"""SimHash fingerprints: republished copies land a few bits apart, other reports far away."""

from __future__ import annotations

import re

from newsdesk.dedupe import content_fingerprint, hamming, is_near_duplicate

from .stories import OUTLET_A, OUTLET_B, SAME_EVENT_OTHER_REPORT, WIRE_BODY

HEX64 = re.compile(r"^[0-9a-f]{16}$")


def test_it_is_64_bits_of_hex() -> None:
    assert HEX64.match(content_fingerprint(WIRE_BODY))
    assert content_fingerprint("") == "0" * 16


def test_it_is_deterministic_and_ignores_case_and_punctuation() -> None:
    assert content_fingerprint(WIRE_BODY) == content_fingerprint(WIRE_BODY)
    assert content_fingerprint("The Harbour, reopened!") == content_fingerprint(
        "the harbour reopened"
    )


def test_it_finds_the_same_wire_story_with_another_intro_and_boilerplate() -> None:
    assert is_near_duplicate(content_fingerprint(OUTLET_A), content_fingerprint(OUTLET_B))


def test_it_tells_apart_two_reports_of_the_same_event() -> None:
    wire, other = content_fingerprint(OUTLET_A), content_fingerprint(SAME_EVENT_OTHER_REPORT)
    assert not is_near_duplicate(wire, other)


def test_hamming_counts_differing_bits() -> None:
    assert hamming("0" * 16, "0" * 16) == 0
    assert hamming("0" * 16, "f" * 16) == 64
    assert hamming("000000000000000f", "0000000000000001") == 3
