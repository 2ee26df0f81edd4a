"""Safe ways to build lxml trees from untrusted XML (sitemaps, OPML) and HTML pages.

For XML, entities are not expanded (no "billion laughs", no external entity reading local files) and
nothing is fetched from the network while parsing. A new parser per call, because lxml parser
objects must not be shared between threads.
"""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
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


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """The document root of an HTML page, or ``None`` for empty or unreadable input."""
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def base_url(root: lxml.html.HtmlElement, url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` if the page sets one."""
    base = root.find(".//base[@href]")
    return urljoin(url, base.get("href", "").strip()) if base is not None else url
