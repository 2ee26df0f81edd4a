"""Scripts, event handlers and dangerous links in a page never reach the reader."""

from __future__ import annotations

import re

import pytest

from newsdesk.extraction import ExtractedArticle, extract_article

from .conftest import read_testdata

HANDLER = re.compile(r"\son\w+\s*=", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile() -> ExtractedArticle:
    return extract_article(read_testdata("hostile_page.html"), "https://city.example/council")


@pytest.mark.parametrize("needle", ["<script", "javascript:", "data:", "<svg", "<iframe", "style="])
def test_it_strips_active_content(hostile: ExtractedArticle, needle: str) -> None:
    assert needle not in hostile.body_html.lower()


def test_it_strips_event_handlers(hostile: ExtractedArticle) -> None:
    assert not HANDLER.search(hostile.body_html)


def test_it_keeps_the_prose_around_hostile_markup(hostile: ExtractedArticle) -> None:
    assert "postponed its vote on the new tram line" in hostile.text
    assert "alert" not in hostile.text


def test_it_absolutizes_safe_links_with_nofollow(hostile: ExtractedArticle) -> None:
    assert (
        '<a href="https://city.example/tram/amendment" rel="nofollow noopener">amended route</a>'
        in hostile.body_html
    )
