"""A page is parsed as trafilatura's loader parses it, into lxml.html elements."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement
from trafilatura.utils import INVALID_XML_CHARS, load_html, repair_faulty_html

from newsdesk.extraction import ExtractionError
from newsdesk.extraction.extract import _XML_INVALID_CHARS, _parse, _repair

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


@pytest.mark.parametrize(
    "html",
    [
        PAGE,
        "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN' 'x/y.dtd'>\n<html><p>A\x00b\ufffe</p>",
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>\n<p>Late</p>',
        "<html><body><p>Nothing to repair</p></body></html>",
        "<!DOCTYPE html><html><body><p>Minified on one line</p></body></html>",
        "<!doctype html public '-//W3C//DTD HTML 4.01//EN' 'x/y.dtd'><html><p>One line</p>",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"\n "x/y.dtd">\n<html><p>Two</p>',
    ],
    ids=[
        "control characters",
        "doctype with a slash",
        "self-closing html",
        "clean page",
        "one line",
        "one line with a slashed doctype",
        "doctype over two lines",
    ],
)
def test_it_repairs_a_page_as_trafilatura_does(html: str) -> None:
    assert _repair(html, html[:50].lower()) == repair_faulty_html(html, html[:50].lower())


def test_it_looks_for_every_character_trafilatura_removes() -> None:
    removed = {chr(code) for code in range(0x10000) if INVALID_XML_CHARS.match(chr(code))}
    assert set(_XML_INVALID_CHARS) == removed
