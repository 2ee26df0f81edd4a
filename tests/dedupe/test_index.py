"""NearDuplicateIndex finds the same wire story republished by another outlet."""

from __future__ import annotations

from newsdesk.dedupe import IndexOptions, NearDuplicateIndex

from .stories import OUTLET_A, OUTLET_B, SAME_EVENT_OTHER_REPORT, WIRE_BODY


def _index() -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    index.add("outlet-a", OUTLET_A)
    index.add("other-report", SAME_EVENT_OTHER_REPORT)
    return index


def test_it_finds_a_republished_wire_story() -> None:
    assert _index().query(OUTLET_B) == ["outlet-a"]


def test_it_does_not_match_another_report_of_the_same_event() -> None:
    index = NearDuplicateIndex()
    index.add("outlet-a", OUTLET_A)
    assert index.query(SAME_EVENT_OTHER_REPORT) == []


def test_it_finds_an_identical_text() -> None:
    assert "other-report" in _index().query(SAME_EVENT_OTHER_REPORT)


def test_adding_a_key_again_replaces_its_text() -> None:
    index = _index()
    index.add("outlet-a", "something else entirely about a different town and its bakery")
    assert index.query(OUTLET_B) == []
    assert len(index) == 2


def test_a_lower_threshold_accepts_looser_copies() -> None:
    half = WIRE_BODY[: len(WIRE_BODY) // 2]
    strict, loose = NearDuplicateIndex(), NearDuplicateIndex(IndexOptions(threshold=0.4))
    for index in (strict, loose):
        index.add("wire", WIRE_BODY)
    assert strict.query(half) == []
    assert loose.query(half) == ["wire"]


def test_texts_without_words_are_neither_indexed_nor_matched() -> None:
    index = NearDuplicateIndex()
    index.add("empty", "")
    index.add("blank", "  ...  ")
    assert len(index) == 0
    assert index.query("") == []


def test_a_key_can_be_replaced_by_an_empty_text() -> None:
    index = _index()
    index.add("outlet-a", "")
    assert "outlet-a" not in index
    assert index.query(OUTLET_B) == []
