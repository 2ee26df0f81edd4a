"""Our main extractor gives the tree trafilatura's gives, element for element."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement, fromstring
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content as trafilatura_extract_content
from trafilatura.settings import Extractor

from newsdesk.extraction.content import extract_content

TESTDATA = Path(__file__).with_name("testdata")
PROSE = "<p>The council met on Tuesday to discuss the harbour and the ferry timetable.</p>" * 4
# Boilerplate of each kind trafilatura prunes from inside the container, and a short page
# that sends it to its fallback over loose paragraphs.
PAGES = {
    "boilerplate": (
        f'<div class="entry-content">{PROSE}<div class="share-bar"><p>Share this</p></div>'
        '<div class="teaser"><p>Another story</p></div><p style="display:none">Hidden</p>'
        '<div class="wp-caption">A caption</div><ul><li><a href="/a">Link one</a></li>'
        '<li><a href="/b">Link two</a></li></ul></div>'
    ),
    "all boilerplate": f'<div class="entry-content"><div class="sidebar">{PROSE}</div></div>',
    "short": '<div class="entry-content"><p>Too short.</p></div><p>A loose paragraph.</p>',
    "no container": PROSE,
}


def _both(tree: HtmlElement, options: Extractor) -> tuple[tuple[bytes, str], tuple[bytes, str]]:
    prepared = convert_tags(tree_cleaning(tree, options), options)
    theirs, their_text = trafilatura_extract_content(deepcopy(prepared), options)
    pristine = deepcopy(prepared)
    ours, our_text = extract_content(prepared, options, lambda: deepcopy(pristine))
    return (etree.tostring(ours), our_text), (etree.tostring(theirs), their_text)


@pytest.mark.parametrize("precision", [False, True])
@pytest.mark.parametrize("page", sorted(TESTDATA.glob("*.html")), ids=lambda path: path.name)
def test_it_extracts_what_trafilatura_extracts_from_pages(page: Path, precision: bool) -> None:
    options = Extractor(precision=precision, output_format="xml")
    ours, theirs = _both(fromstring(page.read_text(encoding="utf-8")), options)
    assert ours == theirs


@pytest.mark.parametrize("name", PAGES)
def test_it_prunes_and_falls_back_as_trafilatura_does(name: str) -> None:
    page = fromstring(f"<html><body><div>{PAGES[name]}</div></body></html>")
    ours, theirs = _both(page, Extractor(output_format="xml"))
    assert ours == theirs


def _extracted_text(container: str) -> str:
    page = fromstring(f"<html><body>{container}</body></html>")
    options = Extractor(output_format="xml")

    def prepared() -> HtmlElement:
        return convert_tags(tree_cleaning(deepcopy(page), options), options)

    _, text = extract_content(prepared(), options, prepared)
    return text


def test_it_keeps_a_section_of_the_article_named_for_its_layout() -> None:
    section = "<p>The ferry will run every hour from May, the harbour master said today.</p>" * 3
    text = _extracted_text(
        f'<div class="entry-content">{PROSE}<div class="elementor-widget">{section}</div>'
        f'<div class="w-embed">{section}</div></div>'
    )
    assert text.count("The ferry will run every hour") == 6


def test_it_still_drops_a_block_named_for_what_it_is() -> None:
    box = "<p>Jane Doe writes about ferries, harbours and the people who run them.</p>" * 3
    text = _extracted_text(
        f'<div class="entry-content">{PROSE}<div class="author-box widget">{box}</div></div>'
    )
    assert "Jane Doe" not in text


def test_it_still_drops_a_block_of_links_named_for_its_layout() -> None:
    links = '<p><a href="/a">Harbour news</a> and <a href="/b">ferry news</a></p>' * 3
    text = _extracted_text(
        f'<div class="entry-content">{PROSE}<div class="widget">{links}</div></div>'
    )
    assert "Harbour news" not in text


def test_it_keeps_questions_and_answers_in_expandable_panels() -> None:
    answer = "<li>It sails at nine from the north pier, and again at noon in summer.</li>" * 3
    question = "<summary>When does the ferry sail?</summary>"
    panel = f'<details class="expandable">{question}<ul>{answer}</ul></details>'
    text = _extracted_text(f'<div class="entry-content">{PROSE}<h2>Questions</h2>{panel}</div>')
    assert "It sails at nine" in text


def test_it_still_drops_a_layout_block_of_short_names() -> None:
    names = "".join(
        f"<li>Editor {name}</li>" for name in ("Ann Lee", "Bo Chan", "Cy Moss", "Di Roy")
    )
    text = _extracted_text(
        f'<div class="entry-content">{PROSE}<div class="cta-widget"><ul>{names}</ul></div></div>'
    )
    assert "Ann Lee" not in text


def _chunk(text: str) -> str:
    paragraphs = "".join(
        f"<p>{text} Sentence {n} goes on about the harbour works.</p>" for n in range(4)
    )
    return f'<div class="grid"><div class="article__body">{paragraphs}</div><aside>Ad</aside></div>'


def test_it_reads_an_article_split_into_blocks_named_alike() -> None:
    chunks = "".join(_chunk(f"Part {n} of the story.") for n in range(3))
    text = _extracted_text(f'<div class="article__chunks">{chunks}</div>')
    assert all(f"Part {n} of the story" in text for n in range(3))


def test_it_does_not_read_items_of_a_list_named_alike_as_one_article() -> None:
    review = "<p>It keeps notes in sync across every device you own, offline too.</p>" * 4
    items = "".join(
        f'<div class="grid"><div class="article__body"><h3>App {n}</h3>'
        f"<p>App {n} is our pick for teams.</p>{review}</div></div>"
        for n in range(3)
    )
    text = _extracted_text(f'<div class="article__chunks">{items}</div>')
    assert "App 0 is our pick" in text
    assert "App 2 is our pick" not in text


def test_it_builds_the_tree_again_only_for_the_fallback_over_loose_paragraphs() -> None:
    options = Extractor(output_format="xml")
    pages = {
        name: fromstring(f"<html><body><div>{PAGES[name]}</div></body></html>")
        for name in ("boilerplate", "short")
    }
    rebuilt: list[str] = []

    def extract(name: str) -> None:
        def rebuild() -> HtmlElement:
            rebuilt.append(name)
            return convert_tags(tree_cleaning(deepcopy(pages[name]), options), options)

        extract_content(rebuild(), options, rebuild)

    extract("boilerplate")
    extract("short")
    assert rebuilt == ["boilerplate", "short", "short"]
