"""The verifier keeps supported sentences and cuts any with a detail its citations lack."""

from __future__ import annotations

import pytest

from newsdesk.ai import DEFAULT_OPTIONS
from newsdesk.ai.prompts import Draft, parse_reply
from newsdesk.ai.verify import plain_text, verify
from tests.ai.articles import article

SENTENCES = [s.text for s in article("museum-theft").sentences]


def kept(text: str, *citations: int, embed) -> bool:
    return bool(verify([Draft(text, list(citations))], SENTENCES, embed, DEFAULT_OPTIONS))


def test_it_keeps_a_faithful_paraphrase(embed):
    assert kept("Insurers valued the necklace at 4.5 million euros.", 6, embed=embed)
    assert kept(
        "The museum offers a 50,000-euro reward for the collar's recovery.", 14, embed=embed
    )


@pytest.mark.parametrize(
    ("text", "citation"),
    [
        ("Insurers valued the necklace at 5 million euros.", 6),  # changed amount
        ("The alarm sounded at 4:17 a.m.", 4),  # changed time
        ("The museum will stay closed until Friday.", 10),  # changed day
        ("Inspector Maria Lopez appealed for witnesses.", 8),  # invented name
        ("Lopez said the collar was priceless.", 5),  # invented speaker, opening the sentence
        ("Insurers valued the necklace at 4.5 million euros.", 12),  # wrong citation
        ("Insurers valued the necklace at 4.5 million euros.", 99),  # no such sentence
    ],
)
def test_it_cuts_unsupported_sentences(text, citation, embed):
    assert not kept(text, citation, embed=embed)


def test_plain_text_strips_markup_even_when_entity_encoded():
    assert plain_text("<b>Bold</b> claim<script>alert(1)</script>.") == "Bold claim."
    assert plain_text("&lt;script&gt;alert(1)&lt;/script&gt;Safe.") == "Safe."
    assert plain_text("- **Key** point") == "Key point"
    assert plain_text("Prices & wages rose 3% < 5%.") == "Prices & wages rose 3% < 5%."


def test_it_accepts_citations_written_as_labels():
    drafts = parse_reply(
        '```json\n{"sentences": [{"text": "A.", "citations": ["S2", "[S3]", 4]}]}\n```'
    )
    assert drafts == [Draft("A.", [2, 3, 4])]


@pytest.mark.parametrize("reply", ["[]", '{"sentences": [{"text": 1}]}', '{"sentences": [{}]}'])
def test_it_rejects_other_shapes(reply):
    with pytest.raises(ValueError):
        parse_reply(reply)
