"""The body keeps the story and nothing a reader did not come for."""

from __future__ import annotations

import pytest

from newsdesk.extraction import ExtractedArticle, extract_article

BOILERPLATE = [
    pytest.param("Share on Facebook", id="share bar"),
    pytest.param("newsletter", id="newsletter prompt"),
    pytest.param("Subscribe", id="subscribe button"),
    pytest.param("cookies", id="cookie banner"),
    pytest.param("14 comments", id="comment count"),
    pytest.param("Related articles", id="related heading"),
    pytest.param("Fleet moves to Calder Bay", id="related list"),
    pytest.param("Most read", id="sidebar"),
    pytest.param("Weather", id="navigation"),
    pytest.param("All rights reserved", id="footer"),
    pytest.param("Photo: Port Authority", id="caption"),
    pytest.param("dataLayer", id="script"),
]


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_it_drops_boilerplate_from_text_and_html(
    news_article: ExtractedArticle, phrase: str
) -> None:
    assert phrase.lower() not in news_article.text.lower()
    assert phrase.lower() not in news_article.body_html.lower()


def test_it_keeps_every_paragraph_of_the_story(news_article: ExtractedArticle) -> None:
    lines = news_article.text.split("\n")
    assert lines[0].startswith("PORT EVREN — Fishing boats sailed back")
    assert lines[-1].startswith("The port authority said it would refund berth fees")
    assert len(lines) == 9


def test_it_does_not_repeat_the_headline_in_the_body(news_article: ExtractedArticle) -> None:
    assert news_article.headline not in news_article.text


def test_it_keeps_sub_headings_as_their_own_lines(news_article: ExtractedArticle) -> None:
    lines = news_article.text.split("\n")
    assert "A new wall built for bigger storms" in lines
    assert "Fishermen count the cost" in lines
    assert "<h2>Fishermen count the cost</h2>" in news_article.body_html


def test_it_separates_the_attribution_line(news_article: ExtractedArticle) -> None:
    assert news_article.attribution == "(Reporting by Mara Lindqvist; Editing by Jonas Berg)"
    assert "Reporting by" not in news_article.text
    assert "Reporting by" not in news_article.body_html
    assert news_article.full_text.endswith(news_article.attribution)


def test_it_keeps_short_prose_that_mentions_boilerplate_words() -> None:
    sentences = [
        "Netflix will raise its subscription prices in Europe next month, the company said.",
        "The senator asked supporters to follow him on Twitter for updates.",
        "Regulators say the cookie consent rules will be enforced from June.",
        "Readers of the newsletter were told the merger would close in spring.",
    ]
    filler = (
        "The change was announced on Tuesday after months of talks between the parties, "
        "and analysts expect the decision to shape the rest of the year for the industry."
    )
    html = "<html><body><article><h1>Markets</h1>{}</article></body></html>".format(
        "".join(f"<p>{sentence}</p><p>{filler}</p>" for sentence in sentences)
    )
    text = extract_article(html, "https://news.example/markets").text
    for sentence in sentences:
        assert sentence in text


def test_it_drops_the_section_kicker_headline_and_standfirst_above_the_story() -> None:
    page = """<html><head><title>Floods</title>
    <meta property="og:title" content="River bursts its banks in Brenholm">
    <meta name="description" content="Hundreds leave their homes as the water rises."></head>
    <body><article><span class="section">News</span>
    <h1>River bursts its banks in Brenholm</h1>
    <p class="standfirst">Hundreds leave their homes as the water rises.</p>
    <p>The River Aske rose above its banks on Tuesday night, flooding the lower town and forcing
    hundreds of residents to leave their homes for the sports hall on the hill.</p>
    <p>Firefighters and volunteers worked through the night with boats to reach people in the
    streets nearest the water, the town council said on Wednesday morning.</p>
    </article></body></html>"""
    article = extract_article(page, "https://gazette.example/floods")
    assert article.text.startswith("The River Aske rose above its banks")
    assert "Hundreds leave their homes" not in article.text
    assert article.standfirst == "Hundreds leave their homes as the water rises."
