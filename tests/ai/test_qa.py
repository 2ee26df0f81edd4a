"""Ask about this article / story: quote the answer or say plainly the article is silent."""

from __future__ import annotations

import pytest

from newsdesk.ai import NOT_IN_ARTICLE, ask
from tests.ai.articles import article, story

ANSWERABLE = [
    ("bridge-vote", "How much will the new bridge cost?", "$412 million"),
    ("bridge-vote", "Which company will build the bridge?", "Castell & Boyd"),
    ("museum-theft", "How did the thieves get into the building?", "skylight"),
    ("museum-theft", "How big is the reward?", "50,000 euros"),
    ("battery-plant", "How many jobs will the factory create?", "1,800 jobs"),
    ("heatwave", "How full are the reservoirs?", "31 percent"),
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
