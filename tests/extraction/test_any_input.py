"""Whatever a server sends, extract_article returns an article or raises ExtractionError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.extraction import ExtractionError, extract_article

_FRAGMENTS = st.sampled_from([
    "<html>", "<head>", "<body>", "<p>", "</p>", "<div class='share'>", "</div>", "<h2>",
    "<script>", "</script>", "<meta property='og:title' content='T'>", "<a href='javascript:x'>",
    "<![CDATA[", "<!--", "-->", "\x00", "<table><tr><td>", "<li>", "<?xml version='1.0'?>",
    "Some words of prose that go on for a while, like an article would. ",
])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_FRAGMENTS | st.text(max_size=30), max_size=40).map("".join))
def test_it_only_ever_raises_extraction_error(html: str) -> None:
    try:
        article = extract_article(html, "https://news.example/a")
    except ExtractionError:
        return
    assert article.text
