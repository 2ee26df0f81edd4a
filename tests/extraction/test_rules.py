"""Our Python tests of trafilatura's class and id rules select exactly what its XPath selects."""

from __future__ import annotations

import tracemalloc
from itertools import product
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement, fromstring
from trafilatura import xpaths

from newsdesk.extraction.rules import (
    CAPTION_RULE,
    DISCARD_RULES,
    RAW_PRUNE_RULES,
    TEASER_RULE,
    first_container,
    named_as_chrome,
    select,
)

TESTDATA = Path(__file__).with_name("testdata")
# Tags as they come from the page and as trafilatura renames them (list, item) before pruning.
TAGS = (
    "div", "section", "article", "main", "aside", "span", "p", "ul", "ol", "list", "item",
    "details", "header",
)  # fmt: skip
# Names from every group of trafilatura's vocabulary, in the cases and positions that matter
# ("^shar" only at the start, " ad " only between spaces...), and near misses.
NAMES = (
    "post", "entry", "article-content", "articleBody", "post-body", "story-body", "fulltext",
    "FullText", "single-post x", "article x", "primary", "content-main", "MainContent",
    "page-Content", "content", "mainwrap", "main", "text", "cell", "story", "comment-list",
    "comments", "Comments", "commentary", "disqus_thread", "mvp-post-add-box", "infinite-scroll",
    "elementor-share-buttons", "cookie-banner", "sidebar", "share-bar", "social", "nav",
    "NavBar", "menu", "widget", "x ad y", "ad-slot", "teaser", "Teaser", "caption",
    "reply-form", "hidden", "x hidden", "hide-print", "akismet", "author", "byline", "tags",
    "related", "premium", "footer", "entry-meta", "plain", "",
)  # fmt: skip
STYLES = ("", "display:none", "display: none", "visibility: hidden", "border: 0")
OTHER_ATTRIBUTES = (
    "", 'role="navigation"', 'role="Navigation"', 'role="main"', 'role="article"',
    'itemprop="articleBody"', 'aria-hidden="true"', 'data-component="MostPopularStories"',
    "data-lp-replacement-content",
)  # fmt: skip

_SELECT_XPATHS = (
    *xpaths.RAW_TREE_PRUNE_XPATH,
    *xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH,
    *xpaths.OVERALL_DISCARD_XPATH,
    *xpaths.TEASER_DISCARD_XPATH,
    *xpaths.DISCARD_IMAGE_ELEMENTS,
)
_SELECT_RULES = (*RAW_PRUNE_RULES, *DISCARD_RULES, TEASER_RULE, CAPTION_RULE)


def _elements() -> list[str]:
    """One element for each tag and name as class, as id, and as both in either order."""
    elements = []
    for tag, name in product(TAGS, NAMES):
        for attributes in (
            f'class="{name}"',
            f'id="{name}"',
            f'id="{name}" class="plain"',
            f'class="{name}" id="other"',
        ):
            elements.append(f"<{tag} {attributes}><p>Some text here.</p></{tag}>")
    for tag, style, other in product(TAGS, STYLES, OTHER_ATTRIBUTES):
        elements.append(f'<{tag} style="{style}" {other}><h1>A title</h1></{tag}>')
    return elements


def _page(inner: str) -> HtmlElement:
    return fromstring(f"<html><body><div>{inner}</div></body></html>")


def _first_of_levels(tree: HtmlElement) -> list[etree._Element | None]:
    return [next(iter(expression(tree)), None) for expression in xpaths.BODY_XPATH]


def test_each_rule_selects_what_trafilaturas_xpath_selects() -> None:
    disagreements = []
    for element in _elements():
        tree = _page(element)
        ours = select(tree, _SELECT_RULES)
        containers = [first_container(tree, [level]) for level in range(len(xpaths.BODY_XPATH))]
        if ours != [expression(tree) for expression in _SELECT_XPATHS]:
            disagreements.append(f"pruning rules on {element}")
        if containers != _first_of_levels(tree):
            disagreements.append(f"body rules on {element}")
    assert disagreements == []


@pytest.mark.parametrize("page", sorted(TESTDATA.glob("*.html")), ids=lambda path: path.name)
def test_the_rules_agree_with_trafilatura_on_whole_pages(page: Path) -> None:
    tree = fromstring(page.read_text(encoding="utf-8"))
    assert select(tree, _SELECT_RULES) == [expression(tree) for expression in _SELECT_XPATHS]
    matched = [element for element in _first_of_levels(tree) if element is not None]
    assert first_container(tree) is (matched[0] if matched else None)


def test_the_container_comes_from_the_best_level_that_matches_anywhere() -> None:
    # A <main> (the last level) comes first; an "entry-content" div (the first level) later.
    tree = _page('<main><p>Menu</p></main><div class="entry-content"><p>Body</p></div>')
    container = first_container(tree)
    assert container is not None and container.get("class") == "entry-content"


def test_an_attribute_test_on_id_or_class_reads_whichever_comes_first() -> None:
    # XPath's string(@id|@class) is the first of the two in the source: here the id.
    first_id = _page('<div id="story" class="reply-box"><p>Text</p></div>')
    first_class = _page('<div class="reply-box" id="story"><p>Text</p></div>')
    _, hidden = select(first_id, DISCARD_RULES)
    assert hidden == []
    _, hidden = select(first_class, DISCARD_RULES)
    assert [element.get("id") for element in hidden] == ["story"]


@pytest.mark.parametrize(
    ("markup", "named"),
    [
        ('<div class="elementor-widget widget_text">', False),
        ('<div class="w-embed">', False),
        ('<div class="listicle-slides">', False),
        ('<div class="space-y-4 bard">', False),
        ('<div class="kt-accordion-wrap kt-accordion-icon-style-arrow">', False),
        ('<div class="widget sidebar">', True),
        ('<div class="x-bar-footer">', True),
        ('<div class="embed" id="related-posts">', True),
        ('<div class="author-box">', True),
        ('<div role="navigation" class="widget">', True),
    ],
)
def test_chrome_is_named_for_what_it_is_not_for_its_layout(markup: str, named: bool) -> None:
    element = fromstring(f"{markup}text</div>")
    assert named_as_chrome(element) is named


def test_a_container_renamed_between_walks_is_judged_by_its_new_names() -> None:
    tree = _page('<div class="entry-content"><p>Body</p></div><main><p>Menu</p></main>')
    first = first_container(tree)
    assert first is not None and first.get("class") == "entry-content"
    first.set("class", "sidebar")
    assert first_container(tree) is tree.find(".//main")


def test_a_rule_that_reads_what_an_element_holds_judges_each_element_named_alike() -> None:
    # A block named for infinite scroll is an appended article unless it holds the page's h1.
    tree = _page(
        '<div class="infinite-scroll"><h1>The article</h1></div>'
        '<div class="infinite-scroll"><p>Next story</p></div>'
    )
    for _ in range(2):
        appended = select(tree, RAW_PRUNE_RULES)[0]
        assert [element.findtext("p") for element in appended] == ["Next story"]


def test_an_element_renamed_between_selections_is_judged_by_its_new_names() -> None:
    tree = _page('<div class="sidebar"><p>Links</p></div><div class="story"><p>Body</p></div>')
    assert len(select(tree, DISCARD_RULES)[0]) == 1
    tree.find(".//div[@class='sidebar']").set("class", "story")
    assert select(tree, DISCARD_RULES)[0] == []


def test_names_seen_once_take_a_few_megabytes_however_many_pages_are_read() -> None:
    # Links and styles make most elements' names unique: remembering them all grew a page
    # process by megabytes every hundred pages.
    tracemalloc.start()
    try:
        for page in range(12):
            links = "".join(
                f'<div class="teaser" data-id="{page}-{n}"><a href="/{page}/{n}">x</a></div>'
                for n in range(2500)
            )
            tree = _page(f'<div class="entry-content">{links}</div>')
            assert len(select(tree, (TEASER_RULE,))[0]) == 2500
            assert first_container(tree) is tree.find(".//div[@class='entry-content']")
        del tree
        remembered, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert remembered < 8_000_000
