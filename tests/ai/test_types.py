"""Documents: citable sentences that keep a quotation whole."""

from __future__ import annotations

from newsdesk.ai import Document


def test_a_quotation_over_several_sentences_stays_one_sentence():
    document = Document.from_text(
        "d",
        "Lantern",
        "Floods",
        None,
        'Ewan Doyle woke at 3am. "I went downstairs and it was over my ankles. Ten minutes later '
        'it was at my knees," he said. The street was a river.',
    )
    texts = [s.text for s in document.sentences]
    assert texts == [
        "Ewan Doyle woke at 3am.",
        '"I went downstairs and it was over my ankles. Ten minutes later it was at my knees," '
        "he said.",
        "The street was a river.",
    ]


def test_a_figure_printed_with_a_space_after_its_decimal_point_stays_in_its_sentence():
    text = (
        "Greek stocks plunged 5. 4 per cent. He was born in 1950. 3 people came. "
        "Pricing begins at $119. 99 with a plan. It was an M7. 5 quake (Dh472. 72bn in losses)."
    )
    document = Document.from_text("a", "Wire", "Stocks", None, text)
    assert [s.text for s in document.sentences] == [
        "Greek stocks plunged 5. 4 per cent.",
        "He was born in 1950.",
        "3 people came.",
        "Pricing begins at $119. 99 with a plan.",
        "It was an M7. 5 quake (Dh472. 72bn in losses).",
    ]
