"""Whose detail a sentence gives, read on its parse."""

from __future__ import annotations

import pytest

from newsdesk.ai import Document, ask, slots

QUINN = "How many yards did Brady Quinn pass for?"
BUTLER = "Corner back Darius Butler intercepted Brady Quinn for a 32 yard defensive touchdown."


def test_a_detail_done_by_someone_else_named_is_not_the_subjects():
    assert slots.done_by_another(QUINN, BUTLER)


@pytest.mark.parametrize(
    "sentence",
    [
        "Brady Quinn passed for 180 yards before he was replaced.",
        # A subject named by a pronoun or not named at all is not someone else.
        "He passed for 180 yards before he was replaced.",
        "The quarterback passed for 180 yards before Darius Butler intercepted him.",
    ],
)
def test_a_detail_the_subject_does_or_no_one_named_does_is_not_judged_anothers(sentence):
    assert not slots.done_by_another(QUINN, sentence)


def test_the_wh_phrase_is_what_is_asked_not_who_does_it():
    question = "How many Calderwick seats are the Social Democrats going after?"
    sentence = (
        "The Northern Progressive Party has no organisation on the west coast, but its "
        "national allies, the Social Democrats, are targeting all four Calderwick seats."
    )
    assert not slots.done_by_another(question, sentence)


def test_a_question_answered_by_a_name_is_not_judged():
    assert not slots.done_by_another("Who intercepted Brady Quinn?", BUTLER)


def test_it_does_not_quote_a_figure_someone_else_achieved(embed):
    document = Document.from_text(
        "game",
        "Wire",
        "Colts beat Chiefs",
        None,
        "The Colts beat the Chiefs 20-13 on Sunday to secure a place in the playoffs. "
        "Brady Quinn started at quarterback for Kansas City again. " + BUTLER,
    )
    assert not ask(QUINN, document, embed=embed).answerable
