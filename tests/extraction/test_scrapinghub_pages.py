"""A few real pages from the Scrapinghub dev set, checked one by one."""

from __future__ import annotations

import pytest

from bench.extraction import Page, load_corpus
from newsdesk.extraction import extract_article
from newsdesk.extraction.scoring import document_counts, precision, recall

REUTERS = "57d46c9d751e"
GUARDIAN = "5fa3154ec031"
BBC = "c7e39ac49fa1"


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {page.page_id[:12]: page for page in load_corpus()}


@pytest.mark.parametrize(("page_id", "min_precision", "min_recall"), [
    (REUTERS, 0.95, 0.99), (GUARDIAN, 0.99, 0.99), (BBC, 0.97, 0.96),
])  # fmt: skip
def test_it_extracts_real_articles_closely(
    pages: dict[str, Page], page_id: str, min_precision: float, min_recall: float
) -> None:
    page = pages[page_id]
    counts = document_counts(page.truth, extract_article(page.html, page.url).full_text)
    assert precision(counts) >= min_precision
    assert recall(counts) >= min_recall


def test_it_separates_the_reuters_attribution(pages: dict[str, Page]) -> None:
    article = extract_article(pages[REUTERS].html, pages[REUTERS].url)
    assert article.attribution.startswith("Reporting by Rodrigo Campos")
    assert "Reporting by" not in article.text


def test_it_reads_real_metadata(pages: dict[str, Page]) -> None:
    article = extract_article(pages[GUARDIAN].html, pages[GUARDIAN].url)
    assert article.language == "en"
    assert article.published is not None and article.published.tzinfo is not None
    assert article.headline
    assert article.canonical_url.startswith("https://www.theguardian.com/")
