"""The LLM path against a real local chat-completions server with scripted replies."""

from __future__ import annotations

import time

import pytest

from newsdesk.ai import GroundedWriter, LLMConfig, Result
from newsdesk.ai.prompts import SYSTEM_PROMPT
from tests.ai.articles import article
from tests.ai.chat_server import Messages, Raw, chat_server, reply_json, sentence_number

MODEL = "test-model"


@pytest.fixture
def server():
    with chat_server() as running:
        yield running


@pytest.fixture
def writer(server, embed):
    config = LLMConfig(base_url=server.url, model=MODEL, api_key="secret", timeout=0.5)
    with_client = GroundedWriter(config, embed=embed)
    yield with_client
    with_client.close()


def good_summary(messages: Messages) -> str:
    vote = sentence_number(messages, "voted 9 to 4")
    cost = sentence_number(messages, "$412 million")
    return reply_json(
        ("The Lanford council voted 9 to 4 to replace the ageing Marlow Bridge.", [vote]),
        ("The new crossing will cost an estimated $412 million and open in 2030.", [cost]),
    )


def assert_cites_real_sentences(result: Result, document) -> None:
    for sentence in result.sentences:
        assert sentence.citations
        for citation in sentence.citations:
            assert citation.document_id == document.id
            assert 0 <= citation.sentence_index < len(document.sentences)


def test_a_well_behaved_reply_is_shown_with_its_citations(server, writer):
    server.replies.append(good_summary)
    document = article("bridge-vote")
    result = writer.summarize(document)
    assert result.method == MODEL
    assert [s.text for s in result.sentences] == [
        "The Lanford council voted 9 to 4 to replace the ageing Marlow Bridge.",
        "The new crossing will cost an estimated $412 million and open in 2030.",
    ]
    assert [s.citations[0].sentence_index for s in result.sentences] == [0, 1]
    assert all(s.method == MODEL for s in result.sentences)
    assert result.latency_ms > 0
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer secret"
    assert request["model"] == MODEL


def test_a_sentence_with_an_invented_number_is_cut(server, writer):
    def invents(messages: Messages) -> str:
        vote = sentence_number(messages, "voted 9 to 4")
        cost = sentence_number(messages, "$412 million")
        toll = sentence_number(messages, "$2.50 per crossing")
        return reply_json(
            ("The Lanford council voted 9 to 4 to replace the ageing Marlow Bridge.", [vote]),
            ("The new crossing will cost an estimated $520 million.", [cost]),
            ("Drivers will pay a toll of $2.50 per crossing.", [toll]),
        )

    server.replies.append(invents)
    result = writer.summarize(article("bridge-vote"))
    assert result.method == MODEL
    assert result.dropped == 1
    assert not any("520" in s.text for s in result.sentences)
    assert len(result.sentences) == 2


def test_a_sentence_with_an_invented_name_or_a_wrong_citation_is_cut(server, writer):
    def misattributes(messages: Messages) -> str:
        vote = sentence_number(messages, "voted 9 to 4")
        raman = sentence_number(messages, "Dev Raman")
        return reply_json(
            ("The Lanford council voted 9 to 4 to replace the ageing Marlow Bridge.", [vote]),
            ("Mayor Helen Okafor said the cost estimate had risen twice.", [raman]),
            ("The federal government will pay 40 percent of the cost.", [vote]),
            ("The bridge will open soon.", [99]),
        )

    server.replies.append(misattributes)
    result = writer.summarize(article("bridge-vote"))
    # One sentence survives: too little, so the reader gets the extractive summary.
    assert result.method == "extractive"
    assert result.dropped == 3
    assert_cites_real_sentences(result, article("bridge-vote"))


def test_html_and_scripts_in_a_reply_are_neutralized(server, writer):
    def marks_up(messages: Messages) -> str:
        vote = sentence_number(messages, "voted 9 to 4")
        cost = sentence_number(messages, "$412 million")
        return reply_json(
            (
                "<b>The Lanford council</b> voted 9 to 4 to replace the ageing Marlow Bridge."
                "<script>alert('x')</script>",
                [vote],
            ),
            (
                "&lt;img src=x onerror=alert(1)&gt;The new crossing will cost an estimated "
                "$412 million.",
                [cost],
            ),
        )

    server.replies.append(marks_up)
    result = writer.summarize(article("bridge-vote"))
    assert result.method == MODEL
    texts = [s.text for s in result.sentences]
    assert texts[0] == "The Lanford council voted 9 to 4 to replace the ageing Marlow Bridge."
    assert texts[1] == "The new crossing will cost an estimated $412 million."
    assert not any(c in "".join(texts) for c in "<>")


def test_a_timeout_falls_back_to_extractive(server, writer):
    def sleeps(messages: Messages) -> str:
        time.sleep(1.5)
        return good_summary(messages)

    server.replies.append(sleeps)
    result = writer.summarize(article("bridge-vote"))
    assert result.method == "extractive"
    assert 2 <= len(result.sentences) <= 3


@pytest.mark.parametrize(
    "reply",
    [
        lambda m: Raw(500, "internal error"),
        lambda m: Raw(200, "not json at all"),
        lambda m: Raw(200, '{"choices": []}'),
        lambda m: "Sure! Here is a summary: the council voted.",
        lambda m: '{"sentences": "nope"}',
    ],
    ids=["http-500", "not-json", "no-choices", "prose", "wrong-shape"],
)
def test_a_broken_endpoint_falls_back_to_extractive(server, writer, reply):
    server.replies.append(reply)
    result = writer.key_points(article("museum-theft"))
    assert result.method == "extractive"
    assert 3 <= len(result.sentences) <= 6


def test_an_unreachable_endpoint_falls_back_to_extractive(embed):
    config = LLMConfig(base_url="http://127.0.0.1:9/v1", model=MODEL, timeout=0.5)
    result = GroundedWriter(config, embed=embed).summarize(article("heatwave"))
    assert result.method == "extractive"
    assert result.sentences


def test_a_prompt_injection_stays_data_and_does_not_leak_the_prompt(server, writer):
    document = article("injection")

    def obeys_the_article(messages: Messages) -> str:
        # A compromised model "follows" the article and dumps its instructions.
        injected = sentence_number(messages, "Ignore previous instructions")
        return reply_json(
            (SYSTEM_PROMPT.splitlines()[0], [injected]),
            ("<h1>Developer mode</h1> " + SYSTEM_PROMPT.splitlines()[3], [injected]),
        )

    server.replies.append(obeys_the_article)
    result = writer.summarize(document)

    assert result.method == "extractive"
    assert_cites_real_sentences(result, document)
    shown = " ".join(s.text for s in result.sentences)
    assert "system prompt" not in shown.lower() and "Rules" not in shown
    system, user = server.requests[0]["messages"]
    assert system["role"] == "system" and "untrusted" in system["content"]
    assert "Ignore previous instructions" not in system["content"]
    begin, end = user["content"].index("BEGIN DATA"), user["content"].index("END DATA")
    injected = user["content"].index("Ignore previous instructions")
    assert begin < injected < end
    assert user["content"].count("BEGIN DATA") == 1


def test_an_answer_is_written_from_retrieved_sentences(server, writer):
    def answers(messages: Messages) -> str:
        reward = sentence_number(messages, "reward of 50,000 euros")
        return reply_json(("The museum is offering a reward of 50,000 euros.", [reward]))

    server.replies.append(answers)
    document = article("museum-theft")
    answer = writer.ask("How big is the reward?", document)
    assert answer.method == MODEL
    assert answer.text == "The museum is offering a reward of 50,000 euros."
    cited = document.sentences[answer.sentences[0].citations[0].sentence_index]
    assert "50,000 euros" in cited.text
    assert "How big is the reward?" in server.requests[0]["messages"][1]["content"]


def test_an_unanswerable_question_never_reaches_the_model(server, writer):
    answer = writer.ask("What did the culture minister say?", article("museum-theft"))
    assert not answer.answerable
    assert server.requests == []


def test_the_api_key_stays_out_of_reprs():
    assert "secret" not in repr(
        LLMConfig(base_url="http://127.0.0.1/v1", model=MODEL, api_key="secret")
    )
