"""A page is parsed as trafilatura's loader parses it, into lxml.html elements."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsdesk.extraction import ExtractionError
from newsdesk.extraction.extract import _parse

PAGE = (
    "<!DOCTYPE html><html><head><title>T</title></head><body><form><p>Ferry\x0b news"
    "</p><input name='q'></form><!-- note --><p>Second</p></body></html>"
)
DECLARED = '<?xml version="1.0" encoding="utf-8"?><html><body><p>Déclaré</p></body></html>'


@pytest.mark.parametrize("html", [PAGE, DECLARED], ids=["control characters", "xml declaration"])
def test_it_parses_what_trafilaturas_loader_parses(html: str) -> None:
    ours, theirs = _parse(html), load_html(html)
    assert theirs is not None
    assert [(e.tag, e.text, e.tail) for e in ours.iter()] == [
        (e.tag, e.text, e.tail) for e in theirs.iter()
    ]


def test_every_element_is_an_html_element() -> None:
    tree = _parse(PAGE)
    assert all(isinstance(element, HtmlElement) for element in tree.iter())
    assert tree.find(".//form").text_content() == "Ferry news"


def test_it_refuses_text_that_is_no_html_page() -> None:
    with pytest.raises(ExtractionError):
        _parse("just a line of text")
