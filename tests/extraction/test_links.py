"""Link density pruning deletes what trafilatura's deletes, pass after pass."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml.html import HtmlElement, fromstring
from trafilatura.htmlprocessing import delete_by_link_density as trafilatura_delete
from trafilatura.utils import trim

from newsdesk.extraction.links import TextLengths, delete_by_link_density

LINK = '<ref target="/x">{}</ref>'
TAGS = "".join(f"<item>{LINK.format(f'Tag {n}')}</item>" for n in range(5))
LISTING = "".join(f"<p>{LINK.format(f'Document {n} of the archive')}</p>" for n in range(5))
PROSE = "The council met on Tuesday to discuss the harbour, the ferry and the winter storms."
# In trafilatura's converted tags (ref, list, item): a rail of short links nested in divs, a
# farm of long links, a paragraph with one long link, prose with a few links, a listing.
BODY = (
    f"<div><div><p>{PROSE}</p><p>{PROSE} {LINK.format('a source')}</p></div>"
    f"<div><div>{''.join(LINK.format(f'Story {n}') for n in range(6))}</div>"
    f"<list>{TAGS}</list></div>"
    f"<div>{''.join(LINK.format(f'{PROSE} number {n}') for n in range(5))} and a word</div>"
    f"<p>{LINK.format(PROSE + ' ' + PROSE)}</p>"
    f"<div>{LISTING}</div><p>{LINK.format('')} {LINK.format('x')}</p>"
    f"<div><p>Short</p>{LINK.format('y')}</div>"
    "</div>"
)


def _tree() -> HtmlElement:
    return fromstring(f"<html><body>{BODY}</body></html>")


@pytest.mark.parametrize("precision", [False, True])
def test_it_deletes_what_trafilatura_deletes_over_all_passes(precision: bool) -> None:
    ours, theirs = _tree(), _tree()
    lengths = TextLengths()
    for _ in range(2):
        for tag, backtracking in (("div", True), ("list", False), ("p", False)):
            delete_by_link_density(
                ours, tag, lengths, backtracking=backtracking, precision=precision
            )
            trafilatura_delete(theirs, tag, backtracking, precision)
            assert etree.tostring(ours) == etree.tostring(theirs)
    assert etree.tostring(ours) != etree.tostring(_tree())


def test_a_length_is_measured_again_once_something_under_it_is_deleted() -> None:
    tree = _tree()
    lengths = TextLengths()
    outer = tree.find(".//div")
    before = lengths(outer)
    lengths.delete(outer.find(".//p"))
    assert lengths(outer) == len(trim(outer.text_content())) < before
