"""The fact extractors and the reply parser take any text without raising."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.ai import Document, facts
from newsdesk.ai.prompts import parse_reply
from newsdesk.ai.verify import plain_text

# Pieces that exercise the extractors: figures, units, months, quotes, speech verbs.
PIECES = [*"aAbBmMsS019,.%$€ -'\"“”:()\n", " said ", "March ", "about ", "mn ", " he said"]
NEWSY = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(NEWSY)
def test_extractors_never_raise(text):
    for quantity in facts.quantities(text):
        assert quantity.span
    facts.dates(text)
    facts.speaker(text, previous=text)
    facts.quotes(text)
    facts.capitalized_words(text)
    assert "<" not in plain_text(text + "<b>x</b>")


@settings(max_examples=200, deadline=None)
@given(NEWSY)
def test_sentences_are_numbered_in_order(text):
    document = Document.from_text(1, "Outlet", "Headline", None, text)
    assert [s.index for s in document.sentences] == list(range(len(document.sentences)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_the_reply_parser_only_raises_value_error(text):
    with contextlib.suppress(ValueError):
        parse_reply(text)
