"""``extract_article``: one HTML page in, one clean article out.

The page is parsed once; metadata is read from the full tree, then non-content elements and
link-only lists are cut away in C before trafilatura walks it (``prune``), and the article's
container is marked where trafilatura's list of container names would miss it (``frame``).
A page that shows no date in its metadata or markup is searched for one in its text last: on
the pruned page (no footer's copyright year, no rail's teaser dates), and only once it has
given an article (the search costs more than the rest of the metadata).

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

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from newsdesk.extraction.article import (
    DateEvidence,
    ExtractedArticle,
    ExtractionError,
    ExtractOptions,
)
from newsdesk.extraction.body import Body, build_body
from newsdesk.extraction.frame import mark_article_frame
from newsdesk.extraction.metadata import PageMetadata, read_metadata, text_date
from newsdesk.extraction.prune import strip_non_content

# How much longer (×) a fallback pass's text must be to replace the text we have.
FALLBACK_GAIN = 1.5
# A short body is a brief when it holds at least this share of the page's paragraph text (and
# the page has paragraphs: a page of bare links and buttons is no brief).
BRIEF_SHARE = 0.5


def extract_article(html: str, url: str, options: ExtractOptions | None = None) -> ExtractedArticle:
    """Extract the article in ``html`` fetched from ``url``; raise ExtractionError if none."""
    options = options or ExtractOptions()
    tree = _parse(html)
    meta = read_metadata(tree, url)
    prose_chars = strip_non_content(tree)
    mark_article_frame(tree)
    body = _extract_body(tree, meta, options, fast=True)
    enough = max(options.fallback_below_chars, options.fallback_below_share * prose_chars)
    if len(body.text) < enough:
        candidate = _extract_body(tree, meta, options, fast=False)
        if len(candidate.text) >= FALLBACK_GAIN * len(body.text):
            body = candidate
    brief = len(body.text) < options.min_text_chars
    if brief and not (body.text and prose_chars and len(body.text) >= BRIEF_SHARE * prose_chars):
        raise ExtractionError(f"body too short ({len(body.text)} characters) in {url}")
    if meta.published is None and (found := text_date(tree, url)):
        meta = replace(meta, published=found, published_evidence=DateEvidence.TEXT)
    return ExtractedArticle(
        **{meta_field.name: getattr(meta, meta_field.name) for meta_field in fields(meta)},
        url=url,
        body_html=body.html,
        text=body.text,
        attribution=body.attribution,
        brief=brief,
    )


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
    tree: HtmlElement, meta: PageMetadata, options: ExtractOptions, *, fast: bool
) -> Body:
    """One trafilatura pass over ``tree`` (which it copies, so the tree can be reused)."""
    # No url: trafilatura would absolutize every link through courlan (~1 ms a page);
    # the sanitizer does it for the few links that survive.
    document = bare_extraction(
        tree,
        fast=fast,
        favor_precision=options.favor_precision,
        include_comments=False,
        include_links=options.include_links,
        include_tables=options.include_tables,
        include_formatting=True,
        # Any format but "python" skips trafilatura's own text rendering; we render the tree.
        output_format="xml",
    )
    # With an output format other than "python", trafilatura returns its Document.
    if document is None or isinstance(document, dict) or document.body is None:
        return Body("", "", "")
    return build_body(document.body, meta.headline, meta.canonical_url, meta.standfirst)
