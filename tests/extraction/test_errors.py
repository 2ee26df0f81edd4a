"""Pages without an article raise ExtractionError with a message for the source's error log."""

from __future__ import annotations

import pytest

from newsdesk.extraction import ExtractionError, extract_article

from .conftest import read_testdata


def test_it_refuses_a_page_without_an_article() -> None:
    with pytest.raises(ExtractionError, match="extraction: .*https://ex.example/sections"):
        extract_article(read_testdata("no_article.html"), "https://ex.example/sections")


@pytest.mark.parametrize("html", ["", "   \n", "\x00\x00"])
def test_it_refuses_an_empty_page(html: str) -> None:
    with pytest.raises(ExtractionError, match="^extraction: "):
        extract_article(html, "https://ex.example/empty")
