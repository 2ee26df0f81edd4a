"""``extract_article``: one HTML page in, one clean article out.

The page is parsed once; metadata is read from the full tree, then non-content elements are cut
away in C (``strip_elements``) before trafilatura walks it. trafilatura would discard them
itself, but its XPath passes cost time proportional to the tree, so a smaller tree is a faster
extraction with the same result.
"""

from __future__ import annotations

from lxml.etree import strip_elements
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from newsdesk.extraction.article import ExtractedArticle, ExtractionError, ExtractOptions
from newsdesk.extraction.body import build_body
from newsdesk.extraction.metadata import read_metadata

# Never article prose. <form> stays: some sites wrap the whole page in one.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "embed", "video", "audio", "nav", "footer", "aside", "button", "select", "input",
    "textarea", "link", "meta",
)  # fmt: skip


def extract_article(html: str, url: str, options: ExtractOptions | None = None) -> ExtractedArticle:
    """Extract the article in ``html`` fetched from ``url``; raise ExtractionError if none."""
    options = options or ExtractOptions()
    tree = _parse(html)
    meta = read_metadata(tree, url)
    strip_elements(tree, *NON_CONTENT_TAGS, with_tail=False)
    document = bare_extraction(
        tree,
        url=url,
        fast=options.fast,
        favor_precision=options.favor_precision,
        include_comments=False,
        include_links=options.include_links,
        include_tables=options.include_tables,
        include_formatting=True,
    )
    if document is None or document.body is None:
        raise ExtractionError(f"no article body found in {url}")
    body = build_body(document.body, meta.headline, meta.canonical_url or url)
    if len(body.text) < options.min_text_chars:
        raise ExtractionError(f"body too short ({len(body.text)} characters) in {url}")
    return ExtractedArticle(
        url=url,
        canonical_url=meta.canonical_url,
        headline=meta.headline,
        standfirst=meta.standfirst,
        author=meta.author,
        published=meta.published,
        updated=meta.updated,
        site_name=meta.site_name,
        lead_image=meta.lead_image,
        language=meta.language,
        body_html=body.html,
        text=body.text,
        attribution=body.attribution,
    )


def _parse(html: str) -> HtmlElement:
    """Parse with trafilatura's loader, which repairs the HTML libxml2 chokes on."""
    if not html or not html.strip():
        raise ExtractionError("empty page")
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("page is not parseable HTML")
    return tree
