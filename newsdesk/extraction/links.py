"""trafilatura's link density pruning, reading each text's length once.

trafilatura removes blocks that are mostly links (``delete_by_link_density``), in six passes
over the container (divs, lists, paragraphs, twice). Each test measures the block's text and
the text of every link in it, so a link inside five nested divs is measured five times a pass,
and every block again in the second round: a tenth of newsdesk's CPU time went there. Here the
same tests, in the same order, read lengths remembered for as long as nothing under the element
is deleted. The thresholds are trafilatura's.
"""

from __future__ import annotations

from lxml.etree import _Element
from trafilatura.htmlprocessing import is_paragraph_listing
from trafilatura.utils import LINK_FARM_RATIO, trim
from trafilatura.xml import delete_element


class TextLengths:
    """The length of each element's trimmed text, remembered until a deletion under it."""

    def __init__(self) -> None:
        self._lengths: dict[_Element, int] = {}

    def __call__(self, element: _Element) -> int:
        length = self._lengths.get(element)
        if length is None:
            length = self._lengths[element] = len(trim(element.text_content()))
        return length

    def delete(self, element: _Element) -> None:
        """Delete ``element`` (its tail kept), forgetting the lengths of the elements it was in."""
        for ancestor in element.iterancestors():
            self._lengths.pop(ancestor, None)
        delete_element(element)


def delete_by_link_density(
    root: _Element, tag: str, lengths: TextLengths, *, backtracking: bool, precision: bool
) -> None:
    """trafilatura's pass of ``tag`` blocks under ``root``: delete those rich in links."""
    len_threshold = 200 if precision else 100
    depth_threshold = 1 if precision else 3
    deletions = []
    for element in root.iter(tag):
        rich, short_with_links = _link_density_test(element, lengths, precision)
        if rich or (
            backtracking
            and short_with_links
            and len(element) >= depth_threshold
            and lengths(element) < len_threshold
        ):
            # A paragraph holding a list item's content stays: the list is tested on its own.
            parent = element.getparent()
            if tag == "p" and parent is not None and parent.tag in ("item", "td", "th"):
                continue
            deletions.append(element)
    for element in dict.fromkeys(deletions):
        lengths.delete(element)


def _link_density_test(
    element: _Element, lengths: TextLengths, precision: bool
) -> tuple[bool, bool]:
    """trafilatura's ``link_density_test``: whether to delete, and whether short with links."""
    # Walks in C; ElementPath's ``.//ref`` parses its path in Python on each call.
    links = list(element.iterdescendants("ref"))
    if not links or next(element.iterdescendants("graphic"), None) is not None:
        return False, False
    text_length = lengths(element)
    if len(links) == 1:
        link_length = lengths(links[0])
        if link_length > (10 if precision else 100) and link_length > text_length * 0.9:
            return True, False
    if element.tag == "p":
        limit = 60 if element.getnext() is None else 30
    else:
        limit = 300 if element.getnext() is None else 100
    if text_length < limit:
        link_lengths = [length for link in links if (length := lengths(link))]
        if not link_lengths:
            return True, False
        linked, count = sum(link_lengths), len(link_lengths)
        short = sum(1 for length in link_lengths if length < 10)
        return linked > text_length * 0.8 or (count > 1 and short / count > 0.8), True
    if len(links) > 4:
        link_lengths = [length for link in links if (length := lengths(link))]
        linked, count = sum(link_lengths), len(link_lengths)
        if (
            linked > text_length * LINK_FARM_RATIO
            and linked < 100 * count
            and not is_paragraph_listing(links)
        ):
            return True, False
    return False, False
