"""Cutting chrome before extraction never cuts the article that malformed markup nested in it."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from newsdesk.extraction import extract_article
from newsdesk.extraction.prune import strip_non_content, text_chars

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story: the council met on Tuesday to discuss the harbour, the "
    f"ferry timetable and the cost of dredging the channel before the winter storms arrive.</p>"
    for n in range(1, 7)
)


@pytest.mark.parametrize(
    "opening",
    [
        pytest.param('<button class="header__menu-button">Menu', id="unclosed button"),
        pytest.param('<nav class="header__nav"><a href="/">Home</a>', id="unclosed nav"),
        pytest.param("<fieldset><label>Search</label>", id="unclosed fieldset"),
    ],
)
def test_it_keeps_a_body_nested_inside_unclosed_chrome(opening: str) -> None:
    html = (
        f"<html><body><header>{opening}<main><article>{PARAGRAPHS}</article></main></body></html>"
    )
    article = extract_article(html, "https://mag.example/story")
    assert "Paragraph 1 of the story" in article.text
    assert "Paragraph 6 of the story" in article.text


def test_it_keeps_a_body_nested_in_a_menu_list() -> None:
    menu = "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(4))
    body = f"<nav><ul>{menu}<main><article>{PARAGRAPHS}</article></main></ul>"
    html = f"<html><body>{body}</body></html>"
    assert "Paragraph 6 of the story" in extract_article(html, "https://blog.example/p").text


def test_it_still_drops_closed_chrome() -> None:
    html = (
        "<html><body><nav><p>Weather, Traffic and Sport sections for every reader of the site, "
        f"with listings.</p></nav><article>{PARAGRAPHS}</article>"
        "<button>Load more stories</button></body></html>"
    )
    text = extract_article(html, "https://news.example/story").text
    assert "Weather" not in text
    assert "Load more" not in text


def test_a_table_in_a_figure_survives_with_its_cells_apart() -> None:
    table = (
        '<figure class="wp-block-table"><table><tbody>'
        "<tr><td>Party</td><td>Seats</td></tr><tr><td>Greens</td><td>12</td></tr>"
        "<tr><td>Liberals</td><td>9</td></tr></tbody></table></figure>"
    )
    intro = "<p>The new council, seat by seat, after the count on Sunday night:</p>"
    html = f"<html><body><article>{intro}{table}{PARAGRAPHS}</article></body></html>"
    article = extract_article(html, "https://blog.example/election")
    lines = article.text.split("\n")
    assert "Party | Seats" in lines
    assert "Greens | 12" in lines
    assert "<table>" in article.body_html


def test_the_prose_to_find_counts_list_items_of_a_few_sentences() -> None:
    steps = "".join(
        f"<li>Step {n}: sort the drawer by what you reach for most, keep pens at the front and "
        f"label the boxes so that everything returns to its place.</li>"
        for n in range(5)
    )
    menu = "".join(f'<li><a href="/s{n}">Section {n}</a></li><li>Short {n}</li>' for n in range(4))
    page = fromstring(f"<html><body><ul>{menu}</ul><p>An intro.</p><ol>{steps}</ol></body></html>")
    items = sum(text_chars(item) for item in page.iter("li") if "Step" in item.text_content())
    assert strip_non_content(page) == len("An intro.") + items


def test_it_shows_the_collapsed_panels_of_an_accordion() -> None:
    panels = "".join(
        f'<h3><button aria-controls="answer-{n}">Question {n}?</button></h3>'
        f'<div id="answer-{n}" style="display:none" aria-hidden="true"><p>Answer {n}: the ferry '
        f"sails at nine from the north pier, and again at noon in the summer months.</p></div>"
        for n in range(3)
    )
    html = f"<html><body><article>{PARAGRAPHS}{panels}</article></body></html>"
    text = extract_article(html, "https://guide.example/ferry").text
    assert "Answer 0: the ferry" in text
    assert "Answer 2: the ferry" in text


def test_it_still_drops_hidden_text_no_control_opens() -> None:
    hidden = '<div style="display:none"><p>We use cookies to improve your experience.</p></div>'
    html = f"<html><body><article>{PARAGRAPHS}{hidden}</article></body></html>"
    assert "cookies" not in extract_article(html, "https://guide.example/ferry").text
