"""One safe way to build an lxml tree from untrusted XML (sitemaps, OPML).

Entities are not expanded (no "billion laughs", no external entity reading local files) and
nothing is fetched from the network while parsing. A new parser per call, because lxml parser
objects must not be shared between threads.
"""

from __future__ import annotations

from lxml import etree


def parse_xml(data: bytes) -> etree._Element | None:
    """The root element, recovering from minor breakage; ``None`` when nothing is readable."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def is_well_formed(data: bytes) -> bool:
    """True if strict parsing succeeds: the feed parser may then take its fast path."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    return True
