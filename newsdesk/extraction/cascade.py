"""trafilatura's whole cascade, run with our main extractor (``content``).

When trafilatura's own extractor finds too little of a page, newsdesk falls back to what
``bare_extraction`` does without fast mode: the main extractor compared with readability and
justext, a baseline rescue, and a retry in recall mode. That cascade calls the main extractor
twice, each time through the XPath rules that cost most of trafilatura's time; here the same
stages call ours, which selects the same elements (``rules``). Everything else is trafilatura's
own code, called in trafilatura's order, with newsdesk's settings (no comments, no language
filter, no deduplication).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from functools import partial

from justext.core import define_stoplist
from lxml.etree import _Element, strip_tags
from lxml.html import HtmlElement
from trafilatura import external
from trafilatura.baseline import baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
)
from trafilatura.external import compare_extraction, justext_rescue
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes
from trafilatura.settings import Extractor
from trafilatura.xpaths import REMOVE_COMMENTS_XPATH

from newsdesk.extraction.cleaning import clean_tree
from newsdesk.extraction.content import extract_content, prune_raw_tree


def warm_up() -> None:
    """Build the stop-word list of every language that justext reads in trafilatura's rescue, and
    its lower-cased copy: a quarter of a second of CPU that each page process would pay on its
    first page to need it, unless the process that forks them has paid it already."""
    define_stoplist(external.JT_STOPLIST or external.jt_stoplist_init())


def extract_with_fallbacks(tree: HtmlElement, options: Extractor) -> _Element | None:
    """The body trafilatura's cascade extracts from ``tree``, which it consumes, or None when it
    finds less than its minimum. trafilatura copies the tree first; our one caller parses the
    page afresh for this pass and never reads that tree again, so the copy would be wasted."""
    try:
        body, text = _cascade(tree, options)
    except (TypeError, ValueError):
        return None
    if len(text) < options.min_output_size and options.min_output_comm_size > 0:
        return None
    if options.max_tree_size and len(body) > options.max_tree_size:
        strip_tags(body, "hi")
        if len(body) > options.max_tree_size:
            return None
    return body


def _cascade(tree: HtmlElement, options: Extractor) -> tuple[_Element, str]:
    """Main extractor and comparison, then the baseline when that is short, then the recall
    retry and justext when the result is still a small part of the page."""
    forum = _forum_thread_page(tree)
    # Comment sections are content on a forum thread.
    prune_raw_tree(tree, comments=options.focus == "precision" or not forum)
    prune_comments = options.focus == "precision" and not forum

    def prepared() -> tuple[HtmlElement, HtmlElement]:
        cleaned, backup = _prepare(tree, options)
        if prune_comments:
            # Precision mode is not newsdesk's default: its rules are left to trafilatura.
            cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
        return cleaned, backup

    body, text = _extract_and_compare(prepared, tree, options)
    if len(text) < options.min_extracted_size and options.focus != "precision":
        baseline_body, baseline_text, baseline_length = baseline(tree)
        if baseline_length > len(text):
            body, text = baseline_body, baseline_text
    if (
        options.focus == "balanced"
        and 0 < len(text) < ESCALATION_MAX_LENGTH
        and len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))
    ):
        body, text = _escalate(tree, options, body, text)
    return body, text


def _prepare(tree: HtmlElement, options: Extractor) -> tuple[HtmlElement, HtmlElement]:
    """The cleaned, converted tree, and a copy of it cleaned but not converted."""
    cleaned = clean_tree(copy(tree), options)
    backup = copy(cleaned)
    return convert_tags(cleaned, options), backup


def _extract_and_compare(
    prepared: Callable[[], tuple[HtmlElement, HtmlElement]], tree: HtmlElement, options: Extractor
) -> tuple[_Element, str]:
    """The main extractor on the tree ``prepared`` gives (called again should the extractor
    need the tree afresh), compared, outside fast mode, with readability and justext."""
    cleaned, backup = prepared()
    body, text = extract_content(cleaned, options, lambda: prepared()[0])
    if not options.fast:
        body, text = compare_extraction(backup, copy(tree), body, text, options)
    return body, text


def _escalate(
    tree: HtmlElement, options: Extractor, body: _Element, text: str
) -> tuple[_Element, str]:
    """trafilatura's recall escalation: the stages again in recall mode, and justext; the
    longer of them replaces ``body`` when it is clearly longer."""
    recall = copy(options)
    recall.focus = "recall"
    recall_body, recall_text = body, ""
    try:
        recall_body, recall_text = _extract_and_compare(
            partial(_prepare, tree, recall), tree, recall
        )
    except Exception:
        # trafilatura gives up on the retry alone when it fails, and so do we.
        recall_text = ""
    justext_body, justext_text = body, ""
    if not options.fast:
        try:
            justext_body, justext_text = justext_rescue(copy(tree), options)
        except Exception:
            justext_text = ""
    if len(justext_text) > len(recall_text) and len(justext_text) > ESCALATION_JUSTEXT_RATIO * len(
        text
    ):
        return justext_body, justext_text
    if len(recall_text) >= options.min_extracted_size and len(
        recall_text
    ) > ESCALATION_ACCEPT_RATIO * len(text):
        return recall_body, recall_text
    return body, text
