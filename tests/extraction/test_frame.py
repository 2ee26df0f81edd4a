"""A page whose class names say nothing still gives its whole article: headings, lists, tables."""

from __future__ import annotations

from lxml.html import fromstring

from newsdesk.extraction import extract_article
from newsdesk.extraction.frame import mark_article_frame

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the guide: the council met on Tuesday to discuss the harbour, the "
    f"ferry timetable and the cost of dredging the channel before the winter storms arrive.</p>"
    for n in range(1, 7)
)
# Utility-class CSS: nothing here is a class name trafilatura knows as a content container.
SECTIONS = (
    f'<div class="mx-auto max-w-xl prose">{PARAGRAPHS[:600]}'
    "<h2>What the ferry timetable changes</h2>"
    "<ul><li>Morning sailings move to seven o'clock</li><li>The late boat runs on Fridays</li>"
    "<li>Winter fares stay as they are</li></ul>"
    f"{PARAGRAPHS[600:]}</div>"
)
SIDEBAR = '<div class="w-64 text-sm"><p>Sign in to save this guide for later.</p></div>'


def test_the_article_keeps_sub_headings_and_lists_without_a_known_container_class() -> None:
    html = f"<html><body><div class='flex gap-4'>{SECTIONS}{SIDEBAR}</div></body></html>"
    text = extract_article(html, "https://guide.example/ferries").text
    assert "What the ferry timetable changes" in text
    assert "The late boat runs on Fridays" in text
    assert "Paragraph 6 of the guide" in text


def test_the_innermost_container_of_most_paragraphs_is_marked() -> None:
    tree = fromstring(f"<html><body><div id='page'>{SECTIONS}{SIDEBAR}</div></body></html>")
    mark_article_frame(tree)
    assert [element.get("class") for element in tree.iter() if element.get("itemprop")] == [
        "mx-auto max-w-xl prose"
    ]


def test_a_teaser_matched_before_the_article_loses_its_container_name() -> None:
    teaser = '<div class="entry-content"><p>Ferries: what changes this winter.</p></div>'
    html = f"<html><body>{teaser}<div class='flex'>{SECTIONS}{SIDEBAR}</div></body></html>"
    text = extract_article(html, "https://guide.example/ferries").text
    assert "What the ferry timetable changes" in text
    assert "Paragraph 6 of the guide" in text


def test_a_named_container_holding_a_bare_text_article_is_left_to_trafilatura() -> None:
    story = "<div class='entry-content'>" + "The council met on Tuesday.<br>" * 40 + "</div>"
    tree = fromstring(f"<html><body>{story}<div class='more'>{PARAGRAPHS}</div></body></html>")
    mark_article_frame(tree)
    assert not any(element.get("itemprop") for element in tree.iter())
    assert tree.find(".//div[@class='entry-content']") is not None


def test_a_lone_bio_paragraph_beside_a_bare_text_article_is_not_marked() -> None:
    story = "The council met on Tuesday.<br>" * 40
    bio = "<div class='bio'><p>The desk is a team of reporters covering the harbour.</p></div>"
    tree = fromstring(f"<html><body><div class='s1'>{story}</div>{bio}</body></html>")
    mark_article_frame(tree)
    assert not any(element.get("itemprop") for element in tree.iter())


def test_a_dozen_teaser_cards_matched_before_the_article_lose_their_container_names() -> None:
    cards = "".join(
        f'<article class="card"><p>Ferries, part {n}: what changes.</p></article>'
        for n in range(12)
    )
    html = f"<html><body>{cards}<div class='flex'>{SECTIONS}{SIDEBAR}</div></body></html>"
    text = extract_article(html, "https://guide.example/ferries").text
    assert "What the ferry timetable changes" in text
    assert "Paragraph 6 of the guide" in text
    assert "part 3" not in text


def test_a_list_whose_items_are_each_an_article_is_marked_whole() -> None:
    items = "".join(
        f"<article class='venue'><h3>Venue {n}</h3>{PARAGRAPHS[:400]}</article>" for n in range(8)
    )
    tree = fromstring(f"<html><body><div class='venues'>{items}</div>{SIDEBAR}</body></html>")
    mark_article_frame(tree)
    assert [element.get("class") for element in tree.iter() if element.get("itemprop")] == [
        "venues"
    ]
