"""Every AI feature reads a bounded part of its input, so its cost is bounded whatever it is given.

A scraped page can be megabytes of text (a list, a log, a whole archive on one page); the
features must answer it about as fast as a long article.
"""

from __future__ import annotations

import time

import pytest

from newsdesk.ai import (
    DEFAULT_OPTIONS,
    CachedEmbedder,
    Document,
    ask,
    compare_coverage,
    key_points,
    summarize,
    timeline,
)
from newsdesk.ai.types import MAX_BODY_CHARS, MAX_STANDFIRST_CHARS
from newsdesk.nlp.embed import embed as minilm

PARAGRAPHS = 100_000
SECONDS = 5.0


def enormous(id: str, source: str) -> Document:
    body = "\n".join(
        f"Item {i} of the list was filed by clerk number {i % 97} today." for i in range(PARAGRAPHS)
    )
    return Document.from_text(id, source, "A very long page", None, body)


def test_a_document_is_read_to_a_bounded_length():
    document = enormous("huge", "Bench")
    assert sum(len(s.text) for s in document.sentences) <= MAX_BODY_CHARS


def test_a_standfirst_is_read_to_a_bounded_length():
    # A feed's summary field, taken for the standfirst, may hold a whole article.
    whole_article = "The council met again today. " * 10_000
    document = Document.from_text("d", "Outlet", "Headline", None, "Body.", whole_article)
    assert len(document.standfirst) == MAX_STANDFIRST_CHARS


@pytest.mark.parametrize(
    "feature",
    [
        lambda docs, embed: summarize(docs[0], embed=embed),
        lambda docs, embed: key_points(docs[0], embed=embed),
        lambda docs, embed: ask("Who filed item 40?", docs[0], embed=embed),
        lambda docs, embed: ask("Who filed item 40?", docs, embed=embed),
        lambda docs, embed: compare_coverage(docs, embed=embed),
        lambda docs, embed: timeline(docs, embed=embed),
    ],
    ids=["summary", "key points", "ask", "ask a story", "compare", "timeline"],
)
def test_an_enormous_input_is_handled_in_seconds(feature, embed):
    documents = [enormous(f"huge-{i}", f"Outlet {i}") for i in range(30)]
    fresh = CachedEmbedder(minilm)  # from scratch: nothing embedded before
    started = time.perf_counter()
    feature(documents, fresh)
    assert time.perf_counter() - started < SECONDS


def test_a_story_is_read_to_a_bounded_number_of_reports(embed):
    documents = [
        Document.from_text(f"r{i}", f"Outlet {i}", "Floods", None, f"Report {i} says {i} fled.")
        for i in range(50)
    ]
    answer = ask("How many fled?", documents, embed=embed)
    cited = {c.document_id for s in answer.sentences for c in s.citations}
    assert cited <= {f"r{i}" for i in range(DEFAULT_OPTIONS.max_documents)}
