"""trafilatura's main extractor, with its class and id rules tested in Python (``rules``).

``extract_content`` here is trafilatura's ``main_extractor.extract_content`` step for step: find
the container with the body rules, prune its boilerplate, turn its elements into trafilatura's
output tree, and fall back to loose paragraphs when that gives too little. Only the rule tests
are ours; the handling of every element is trafilatura's own code, called. It is written out
here because trafilatura reads its XPath rules from module globals, and those rules were a third
of newsdesk's CPU time (see ``rules``).

Two departures. trafilatura deletes every block whose class contains a word of its boilerplate
vocabulary, and some of those words describe layout, not purpose ("widget", "embed", "slide",
"expandable", and "bar" inside "bard"). Page builders give such names to the article's own
sections, so a block matched by those words alone is kept when it reads as prose. And
trafilatura takes the first block its body rules match, where some pages split the article into
several blocks named alike, an ad slot between each: the blocks after it that read as more of
the article are taken too.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy

from lxml.etree import Element, _Element, strip_elements, strip_tags
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import (
    link_density_test_tables,
    process_node,
    prune_unwanted_nodes,
)
from trafilatura.main_extractor import (
    NOT_AT_THE_END,
    REBUILT_BLOCKS,
    _elem_text,
    handle_textelem,
    recover_wild_text,
)
from trafilatura.settings import (
    INLINE_FORMATTABLE,
    MIN_DUPLICATE_LENGTH,
    TAG_CATALOG,
    Extractor,
)
from trafilatura.utils import SPACING_PROTECTED, text_chars_test
from trafilatura.xml import delete_element
from trafilatura.xpaths import PRECISION_DISCARD_XPATH

from newsdesk.extraction.links import TextLengths, delete_by_link_density
from newsdesk.extraction.rules import (
    BODY_RULES,
    CAPTION_RULE,
    DISCARD_RULES,
    RAW_PRUNE_RULES,
    TEASER_RULE,
    first_container,
    named_as_chrome,
    select,
)

_SECTION_RULES = (*DISCARD_RULES, TEASER_RULE, CAPTION_RULE)
# trafilatura keeps the boilerplate it found when removing it would leave no more than this
# fraction (1/n) of the container's text.
_KEPT_FRACTION = 7
# A block the chrome rule matches by words of layout alone ("widget", "embed", "slide",
# "expandable", "bard") is one of the article's sections when it holds at least this share of
# the container's text, mostly prose and little of it in links. Prose is paragraphs, and list
# items and headings of a sentence's length (not a name, not a menu entry).
PROSE_BLOCK_SHARE = 0.05
PROSE_SHARE = 0.6
PROSE_LINE_CHARS = 40
PROSE_LINK_SHARE = 0.2
# A block named like the container, under the container's ancestor this many levels up, that
# holds at least this share of the container's text and reads as prose continues the article.
CONTINUATION_LEVELS = 2
CONTINUATION_SHARE = 0.25
# The blocks whose first tells whether a part opens with a heading.
_OPENING_BLOCKS = ("p", "head", "list", "table", "quote")


def prune_raw_tree(tree: HtmlElement, comments: bool = True) -> None:
    """Remove appended follow-up articles, share bars and (unless ``comments`` is false)
    comment sections: trafilatura's raw tree rules, in place."""
    for selected in select(tree, RAW_PRUNE_RULES if comments else RAW_PRUNE_RULES[:-1]):
        for element in selected:
            delete_element(element)


def extract_content(
    tree: HtmlElement, options: Extractor, rebuild: Callable[[], HtmlElement]
) -> tuple[_Element, str]:
    """The article's elements as trafilatura's output tree (``<body>`` of ``p``, ``head``,
    ``list``...), from a cleaned and converted ``tree``, which is consumed, with the text
    trafilatura's later stages measure it by. ``rebuild`` gives ``tree`` again as it was passed:
    the fallback over loose paragraphs reads the tree the main pass consumed, on a few pages in a
    hundred, and building it again there costs less than copying every page's tree."""
    body, text, potential_tags = _extract(tree, options)
    if len(body) == 0 or len(text) < options.min_extracted_size:
        body = _recover_loose_text(body, options, rebuild)
        text = " ".join(body.itertext()).strip()
    _drop_repeated_blocks(body)
    strip_elements(body, "done")
    strip_tags(body, "div")
    # Stripping the divs leaves their indentation on line breaks, outside code blocks.
    for line_break in body.iter("lb"):
        if (
            line_break.tail
            and not text_chars_test(line_break.tail)
            and not any(tag in SPACING_PROTECTED for tag in _ancestor_tags(line_break))
        ):
            line_break.tail = None
    return body, text


def _recover_loose_text(
    body: _Element, options: Extractor, rebuild: Callable[[], HtmlElement]
) -> _Element:
    """trafilatura's fallback over loose paragraphs, on the tree as the main pass found it. The
    copies of what the main pass consumed are not recovered again: the main pass runs once more,
    on a rebuilt tree, to tell which they are (it is deterministic)."""
    replayed = rebuild()
    backup = deepcopy(replayed)
    order = list(replayed.iter())
    _, _, potential_tags = _extract(replayed, options)
    consumed = {
        twin for element, twin in zip(order, backup.iter(), strict=True) if element.tag == "done"
    }
    return recover_wild_text(backup, body, options, potential_tags, consumed)


def _ancestor_tags(element: _Element) -> list[str]:
    return [str(ancestor.tag) for ancestor in element.iterancestors()]


def _drop_repeated_blocks(body: _Element) -> None:
    """Drop a long block that repeats the one before it (two candidates overlapping)."""
    previous = None
    for element in list(body):
        current = _elem_text(element)
        if current and current == previous and len(current) > MIN_DUPLICATE_LENGTH:
            delete_element(element, keep_tail=False)
        else:
            previous = current


def _extract(tree: HtmlElement, options: Extractor) -> tuple[_Element, str, set[str]]:
    """Take the first container the body rules find whose pruned content holds more than a lone
    image; each level of the rules is tried on the tree as the levels before left it."""
    potential_tags = set(TAG_CATALOG)
    if options.tables:
        potential_tags.update(["table", "td", "th", "tr"])
    if options.images:
        potential_tags.add("graphic")
    if options.links:
        potential_tags.add("ref")
    body = Element("body")
    for level in range(len(BODY_RULES)):
        container = first_container(tree, [level])
        if container is None:
            continue
        parts = _continuations(container)
        container = _prune_sections(container, potential_tags, options)
        if len(container) == 0:
            continue
        if _extract_container(container, body, potential_tags, options):
            for part in parts:
                part = _prune_sections(part, potential_tags, options)
                if len(part) > 0:
                    _extract_container(part, body, potential_tags, options)
            break
    return body, " ".join(body.itertext()).strip(), potential_tags


def _continuations(container: HtmlElement) -> list[HtmlElement]:
    """The rest of an article its page splits into blocks named alike (an ad slot or a rail
    between them), of which the body rules take only the first: the blocks of the container's
    tag and class near it that read as more of the article."""
    name = container.get("class")
    if not name:
        return []
    scope = container
    for _ in range(CONTINUATION_LEVELS):
        scope = scope.getparent() if scope.getparent() is not None else scope
    above = set(container.iterancestors())
    length = len(container.text_content())
    return [
        part
        for part in scope.iterdescendants(container.tag)
        if part is not container
        and part not in above
        and part.get("class") == name
        and not any(ancestor.get("class") == name for ancestor in part.iterancestors())
        and _continues(part, length)
    ]


def _continues(part: HtmlElement, container_length: int) -> bool:
    """Whether ``part`` reads as more of the article: sizeable beside the container, prose, and
    not opening with a heading as the items of a list (products, venues, apps) each do."""
    length = len(part.text_content())
    first = next(
        (block for block in part.iter(*_OPENING_BLOCKS) if block.text_content().strip()), None
    )
    return (
        length >= CONTINUATION_SHARE * container_length
        and (first is None or first.tag != "head")
        and _reads_as_prose(part, length)
    )


def _extract_container(
    container: HtmlElement, body: _Element, potential_tags: set[str], options: Extractor
) -> bool:
    """Append ``container``'s elements to ``body``; whether that gave more than a lone image."""
    paragraph_text = container.xpath("//p//text()")
    factor = 1 if options.focus == "precision" else 3
    if not paragraph_text or len("".join(paragraph_text)) < options.min_extracted_size * factor:
        potential_tags.add("div")
    elements = container.xpath(".//*")
    tags = {element.tag for element in elements}
    if tags == {"lb"} or (
        container.tag == "div" and "div" in potential_tags and tags <= INLINE_FORMATTABLE | {"lb"}
    ):
        elements = [container]
    lead, start = None, len(body)
    if elements != [container] and text_chars_test(container.text):
        lead = Element("p")
        lead.text = container.text
        lead = process_node(lead, options)
    for element in elements:
        # A block emitted whole was moved into the body with its descendants, still listed.
        if element.getroottree().getroot() is body:
            continue
        tag, tail = element.tag, element.tail
        processed = handle_textelem(element, potential_tags, options)
        if processed is not None:
            body.append(processed)
            if element.getroottree().getroot() is not body:
                element.tag = "done"
        if (
            tag in REBUILT_BLOCKS
            and text_chars_test(tail)
            and (processed is None or processed.tail is None)
        ):
            tail_paragraph = Element("p")
            tail_paragraph.text = tail
            if process_node(tail_paragraph, options) is not None:
                body.append(tail_paragraph)
    while len(body) > 0 and body[-1].tag in NOT_AT_THE_END:
        delete_element(body[-1], keep_tail=False)
    if sum(element.tag != "graphic" for element in body) > 1:
        if lead is not None:
            body.insert(start, lead)
        return True
    return False


def _prune_sections(
    container: HtmlElement, potential_tags: set[str], options: Extractor
) -> HtmlElement:
    """trafilatura's ``prune_unwanted_sections`` for the main pass."""
    chrome, hidden, teasers, captions = select(container, _SECTION_RULES)
    _delete_boilerplate(container, chrome, hidden)
    if "graphic" not in potential_tags:
        _delete_all(captions)
    favor_precision = options.focus == "precision"
    if options.focus != "recall":
        _delete_all(teasers)
        if favor_precision:
            # Precision mode is not newsdesk's default: its rules are left to trafilatura.
            prune_unwanted_nodes(container, PRECISION_DISCARD_XPATH)
    lengths = TextLengths()
    for _ in range(2):
        for tag, backtracking in (("div", True), ("list", False), ("p", False)):
            delete_by_link_density(
                container, tag, lengths, backtracking=backtracking, precision=favor_precision
            )
    if "table" in potential_tags or favor_precision:
        _delete_all(
            [table for table in container.iter("table") if link_density_test_tables(table)],
            keep_tail=False,
        )
    if favor_precision:
        while len(container) > 0 and container[-1].tag == "head":
            delete_element(container[-1], keep_tail=False)
        # The tables and headings just deleted were not counted out of the lengths.
        lengths = TextLengths()
        for tag in ("head", "quote"):
            delete_by_link_density(container, tag, lengths, backtracking=False, precision=True)
    strip_tags(container, "span", *(() if "ref" in potential_tags else ("ref",)))
    return container


def _delete_boilerplate(
    container: HtmlElement, chrome: list[_Element], hidden: list[_Element]
) -> None:
    """Delete the outermost ``chrome`` and ``hidden`` elements unless that would leave too little
    of the text, but keep the chrome that is the article's prose under a layout name."""
    matches = {**dict.fromkeys(chrome), **dict.fromkeys(hidden)}
    outer = [
        element
        for element in matches
        if not any(ancestor in matches for ancestor in element.iterancestors())
    ]
    old_length = len(container.text_content())
    lengths = {element: len(element.text_content()) for element in outer}
    if old_length - sum(lengths.values()) > old_length / _KEPT_FRACTION:
        shown = set(chrome).difference(hidden)
        _delete_all(
            [
                element
                for element in outer
                if element not in shown
                or not _is_prose_block(element, lengths[element], old_length)
            ]
        )


def _is_prose_block(element: _Element, length: int, container_length: int) -> bool:
    """Whether a block the chrome rule matched is a section of the article: sizeable, mostly
    prose, few links, and named for its layout only ("elementor-widget", "w-embed")."""
    if length < PROSE_BLOCK_SHARE * container_length or named_as_chrome(element):
        return False
    return _reads_as_prose(element, length)


def _reads_as_prose(element: _Element, length: int) -> bool:
    """Whether most of ``element``'s text (``length`` characters) is prose, little of it links."""
    prose = sum(
        chars
        for block in element.iter("p", "item", "head")
        if (chars := len(block.text_content())) >= PROSE_LINE_CHARS or block.tag == "p"
    )
    links = sum(len(link.text_content()) for link in element.iter("ref"))
    return prose >= PROSE_SHARE * length and links < PROSE_LINK_SHARE * length


def _delete_all(elements: list[_Element], keep_tail: bool = True) -> None:
    for element in elements:
        delete_element(element, keep_tail=keep_tail)
