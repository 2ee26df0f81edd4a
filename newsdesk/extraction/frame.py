"""Point trafilatura at the article's container when the page's class names do not.

trafilatura finds the body through a list of class and id names ("entry-content",
"article-body", ``<article>``, ``<main>``...), taking the first element that matches. Two kinds
of page defeat it. On a page that uses none of those names (utility-class CSS, page builders,
hashed class names) it collects loose paragraphs from the whole page, and every sub-heading,
list and table of the article is lost with them. On a page where the first match is a fragment
(a teaser card, an empty ``<main>`` beside the real content) it extracts the fragment.

On such pages the container is found by structure instead: the innermost element holding most
of the page's paragraph text. It is marked with the schema.org ``articleBody`` property, which
trafilatura looks for first, and a fragment matched before it loses the names that matched,
with every element of its kind (teaser cards come by the dozen). A fragment inside the frame is
one item of a list (venues, products, steps named alike): the frame is marked over it.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsdesk.extraction.prune import paragraph_chars, text_chars
from newsdesk.extraction.rules import first_container

# The container must hold at least this share of the paragraph text left after pruning: less,
# and the "article" is one section of a page made of several.
FRAME_SHARE = 0.6
# Fewer paragraphs than this are a byline or a bio beside an article written in bare text.
FRAME_MIN_PARAGRAPHS = 3
# A named container with less text than this share of the frame's paragraphs is a fragment.
# More, and it is more likely the article itself, written in bare text or short, beside a
# block of paragraphs such as teasers of other stories.
FRAGMENT_SHARE = 0.15
# Fragments matched one after another before the frame: past this many, leave the page alone.
MAX_FRAGMENTS = 4
# Marking the whole page frames nothing.
_PAGE_TAGS = frozenset({"html", "body"})
# Container tags trafilatura's rules look for by name alone.
_CONTAINER_TAGS = frozenset({"article", "main", "section"})
# The attributes trafilatura's rules read.
_NAMING_ATTRIBUTES = ("class", "id", "itemprop", "role")


def mark_article_frame(tree: HtmlElement) -> None:
    """Mark the article's container in ``tree`` (in place) where trafilatura would miss it."""
    frame = _densest_container(tree)
    if frame is None:
        return
    element, held = frame
    for _ in range(MAX_FRAGMENTS):
        named = first_container(tree)
        if named is None:
            element.set("itemprop", "articleBody")
            return
        if _holds(named, element) or text_chars(named) >= FRAGMENT_SHARE * held:
            return
        if _holds(element, named):
            # One item of a list the frame holds (venues, products, steps), each named alike.
            element.set("itemprop", "articleBody")
            return
        _unname_kind(tree, named, element)


def _densest_container(tree: HtmlElement) -> tuple[HtmlElement, int] | None:
    """The innermost element holding most of the paragraph text, with its characters."""
    chars, paragraphs, total = _paragraph_text_held(tree)
    framing = [
        element
        for element, held in chars.items()
        if held >= FRAME_SHARE * total
        and paragraphs[element] >= FRAME_MIN_PARAGRAPHS
        and element.tag not in _PAGE_TAGS
    ]
    if not framing:
        return None
    # Each holds most of the text, so they nest: the innermost is the deepest.
    deepest = max(framing, key=lambda element: sum(1 for _ in element.iterancestors()))
    return deepest, chars[deepest]


def _paragraph_text_held(
    tree: HtmlElement,
) -> tuple[dict[HtmlElement, int], dict[HtmlElement, int], int]:
    """Paragraph characters and paragraphs (with any text) under each element holding some, and
    the page's paragraph characters. Paragraphs are summed per parent before climbing to the
    ancestors: an article's paragraphs share a few parents, and climbing once per parent instead
    of once per paragraph is most of the cost saved."""
    under_parent: dict[HtmlElement, tuple[int, int]] = {}
    total = 0
    for paragraph in tree.iter("p"):
        held = paragraph_chars(paragraph)
        parent = paragraph.getparent()
        if held and parent is not None:
            chars, count = under_parent.get(parent, (0, 0))
            under_parent[parent] = (chars + held, count + 1)
        total += held
    chars_under: dict[HtmlElement, int] = {}
    paragraphs_under: dict[HtmlElement, int] = {}
    for parent, (chars, count) in under_parent.items():
        for element in (parent, *parent.iterancestors()):
            chars_under[element] = chars_under.get(element, 0) + chars
            paragraphs_under[element] = paragraphs_under.get(element, 0) + count
    return chars_under, paragraphs_under, total


def _holds(outer: HtmlElement, inner: HtmlElement) -> bool:
    """Whether ``outer`` is ``inner`` or one of its ancestors."""
    return outer is inner or outer in inner.iterancestors()


def _nested(first: HtmlElement, second: HtmlElement) -> bool:
    """Whether one element is the other or holds it."""
    return _holds(first, second) or _holds(second, first)


def _unname_kind(tree: HtmlElement, fragment: HtmlElement, frame: HtmlElement) -> None:
    """Unname ``fragment`` and every element of its kind (same tag, same first class name; a
    fragment without a class is its own kind) outside ``frame``: teaser cards come by the dozen,
    and unnaming them one at a time would stop at MAX_FRAGMENTS with a teaser still taken for
    the article."""
    kind = _first_class(fragment)
    alike = list(tree.iter(fragment.tag)) if kind else [fragment]
    for element in alike:
        if _first_class(element) == kind and not _nested(element, frame):
            _unname(element)


def _first_class(element: HtmlElement) -> str:
    classes = (element.get("class") or "").split()
    return classes[0] if classes else ""


def _unname(element: HtmlElement) -> None:
    """Take from ``element`` what made trafilatura's rules pick it."""
    for attribute in _NAMING_ATTRIBUTES:
        element.attrib.pop(attribute, None)
    if element.tag in _CONTAINER_TAGS:
        element.tag = "div"
