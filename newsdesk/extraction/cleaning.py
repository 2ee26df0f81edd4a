"""trafilatura's ``tree_cleaning``, with its unwanted elements deleted in one walk.

trafilatura deletes the elements it never extracts (scripts, forms, navigation, media...) one
tag at a time: a walk of the whole tree for each of some fifty tags, a twentieth of newsdesk's
extraction time. lxml's ``strip_elements`` deletes them all in one walk in C, keeping each one's
tail text where trafilatura's ``delete_element`` puts it (after the previous sibling's tail, or
in the parent's text). Everything else is trafilatura's own code, in its order.
"""

from __future__ import annotations

from copy import deepcopy

from lxml.etree import strip_elements, strip_tags
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import (
    PRESERVE_IMG_CLEANING,
    _handle_forms,
    prune_html,
    recover_math,
)
from trafilatura.settings import MANUALLY_CLEANED, MANUALLY_STRIPPED, Extractor

_TABLE_TAGS = ("table", "td", "th", "tr")


def clean_tree(tree: HtmlElement, options: Extractor) -> HtmlElement:
    """``tree`` without the elements trafilatura never extracts, as its ``tree_cleaning``
    leaves it (in place, but the tree to go on with is the one returned)."""
    # Formulas are read before <math> goes with its subtree.
    recover_math(tree)
    cleaning, stripping = _cleaning_lists(tree, options)
    strip_tags(tree, stripping)
    # In recall mode the deletions are undone when they would remove every paragraph.
    kept = deepcopy(tree) if _may_lose_every_paragraph(tree, cleaning, options) else None
    strip_elements(tree, *cleaning, with_tail=False)
    if kept is not None and tree.find(".//p") is None:
        tree = kept
    if "form" in MANUALLY_CLEANED:
        # Forms go last, once the rest of the noise is gone: one that holds most of the text
        # wraps the page (ASP.NET) and is kept as a container.
        _handle_forms(tree)
    return prune_html(tree, options.focus)


def _cleaning_lists(tree: HtmlElement, options: Extractor) -> tuple[list[str], list[str]]:
    """The tags deleted with their content and the tags stripped (content kept); with tables
    kept, a figure holding a table and a layout table are renamed ``div`` on the way."""
    cleaning = [tag for tag in MANUALLY_CLEANED if tag != "form"]
    stripping = MANUALLY_STRIPPED.copy()
    if not options.tables:
        cleaning.extend(_TABLE_TAGS)
    else:
        for element in tree.iter("figure", "table"):
            if (
                element.find(".//table") is not None
                if element.tag == "figure"
                else element.get("role") in ("presentation", "none")
            ):
                element.tag = "div"
    if options.images:
        cleaning = [tag for tag in cleaning if tag not in PRESERVE_IMG_CLEANING]
        stripping.remove("img")
    return cleaning, stripping


def _may_lose_every_paragraph(tree: HtmlElement, cleaning: list[str], options: Extractor) -> bool:
    """In recall mode, whether the deletions could leave no paragraph (trafilatura's test)."""
    return (
        options.focus == "recall"
        and tree.find(".//p") is not None
        and (
            "p" in cleaning
            or not any(next(p.iterancestors(cleaning), tree) is tree for p in tree.iter("p"))
        )
    )
