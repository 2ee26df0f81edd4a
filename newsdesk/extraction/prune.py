"""Cut non-content elements out of a parsed page before trafilatura walks it.

trafilatura would discard them itself, but its XPath passes cost time in proportion to the tree,
so a smaller tree is a faster extraction. Two kinds of element must survive the cut, though:

- a chrome element that holds the page's prose. On malformed HTML libxml2 nests everything after
  an unclosed ``<button>``, ``<nav>`` or ``<fieldset>`` inside it, so dropping the element drops
  the article. Such an element becomes a plain ``<div>``, which neither we nor trafilatura
  remove.
- a ``<figure>`` around a table (WordPress wraps every table block in one).

And one kind of hidden element is shown: the collapsed panel of an accordion or of tabs.
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import strip_elements
from lxml.html import HtmlElement

# Never article prose. <form> stays: some sites wrap the whole page in one. <head> stays too:
# trafilatura is markedly slower on a page without one.
NON_CONTENT_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "embed", "video", "audio", "nav", "footer", "aside", "button", "select", "input",
    "textarea", "link", "meta", "picture", "figure", "map", "menu", "dialog", "fieldset",
    "label", "noindex", "datalist", "applet", "frame", "frameset",
)  # fmt: skip
# The chrome elements that can contain other markup, and so swallow the page when left unclosed.
CONTAINER_TAGS = (
    "nav", "footer", "aside", "button", "figure", "menu", "dialog", "fieldset", "label",
    "noindex", "object",
)  # fmt: skip
# A container holding at least this share of the page's paragraph text is the page, not chrome.
SWALLOWED_SHARE = 0.5
# A list item this long or longer is prose (a menu entry, a name or a teaser title is shorter).
PROSE_ITEM_CHARS = 80
# Lists of three or more items that are nothing but one link each: menus, tag clouds, "related"
# lists. trafilatura drops them by link density anyway; dropping them first (one XPath in C) takes
# a fifth of the elements off a typical page. A list with anything but items in it is left
# alone: malformed markup can nest the rest of the page in a menu's <ul>.
_LINK_LISTS = etree.XPath(
    "//*[self::ul or self::ol][count(li) >= 3][not(*[not(self::li)])]"
    "[not(li[normalize-space() != normalize-space(a[1])])]"
)
_TEXT_CHARS = etree.XPath("string-length(normalize-space(string(.)))")
_ARIA_CONTROLS = etree.XPath("//@aria-controls")
_WITH_ID = etree.XPath("//*[@id]")
# What hides a collapsed panel until its control opens it (``style`` is read for nothing else).
_HIDING_ATTRIBUTES = ("style", "aria-hidden", "hidden")


def strip_non_content(tree: HtmlElement) -> int:
    """Remove non-content elements and link-only lists from ``tree``, in place.

    Returns how much prose there was to find, which tells the extractor when its result is
    suspiciously small: the characters of paragraph text the page had before the cut, and of
    the list items of a few sentences that survive it (an article written as lists).
    """
    # Each paragraph measured once: the containers below are measured by their paragraphs.
    chars = {paragraph: text_chars(paragraph) for paragraph in tree.iter("p")}
    prose_chars = sum(chars.values())
    controlled = {name for value in _ARIA_CONTROLS(tree) for name in value.split()}
    _keep_swallowing_containers(tree, chars, prose_chars)
    for figure in tree.iter("figure"):
        if _holds(figure, "table"):
            figure.tag = "div"
    strip_elements(tree, *NON_CONTENT_TAGS, with_tail=False)
    for link_list in _LINK_LISTS(tree):
        link_list.drop_tree()
    _unhide_disclosure_panels(tree, controlled)
    return prose_chars + _list_prose_chars(tree)


def _unhide_disclosure_panels(tree: HtmlElement, controlled: set[str]) -> None:
    """Show the collapsed panels of accordions and tabs: an element that a control on the page
    (read before the cut, which takes its ``<button>``) names in ``aria-controls`` is content
    the reader opens (the answer to a question, a section of a guide), hidden only until then,
    not hidden boilerplate. Menus that open the same way go with their ``<nav>``, or later as
    lists of links."""
    if not controlled:
        return
    for element in _WITH_ID(tree):
        if element.get("id") in controlled:
            for attribute in _HIDING_ATTRIBUTES:
                element.attrib.pop(attribute, None)


def _list_prose_chars(tree: HtmlElement) -> int:
    """Characters of the list items holding prose of their own (no paragraph inside, already
    counted): a line of a few sentences, not a menu entry or a name."""
    return sum(
        chars
        for item in tree.iter("li")
        if not _holds(item, "p") and (chars := text_chars(item)) >= PROSE_ITEM_CHARS
    )


def _keep_swallowing_containers(
    tree: HtmlElement, chars: dict[HtmlElement, int], total: int
) -> None:
    """Rename to ``div`` every container that holds most of the page's paragraph text (``total``
    characters, ``chars`` in each paragraph)."""
    if not total:
        return
    for element in tree.iter(*CONTAINER_TAGS):
        if not _holds(element, "p"):
            continue
        if sum(chars[paragraph] for paragraph in element.iter("p")) >= SWALLOWED_SHARE * total:
            # Its class ("header__nav") would get it discarded by trafilatura's rules.
            element.attrib.clear()
            element.tag = "div"


def _holds(element: HtmlElement, tag: str) -> bool:
    """Whether ``element`` has a ``tag`` descendant: a walk in C (``find(".//p")`` reads its
    path in Python on each call, and is called on every list item)."""
    return next(element.iterdescendants(tag), None) is not None


def paragraph_chars(element: HtmlElement) -> int:
    """Characters of text (spaces normalised) in the ``<p>`` elements under ``element``."""
    return sum(text_chars(paragraph) for paragraph in element.iter("p"))


def text_chars(element: HtmlElement) -> int:
    """Characters of text (spaces normalised) under ``element``, counted in C."""
    return int(_TEXT_CHARS(element))
