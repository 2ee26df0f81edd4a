"""``extract_article``: one HTML page in, one clean article out.

The page is parsed once; metadata is read from the full tree, then non-content elements and
link-only lists are cut away in C before trafilatura walks it. trafilatura would discard them
itself, but its XPath passes cost time in proportion to the tree, so a smaller tree is a faster
extraction with the same result.

trafilatura runs first in ``fast`` precision mode (its own extractor only). Only when that
finds little text do we pay for its readability/justext comparison, and if that still finds
little, for a pass in balanced mode (precision mode drops some bodies whole). On our dev set the
comparison changes 8 pages of 181, and on each of those but one the fast pass had found under
500 characters. A later pass must bring much more text to be believed: when it adds only a little,
the little is usually boilerplate around a genuinely short article.
"""

from __future__ import annotations

from dataclasses import fields

from lxml import etree
from lxml.etree import strip_elements
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from newsdesk.extraction.article import ExtractedArticle, ExtractionError, ExtractOptions
from newsdesk.extraction.body import Body, build_body
from newsdesk.extraction.metadata import PageMetadata, read_metadata

# Never article prose. <form> stays: some sites wrap the whole page in one. <head> stays too:
# trafilatura is markedly slower on a page without one.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "embed", "video", "audio", "nav", "footer", "aside", "button", "select", "input",
    "textarea", "link", "meta", "picture", "figure", "map", "menu", "dialog", "fieldset",
    "label", "noindex", "datalist", "applet", "frame", "frameset",
)  # fmt: skip
# Lists of three or more items that are nothing but one link each: menus, tag clouds, "related"
# lists. trafilatura drops them by link density anyway; dropping them first (one XPath in C) takes
# a fifth of the elements off a typical page, and changes no body on our dev set.
_LINK_LISTS = etree.XPath(
    "//*[self::ul or self::ol][count(li) >= 3][not(li[normalize-space() != normalize-space(a[1])])]"
)
# How much longer (×) a fallback pass's text must be to replace the text we have.
FALLBACK_GAIN = 1.5


def extract_article(html: str, url: str, options: ExtractOptions | None = None) -> ExtractedArticle:
    """Extract the article in ``html`` fetched from ``url``; raise ExtractionError if none."""
    options = options or ExtractOptions()
    tree = _parse(html)
    meta = read_metadata(tree, url)
    _strip_non_content(tree)
    body = _extract_body(tree, meta, options, fast=True, precision=options.favor_precision)
    for fast, precision in ((False, options.favor_precision), (True, False)):
        if len(body.text) >= options.fallback_below_chars:
            break
        candidate = _extract_body(tree, meta, options, fast=fast, precision=precision)
        if len(candidate.text) >= FALLBACK_GAIN * len(body.text):
            body = candidate
    if len(body.text) < options.min_text_chars:
        raise ExtractionError(f"body too short ({len(body.text)} characters) in {url}")
    return ExtractedArticle(
        **{meta_field.name: getattr(meta, meta_field.name) for meta_field in fields(meta)},
        url=url,
        body_html=body.html,
        text=body.text,
        attribution=body.attribution,
    )


def _strip_non_content(tree: HtmlElement) -> None:
    strip_elements(tree, *NON_CONTENT_TAGS, with_tail=False)
    for link_list in _LINK_LISTS(tree):
        link_list.drop_tree()


def _parse(html: str) -> HtmlElement:
    """Parse with trafilatura's loader: it strips the control characters lxml keeps in the tree
    but refuses when anyone later sets a text, and repairs doctypes libxml2 chokes on."""
    if not html or not html.strip():
        raise ExtractionError("empty page")
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("page is not parseable HTML")
    return tree


def _extract_body(
    tree: HtmlElement, meta: PageMetadata, options: ExtractOptions, *, fast: bool, precision: bool
) -> Body:
    """One trafilatura pass over ``tree`` (which it copies, so the tree can be reused)."""
    # No url: trafilatura would absolutize every link through courlan (~1 ms a page);
    # the sanitizer does it for the few links that survive.
    document = bare_extraction(
        tree,
        fast=fast,
        favor_precision=precision,
        include_comments=False,
        include_links=options.include_links,
        include_tables=options.include_tables,
        include_formatting=True,
        # Any format but "python" skips trafilatura's own text rendering; we render the tree.
        output_format="xml",
    )
    if document is None or document.body is None:
        return Body("", "", "")
    return build_body(document.body, meta.headline, meta.canonical_url, meta.standfirst)
