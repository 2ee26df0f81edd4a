"""Every sentence the extractive features show cites real article sentences."""

from __future__ import annotations

import pytest

from newsdesk.ai import Document, Grounded, ask, key_points, summarize, timeline
from newsdesk.ai.summary import trim_connective
from tests.ai.articles import article, questions, story

ARTICLES = ["bridge-vote", "museum-theft", "battery-plant", "heatwave"]


def assert_grounded(sentences: list[Grounded], documents: list[Document]) -> None:
    by_id = {d.id: d for d in documents}
    assert sentences
    for sentence in sentences:
        assert sentence.citations
        for citation in sentence.citations:
            cited = by_id[citation.document_id].sentences[citation.sentence_index]
            assert cited.index == citation.sentence_index
        # Extractive text is the cited sentence itself, at most trimmed of an opening word.
        cited_text = (
            by_id[sentence.citations[0].document_id]
            .sentences[sentence.citations[0].sentence_index]
            .text
        )
        assert sentence.text[1:] in cited_text


@pytest.mark.parametrize("name", ARTICLES)
def test_summary_is_two_or_three_cited_sentences_in_article_order(name, embed):
    document = article(name)
    result = summarize(document, embed=embed)
    assert 2 <= len(result.sentences) <= 3
    assert_grounded(result.sentences, [document])
    positions = [s.citations[0].sentence_index for s in result.sentences]
    assert positions == sorted(positions)
    assert result.method == "extractive"


@pytest.mark.parametrize("name", ARTICLES)
def test_key_points_are_three_to_six_distinct_cited_sentences(name, embed):
    document = article(name)
    result = key_points(document, embed=embed)
    assert 3 <= len(result.sentences) <= 6
    assert_grounded(result.sentences, [document])
    assert len({s.citations[0] for s in result.sentences}) == len(result.sentences)


def test_key_points_drop_leading_connectives():
    assert (
        trim_connective("However, the army said it would stay.") == "The army said it would stay."
    )
    assert trim_connective("In addition the city will pay.") == "The city will pay."
    assert trim_connective("Howeverish words stay.") == "Howeverish words stay."


def test_every_answer_sentence_is_cited(embed):
    for question in questions():
        document = article(question["article"])
        answer = ask(question["question"], document, embed=embed)
        if answer.answerable:
            assert_grounded(answer.sentences, [document])


def test_timeline_has_one_dated_cited_line_per_report(embed):
    documents = story()
    entries = timeline(documents, embed=embed)
    assert [e.source for e in entries] == ["Meridian Wire", "Harbour Gazette"]
    assert [e.when for e in entries] == sorted(d.published for d in documents)
    assert_grounded([e.line for e in entries], documents)


def test_empty_article_gives_empty_results(embed):
    empty = Document.from_text("x", "Outlet", "Headline", None, "")
    assert summarize(empty, embed=embed).sentences == []
    assert key_points(empty, embed=embed).sentences == []
    assert not ask("What happened?", empty, embed=embed).answerable


def test_text_addressed_to_an_ai_is_never_chosen(embed):
    document = article("injection")
    shown = [
        *summarize(document, embed=embed).sentences,
        *key_points(document, embed=embed).sentences,
    ]
    assert shown
    assert not any("instructions" in s.text or "SYSTEM" in s.text for s in shown)


def test_a_wire_dateline_is_not_shown_but_the_sentence_is_cited():
    document = Document.from_text(
        "w", "Wire", "Rates cut", None, "KESTRIN (Meridian Wire) - The bank cut its rate to 3%."
    )
    quoted = document.quote(document.sentences[0])
    assert quoted.text == "The bank cut its rate to 3%."
    assert quoted.citations[0].sentence_index == 0


def test_quotes_without_their_speaker_are_never_chosen(embed):
    text = (
        "Dockworkers at Calderwick extended their strike into a third day on Tuesday.\n"
        "Union leader Maren Holt addressed hundreds of members at the main gate of the port.\n"
        '"We have been patient for three years. Our members kept the port open."\n'
        '"This company posted record profits while wages fell," Holt said.\n'
        "The operator said its offer of 5.5% was fair and above inflation for all staff."
    )
    document = Document.from_text("q", "Outlet", "Strike goes on", None, text)
    shown = [s.text for s in key_points(document, embed=embed).sentences]
    assert not any(s.startswith(('"We have', '"Our', "Our members")) for s in shown)


@pytest.mark.parametrize("name", ARTICLES)
def test_key_points_do_not_repeat_the_summary(name, embed):
    document = article(name)
    summary = {c for s in summarize(document, embed=embed).sentences for c in s.citations}
    points = {c for s in key_points(document, embed=embed).sentences for c in s.citations}
    assert not summary & points


def test_a_summary_sentence_reads_on_its_own_and_gives_the_headlines_figure(embed):
    document = Document.from_text(
        "doc",
        "Harbour Gazette",
        "Ardle wins doctor after 1,400 sign petition",
        None,
        "Ardle has a resident doctor again, the first in six years.\n"
        "She said the village had waited long enough for a doctor of its own.\n"
        "It took a campaign by the whole village to persuade the health board.\n"
        "The health board has agreed to fund the post for at least five years.\n"
        "The surgery will open four days a week from next month.\n"
        "A petition for a doctor collected 1,400 signatures in the village.\n"
        "The new doctor, Nadia Osei, grew up in Kestrin and trained there.",
    )
    summary = [s.text for s in summarize(document, embed=embed).sentences]
    assert not any(s.startswith(("She ", "It ")) for s in summary)
    assert any("1,400" in s for s in summary)
