"""A short block is boilerplate by how it opens, or by a phrase anywhere in it."""

from __future__ import annotations

import pytest

from newsdesk.extraction.body import MAX_BOILERPLATE_CHARS, _is_boilerplate


@pytest.mark.parametrize(
    "text",
    [
        "12 comments",
        "Related: Harbour fees rise again",
        "Follow us on Instagram for more",
        "© 2024 The Ledger",
        "Get our best stories delivered straight into your inbox every Friday.",
        "Our weekly newsletter is free: sign up today",
        "Subscribe now and get the morning newsletter",
        "The Ledger Ltd. All rights reserved.",
        "This website uses cookies to improve your experience.",
    ],
)
def test_a_short_block_that_opens_with_or_holds_a_boilerplate_phrase_is_dropped(
    text: str,
) -> None:
    assert _is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council will vote on the comments it received next week.",
        "Readers who subscribe to the paper by post will see the change in March.",
        "Share prices fell after the announcement.",
        "She said the inbox of the harbour office was full of complaints.",
    ],
)
def test_prose_that_merely_mentions_a_phrase_stays(text: str) -> None:
    assert not _is_boilerplate(text)


def test_a_long_block_is_prose_whatever_it_holds() -> None:
    text = "This website uses cookies. " + "The harbour reopened on Monday. " * 8
    assert len(text) > MAX_BOILERPLATE_CHARS
    assert not _is_boilerplate(text)
