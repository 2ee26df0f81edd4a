"""``extract_article``: one HTML page in, one clean article out.

The page is parsed once (again only for the fallback below); metadata is read from the full
tree, then non-content elements and link-only lists are cut away in C before trafilatura walks it
(``prune``), and the article's container is marked where trafilatura's list of container names
would miss it (``frame``). A page that shows no date in its metadata or markup is searched for
one in its text: on the pruned page (no footer's copyright year, no rail's teaser dates), before
the fast pass consumes that tree; the date is only used once the page has given an article.

trafilatura runs first in ``fast`` mode (its own extractor only). Only when that finds little
text do we pay for its readability/justext comparison. "Little" is measured against the page
itself: under half of the prose its paragraphs hold means a teaser or an intro was taken for
the article. A later pass must bring much more text to be believed: when it adds only a little,
the little is usually boilerplate around a genuinely short article.

A page whose whole prose is one or two sentences is a brief: it is returned, marked ``brief``,
rather than refused; a page with plenty of prose that still yields almost nothing is refused.
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import cache

import lxml.html
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.htmlprocessing import convert_tags
from trafilatura.settings import Extractor
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS

from newsdesk.extraction.article import (
    DateEvidence,
    ExtractedArticle,
    ExtractionError,
    ExtractOptions,
)
from newsdesk.extraction.body import Body, build_body
from newsdesk.extraction.cascade import extract_with_fallbacks
from newsdesk.extraction.cleaning import clean_tree
from newsdesk.extraction.content import extract_content, prune_raw_tree
from newsdesk.extraction.frame import mark_article_frame
from newsdesk.extraction.metadata import PageMetadata, read_metadata, text_date
from newsdesk.extraction.prune import strip_non_content

# How much longer (×) a fallback pass's text must be to replace the text we have.
FALLBACK_GAIN = 1.5
# A short body is a brief when it holds at least this share of the page's paragraph text (and
# the page has paragraphs: a page of bare links and buttons is no brief).
BRIEF_SHARE = 0.5
# trafilatura's parser settings, with the class of each element looked up in C: lxml.html's own
# lookup is a Python call for every element object Python sees (about 2,400 a page), which cost
# a tenth of the extraction. Every element is still an HtmlElement.
_PARSER = etree.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
# The characters trafilatura's INVALID_XML_CHARS removes (control characters, U+FFFE, U+FFFF).
# Its substitution scans the page one character at a time, a millisecond on a typical page;
# looking for each character with ``in`` runs at memchr speed, and almost no page has any.
_XML_INVALID_CHARS = (
    *map(chr, range(0x00, 0x09)),
    "\x0b",
    "\x0c",
    *map(chr, range(0x0E, 0x20)),
    "\ufffe",
    "\uffff",
)


def extract_article(html: str, url: str, options: ExtractOptions | None = None) -> ExtractedArticle:
    """Extract the article in ``html`` fetched from ``url``; raise ExtractionError if none."""
    options = options or ExtractOptions()
    tree = _parse(html)
    meta = read_metadata(tree, url)
    prose_chars = _prune(tree)
    dated_in_text = text_date(tree) if meta.published is None else None
    body = _render(_fast_pass(tree, html, options), meta)
    enough = max(options.fallback_below_chars, options.fallback_below_share * prose_chars)
    if len(body.text) < enough:
        candidate = _render(_full_pass(_pruned(html), options), meta)
        if len(candidate.text) >= FALLBACK_GAIN * len(body.text):
            body = candidate
    brief = len(body.text) < options.min_text_chars
    if brief and not (body.text and prose_chars and len(body.text) >= BRIEF_SHARE * prose_chars):
        raise ExtractionError(f"body too short ({len(body.text)} characters) in {url}")
    if dated_in_text:
        meta = replace(meta, published=dated_in_text, published_evidence=DateEvidence.TEXT)
    return ExtractedArticle(
        **{meta_field.name: getattr(meta, meta_field.name) for meta_field in fields(meta)},
        url=url,
        body_html=body.html,
        text=body.text,
        attribution=body.attribution,
        brief=brief,
    )


def _parse(html: str) -> HtmlElement:
    """Parse as trafilatura's loader does: without the control characters lxml keeps in the tree
    but refuses when anyone later sets a text, with the doctypes libxml2 chokes on repaired, as
    bytes when the text declares an encoding, and refusing a page too small to be HTML."""
    if not html or html.isspace():
        raise ExtractionError("empty page")
    beginning = html[:50].lower()
    html = _repair(html, beginning)
    tree = _fromstring(html)
    if tree is None or len(tree) < 1:
        tree = _fromstring(html.encode("utf8", "surrogatepass"))
    if tree is None or ("html" not in beginning and len(tree) < 2):
        raise ExtractionError("page is not parseable HTML")
    return tree


def _repair(html: str, beginning: str) -> str:
    """trafilatura's ``repair_faulty_html``: control characters removed (only searched for
    character by character when the page has one), a doctype with a slash dropped, and a
    self-closing ``<html/>`` in the first lines opened."""
    if any(char in html for char in _XML_INVALID_CHARS):
        html = INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:
        html = _without_faulty_doctype(html)
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html


def _without_faulty_doctype(html: str) -> str:
    """``html`` with a doctype holding a slash dropped from its first line, which gains a line
    break after it if it is the only line, as trafilatura's repair leaves it. The pattern is
    tried at the start of the page only: substituted over a minified page's one long line, it
    was tried at every character (a quarter of a millisecond a page)."""
    line_end = html.find("\n")
    doctype = DOCTYPE_TAG.match(html, 0, line_end if line_end >= 0 else len(html))
    if doctype:
        html = html[doctype.end() :]
    return html if line_end >= 0 else html + "\n"


def _prune(tree: HtmlElement) -> int:
    """Cut non-content from ``tree`` and mark its article's frame; the prose characters left."""
    prose_chars = strip_non_content(tree)
    mark_article_frame(tree)
    return prose_chars


def _pruned(html: str) -> HtmlElement:
    """The page parsed and pruned again, for the fallback: the fast pass consumed the first tree,
    and parsing again on the few pages that fall back costs less than copying every page's."""
    tree = _parse(html)
    _prune(tree)
    return tree


def _fromstring(html: str | bytes) -> HtmlElement | None:
    try:
        return lxml.html.fromstring(html, parser=_PARSER)
    except (ValueError, etree.LxmlError):
        return None


def _fast_pass(tree: HtmlElement, html: str, options: ExtractOptions) -> _Element:
    """trafilatura's own extractor on ``tree``, parsed and pruned from ``html``, which it
    consumes (prunes and rewrites).

    These are the stages of ``bare_extraction``'s fast mode, called directly: that function
    copies the tree three times where none is needed, and rescues a short result (a dump of the
    page's text, a retry in recall mode) that always gets our own fallback anyway, which runs
    trafilatura's whole cascade. (Keeping the dump where that cascade too falls short of the
    page's prose lost more articles on the dev sets than it saved.) The stages that test class
    and id names are our own (``content``): the same rules, a fraction of the CPU.
    """
    settings = _trafilatura_settings(options)
    body, _ = extract_content(
        _cleaned(tree, settings), settings, lambda: _cleaned(_pruned(html), settings)
    )
    return body


def _cleaned(tree: HtmlElement, settings: Extractor) -> HtmlElement:
    """``tree`` as trafilatura's main extractor takes it: raw boilerplate pruned, unwanted
    elements cleaned and tags converted to its output's names."""
    prune_raw_tree(tree)
    return convert_tags(clean_tree(tree, settings), settings)


def _full_pass(tree: HtmlElement, options: ExtractOptions) -> _Element | None:
    """trafilatura's whole cascade (its extractor compared with readability and justext, and
    its rescues) on a copy of ``tree``, with our main extractor (``cascade``)."""
    return extract_with_fallbacks(tree, _trafilatura_settings(options, fast=False))


@cache
def _trafilatura_settings(options: ExtractOptions, *, fast: bool = True) -> Extractor:
    """trafilatura's options for ours, built once: each new Extractor re-reads its config."""
    return Extractor(
        fast=fast,
        precision=options.favor_precision,
        comments=False,
        links=options.include_links,
        tables=options.include_tables,
        formatting=True,
        # Any format but "python" skips trafilatura's own text rendering; we render the tree.
        output_format="xml",
    )


def _render(trafilatura_body: _Element | None, meta: PageMetadata) -> Body:
    """Our body from trafilatura's tree; no tree (trafilatura refused the page) is no body."""
    if trafilatura_body is None:
        return Body("", "", "")
    return build_body(trafilatura_body, meta.headline, meta.canonical_url, meta.standfirst)
