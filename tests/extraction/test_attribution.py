"""The wire credit closing a story is kept apart from the body; prose that looks alike stays."""

from __future__ import annotations

import pytest

from newsdesk.extraction import extract_article

PARAGRAPHS = [
    "Shares in Asia slipped on Wednesday as investors waited for news on the trade talks, with "
    "the regional index down half a percent by midday and the yen firmer against the dollar.",
    "Analysts said the market had priced in a deal and would react sharply to any delay, while "
    "oil prices held steady after a week of gains on hopes of a supply cut.",
]


def _closing(line: str) -> tuple[str, str]:
    html = "<html><body><article><h1>Asian shares slip</h1>{}<p>{}</p></article></body></html>"
    article = extract_article(
        html.format("".join(f"<p>{p}</p>" for p in PARAGRAPHS), line), "https://wire.example/a"
    )
    return article.text, article.attribution


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Ann Lee; Editing by Tom Hale)",
        "(Reporting by Ann Lee)",
        "Reporting by Ann Lee in Tokyo; additional reporting by Joe Park; Editing by Tom Hale",
        "(Compiled by Ann Lee for Wire Asia)",
    ],
)
def test_it_separates_wire_credits(line: str) -> None:
    text, attribution = _closing(line)
    assert attribution == line
    assert line not in text


@pytest.mark.parametrize(
    "line",
    [
        "Editing by hand, she said, was what made the paper worth reading in those years.",
        "Reporting by the local paper first raised the alarm over the missing funds.",
    ],
)
def test_it_keeps_prose_that_starts_like_a_credit(line: str) -> None:
    text, attribution = _closing(line)
    assert attribution == ""
    assert text.endswith(line)
