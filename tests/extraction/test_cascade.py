"""Our run of trafilatura's cascade gives the body trafilatura's gives, element for element."""

from __future__ import annotations

from pathlib import Path

import pytest
from justext.core import define_stoplist
from lxml import etree
from lxml.html import HtmlElement, fromstring
from trafilatura import bare_extraction, external
from trafilatura.settings import Extractor

from newsdesk.extraction import warm_up
from newsdesk.extraction.cascade import extract_with_fallbacks

TESTDATA = Path(__file__).with_name("testdata")
TEASER = "<p>The council met on Tuesday to discuss the harbour and the ferry timetable.</p>"
LOOSE = "".join(
    f"<div><span>Paragraph {n}: the ferry timetable changes in the winter, and the late boat "
    f"runs on Fridays only until the storms pass and the harbour is dredged again.</span></div>"
    for n in range(12)
)
# A short container beside much more loose text sends the cascade to its rescues; a page with
# almost nothing sends it under trafilatura's minimum.
PAGES = {
    "teaser beside loose text": f'<div class="entry-content">{TEASER}</div>{LOOSE}',
    "almost nothing": "<p>Hi.</p>",
    "comments": f'<article>{TEASER * 5}</article><div class="comments">{TEASER}</div>',
}
OPTIONS = Extractor(fast=False, comments=False, links=True, output_format="xml")


def _both(tree: HtmlElement) -> tuple[bytes | None, bytes | None]:
    theirs = bare_extraction(tree, options=OPTIONS)
    ours = extract_with_fallbacks(tree, OPTIONS)
    return (
        None if ours is None else etree.tostring(ours),
        None if theirs is None else etree.tostring(theirs.body),  # type: ignore[union-attr]
    )


@pytest.mark.parametrize("page", sorted(TESTDATA.glob("*.html")), ids=lambda path: path.name)
def test_it_extracts_what_trafilatura_extracts_from_pages(page: Path) -> None:
    ours, theirs = _both(fromstring(page.read_text(encoding="utf-8")))
    assert ours == theirs


@pytest.mark.parametrize("name", PAGES)
def test_it_rescues_and_refuses_as_trafilatura_does(name: str) -> None:
    ours, theirs = _both(fromstring(f"<html><body>{PAGES[name]}</body></html>"))
    assert ours == theirs


def test_warming_up_builds_the_word_lists_justext_reads_once_for_every_later_page() -> None:
    warm_up()
    built = external.JT_STOPLIST
    assert built and "the" in define_stoplist(built)
    hits = define_stoplist.cache_info().hits
    warm_up()
    assert external.JT_STOPLIST is built
    assert define_stoplist.cache_info().hits == hits + 1
