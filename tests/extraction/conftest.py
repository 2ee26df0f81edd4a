"""Fixtures for extraction tests: hand-written pages under testdata/."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.extraction import ExtractedArticle, extract_article

TESTDATA = Path(__file__).with_name("testdata")
NEWS_URL = "https://ledger.example/news/2024/harbour-reopens?utm_source=rss"


def read_testdata(name: str) -> str:
    """The text of one fixture page."""
    return (TESTDATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def news_article() -> ExtractedArticle:
    """The hand-written news page with every kind of boilerplate, extracted once per module."""
    return extract_article(read_testdata("news_page.html"), NEWS_URL)
