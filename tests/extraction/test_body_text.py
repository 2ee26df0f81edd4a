"""The plain text reads as the page does: no space before punctuation, briefs kept."""

from __future__ import annotations

import re

from newsdesk.extraction import extract_article

SPACE_BEFORE_PUNCTUATION = re.compile(r"\w [.,:;!?)]")


def test_inline_markup_leaves_no_space_before_punctuation() -> None:
    paragraph = (
        '<p>We shipped two new <a href="/p">packages</a>. <b>Winners</b>: everyone who sat in '
        "the <em>sunlight</em>, and (<i>briefly</i>) the <a href='/c'>council</a>'s clerk, "
        "who said the long wait was worth it for the whole town.</p>"
    )
    html = f"<html><body><article>{paragraph * 3}</article></body></html>"
    text = extract_article(html, "https://town.example/news").text
    assert not SPACE_BEFORE_PUNCTUATION.search(text), text
    assert "packages. Winners: everyone" in text
    assert "(briefly) the council's clerk" in text


def test_inline_markup_between_words_keeps_them_apart() -> None:
    paragraph = "<p>The <b>harbour</b> <a href='/f'>ferry</a> runs again from Monday morning.</p>"
    html = f"<html><body><article>{paragraph * 4}</article></body></html>"
    assert "The harbour ferry runs again" in extract_article(html, "https://t.example/f").text


def test_a_one_paragraph_brief_is_returned_and_marked_brief() -> None:
    html = (
        "<html><head><title>Road closed</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Road closed</h1><p>The coast road is closed until Friday.</p></article>"
        "</body></html>"
    )
    article = extract_article(html, "https://town.example/brief")
    assert article.text == "The coast road is closed until Friday."
    assert article.brief


def test_a_full_article_is_not_a_brief() -> None:
    paragraph = "<p>" + "A long sentence of the story. " * 20 + "</p>"
    html = f"<html><body><article>{paragraph}</article></body></html>"
    assert not extract_article(html, "https://town.example/long").brief


def test_a_nested_list_is_read_once() -> None:
    regions = "".join(
        f"<li><b>Region {n}</b>: the wines of this valley are made from old vines on steep "
        f"slopes and age for years in the cellars of the growers before release.</li>"
        for n in range(1, 4)
    )
    intro = "<p>Wine regions tell you what is in the bottle before you pull the cork.</p>" * 3
    html = (
        f"<html><body><article>{intro}<ul><li><b>France</b><ul>{regions}</ul></li></ul>"
        "</article></body></html>"
    )
    text = extract_article(html, "https://wine.example/regions").text
    assert text.count("Region 2") == 1
    assert "France" in text.splitlines()


def test_bare_text_after_a_sub_heading_is_kept_as_a_paragraph() -> None:
    intro = "".join(
        f"<p>Point {n}: coffee is far more than a morning routine for millions of people, and "
        f"nutrition experts say it brings real benefits to those who drink it in moderation.</p>"
        for n in range(1, 6)
    )
    section = (
        "<h2>Why coffee can be good for you</h2>Drinking coffee has several advantages, most of "
        "them owed to the antioxidants it holds, which nutritionists say protect the liver.<br>"
    )
    html = f"<html><body><article>{intro}{section}{intro}</article></body></html>"
    article = extract_article(html, "https://health.example/coffee")
    assert any(line.startswith("Drinking coffee has") for line in article.text.splitlines())
    assert "<p>Drinking coffee has several advantages" in article.body_html


def test_a_second_copy_of_the_article_in_the_page_is_read_once() -> None:
    paragraphs = "".join(
        f"<p>The {n} ferry crossing reopened on Monday after the storm, and the first boats "
        "left the harbour full, the port authority said.</p><h3>Timetable</h3>"
        for n in ("north", "south", "east")
    )
    html = f"<html><body><article>{paragraphs}{paragraphs}</article></body></html>"
    lines = extract_article(html, "https://town.example/ferry").text.split("\n")
    assert (
        lines.count(
            "The north ferry crossing reopened on Monday after the storm, and the first boats "
            "left the harbour full, the port authority said."
        )
        == 1
    )
    # Short lines such as a recurring sub-heading are not a copy of anything.
    assert lines.count("Timetable") > 1
