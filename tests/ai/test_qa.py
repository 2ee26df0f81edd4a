"""Ask about this article / story: quote the answer or say plainly the article is silent."""

from __future__ import annotations

import pytest

from newsdesk.ai import NOT_IN_ARTICLE, ask
from tests.ai.articles import article, story

ANSWERABLE = [
    ("bridge-vote", "How much will the new bridge cost?", "$412 million"),
    ("bridge-vote", "How much will the toll be?", "$2.50 per crossing"),
    ("museum-theft", "Who is leading the police investigation?", "Tomas Reyes"),
    ("museum-theft", "Where was the Selene Collar found originally?", "1911"),
    ("battery-plant", "How much will the battery plant cost?", "2.3 billion dollars"),
    ("heatwave", "How many cooling centres has the city opened?", "40 cooling centres"),
]
UNANSWERABLE = [
    ("museum-theft", "What did the culture minister say?"),
    ("battery-plant", "Which football team plays in Halden?"),
    ("heatwave", "What did the prime minister announce?"),
]


@pytest.mark.parametrize(("name", "question", "phrase"), ANSWERABLE)
def test_it_quotes_the_sentence_that_answers(name, question, phrase, embed):
    answer = ask(question, article(name), embed=embed)
    assert answer.answerable
    assert phrase in answer.sentences[0].text
    assert phrase in answer.text


@pytest.mark.parametrize(("name", "question"), UNANSWERABLE)
def test_it_says_the_article_does_not_say(name, question, embed):
    answer = ask(question, article(name), embed=embed)
    assert not answer.answerable
    assert answer.text == NOT_IN_ARTICLE == "The article does not say."


def test_it_answers_from_any_report_of_a_story(embed):
    answer = ask("How many families are staying in the shelter?", story(), embed=embed)
    assert answer.answerable
    assert answer.sentences[0].citations[0].document_id == "border-b"
    assert "120 families" in answer.sentences[0].text


def test_an_empty_question_is_not_answered(embed):
    assert not ask("   ", article("heatwave"), embed=embed).answerable
