"""trafilatura's class and id rules, tested in Python instead of through XPath.

trafilatura finds the article's container, and the boilerplate inside it, with XPath
expressions whose tests are regular expressions over ``class`` and ``id`` (EXSLT ``re:test``).
lxml runs each such test as a call back into Python, with the attribute converted to a Python
string on the way, for every element of the tree and every test: on WCXB dev these expressions
took a third of newsdesk's CPU time. Here the same rules read each element's attributes once
and test them with the same regular expressions, compiled once.

The vocabulary (the token lists inside the regular expressions) is trafilatura's own, imported;
what is written here is the shape of each expression. ``tests/extraction/test_rules.py`` checks
that every rule selects exactly the elements trafilatura's XPath selects, so a new trafilatura
release that changes the shape fails there rather than silently drifting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element
from trafilatura import xpaths as vocabulary


def _search(pattern: str, flags: int = 0) -> Callable[[str], object]:
    """``re:test(value, pattern)``: a search anywhere in the value (a match, or None)."""
    return re.compile(pattern, flags).search


def _alternatives(*tokens: str) -> str:
    return "|".join(tokens)


# Every rule reads an element through this view: its tag and the attributes the rules name,
# an absent attribute read as "" (what XPath's string() gives for an empty node-set).
@dataclass(slots=True)
class _Attributes:
    tag: str
    cls: str
    id: str
    element: _Element

    def get(self, name: str) -> str:
        return self.element.get(name) or ""

    def first(self, name: str, other: str) -> str:
        """``@name|@other`` as a string: the value of whichever comes first in the source."""
        value, other_value = self.element.get(name), self.element.get(other)
        if value is None or other_value is None:
            return value or other_value or ""
        keys = self.element.keys()
        return value if keys.index(name) < keys.index(other) else other_value


# A test returns something true (a match) or false, as ``re:test`` would.
_Test = Callable[[_Attributes], object]


@dataclass(frozen=True, slots=True)
class Rule:
    """One XPath of trafilatura's, as the tags it may select and a test of their attributes."""

    tags: frozenset[str] | None  # None: any element
    test: _Test
    # A test of what the element holds, made on each element ``test`` selects: ``test`` reads
    # the element's tag and attributes only, so its verdict is remembered (``select``).
    holds: _Test | None = None


_CONTAINERS = frozenset({"article", "div", "main", "section"})
_BLOCKS = frozenset({"div", "item", "list", "p", "section", "span"})

_v = vocabulary
_body_id = _search(_alternatives(*_v._ARTICLE_CONTENT_ID_TOKENS))
_body_class = _search(_alternatives(*_v._ARTICLE_CONTENT_CLASS_TOKENS))
_story_id = _search(_alternatives(*_v._STORY_ID_TOKENS))
_story_class = _search(_alternatives(*_v._STORY_CLASS_TOKENS))
_fulltext = _search("fulltext", re.IGNORECASE)
_main_id = _search(_alternatives(*_v._MAIN_CONTENT_ID_TOKENS))
_main_class = _search(_alternatives(*_v._MAIN_CONTENT_CLASS_TOKENS))
_LOWER_CM = str.maketrans("CM", "cm")
_LOWER_CP = str.maketrans("CP", "cp")


def _is_body(a: _Attributes) -> object:
    return (
        a.cls in ("post", "entry")
        or a.get("itemprop") == "articleBody"
        or a.id == "articleContent"
        or (a.id and _body_id(a.id))
        or _body_class(a.cls)
    )


def _is_story(a: _Attributes) -> object:
    return (
        a.get("role") == "article"
        or a.id in ("article", "story")
        or a.cls in ("postarea", "art-postcontent", "text", "cell", "story")
        or (a.id and _story_id(a.id))
        or _fulltext(a.cls)
        or _story_class(a.cls)
    )


def _is_main_content(a: _Attributes) -> object:
    return (
        a.id == "content"
        or a.cls == "content"
        or (a.id and _main_id(a.id))
        or _main_class(a.cls)
        or "main-content" in a.id.translate(_LOWER_CM)
        or "main-content" in a.cls.translate(_LOWER_CM)
        or "page-content" in a.cls.translate(_LOWER_CP)
    )


def _starts_main(a: _Attributes) -> object:
    # The XPath's union with ``(.//main)[1]``: whichever comes first in the document.
    return (
        a.tag == "main"
        or a.cls.startswith("main")
        or a.id.startswith("main")
        or a.get("role").startswith("main")
    )


# The most verdicts remembered for one set of rules (past it, they are forgotten at once).
# Names repeat within a page (a few thousand elements) and its site, but keys carry every
# attribute value (links, styles), so most are seen once: a larger bound adds no hits, only
# memory (50,000 grew a page process ~7 MB every 100 pages; the same CPU at 1,024).
_MAX_REMEMBERED_NAMES = 4_096
_VERDICTS: dict[
    tuple[Rule, ...], dict[tuple[str, tuple[tuple[str, str], ...]], tuple[int, ...]]
] = {}
_ANY_CONTAINER = tuple(_CONTAINERS)
_WITH_ATTRIBUTES = etree.XPath(".//*[@*]")
# BODY_XPATH, level by level: the first element a level selects is the article's container.
BODY_RULES = (
    Rule(_CONTAINERS, _is_body),
    Rule(frozenset({"article"}), lambda a: True),
    Rule(_CONTAINERS, _is_story),
    Rule(_CONTAINERS, _is_main_content),
    Rule(frozenset({"article", "div", "section", "main"}), _starts_main),
)

_comments_id = _search(f"^(?:{_v._COMMENTS_ID}|disqus_thread|dsq-comments)")
_comments_list_id = _search(f"^(?:{_v._COMMENTS_ID})")
_comments_class = _search(_v._COMMENTS_CLASS)


def _is_comments(a: _Attributes) -> object:
    if a.tag in ("ol", "ul"):
        return _comments_list_id(a.id) or _comments_class(a.cls)
    return _comments_id(a.id) or _comments_class(a.cls)


_appended = _search("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_appended_articles = _search("mvp-post-add-(?:box|wrap)")


def _named_as_appended(a: _Attributes) -> object:
    return _appended(a.id) or _appended(a.cls)


def _holds_appended_articles(a: _Attributes) -> object:
    # An infinite scroll that holds the page's h1 holds the article itself.
    return (
        _appended_articles(a.id)
        or _appended_articles(a.cls)
        or next(a.element.iterdescendants("h1"), None) is None
    )


# RAW_TREE_PRUNE_XPATH, then REMOVE_COMMENTS_AND_LISTS_XPATH: removed before extraction.
_SIDE_BLOCKS = frozenset({"div", "section", "aside"})
RAW_PRUNE_RULES = (
    Rule(_SIDE_BLOCKS, _named_as_appended, holds=_holds_appended_articles),
    Rule(_SIDE_BLOCKS, lambda a: "elementor-share-buttons" in a.cls),
    Rule(frozenset({"div", "list", "section", "details", "ol", "ul"}), _is_comments),
)

_consent = _search(_alternatives(*_v._CONSENT_ID_CLASS_TOKENS))
_discard_id = _search(
    _alternatives(*_v._OVERALL_DISCARD_BOTH_TOKENS, *_v._OVERALL_DISCARD_ID_TOKENS)
)
_discard_class = _search(
    _alternatives(*_v._OVERALL_DISCARD_BOTH_TOKENS, *_v._OVERALL_DISCARD_CLASS_TOKENS)
)
_hidden = _search("hidden")
_reply_id = _search("reader-comments|akismet")
_reply_class = _search(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
    "| hidden| hide|noprint|notloaded"
)


# Words of the class vocabulary above that say how a block is laid out, not what it is: page
# builders name an article's own sections "widget", "embed", "slide" or "expandable", or after
# the style of their icons ("accordion-icon-style-arrow"), and "bar" is also part of "bard".
_LAYOUT_TOKENS = frozenset({"bar", "widget", "embedded", "embed", "slide", "expand", "-icon"})
_role_class = _search(
    _alternatives(
        *_v._OVERALL_DISCARD_BOTH_TOKENS,
        *(token for token in _v._OVERALL_DISCARD_CLASS_TOKENS if token not in _LAYOUT_TOKENS),
    )
)


# The tests of ``@a|@b`` (whichever comes first) below first ask whether either value could
# pass: reading the attributes' order costs more than a search in both.
def _is_chrome(a: _Attributes, discard_class: Callable[[str], object] = _discard_class) -> object:
    return (
        a.element.get("data-lp-replacement-content") is not None
        or "nav" in a.get("role").replace("N", "n")
        or "MostPopularStories" in a.get("data-component")
        or ((_consent(a.id) or _consent(a.cls)) and _consent(a.first("id", "class")))
        or (a.id and _discard_id(a.id))
        or discard_class(a.cls)
    )


def named_as_chrome(element: _Element) -> bool:
    """Whether the chrome rule selects ``element`` for what its names say it is (a footer, a
    share bar, a byline...), not only for words of layout (``_LAYOUT_TOKENS``)."""
    attributes = _Attributes(
        element.tag, element.get("class") or "", element.get("id") or "", element
    )
    return bool(_is_chrome(attributes, _role_class))


def _is_hidden(a: _Attributes) -> object:
    style = a.get("style")
    return (
        a.cls == "comments-title"
        or (
            (a.id.startswith("reply-") or a.cls.startswith("reply-"))
            and a.first("id", "class").startswith("reply-")
        )
        or ((_hidden(a.id) or _hidden(style)) and _hidden(a.first("id", "style")))
        or "display:none" in style
        or "display: none" in style
        or (a.id and _reply_id(a.id))
        or _reply_class(a.cls)
        or a.get("aria-hidden") == "true"
    )


# OVERALL_DISCARD_XPATH: boilerplate inside the container, removed unless it is most of it.
DISCARD_RULES = (Rule(_BLOCKS, _is_chrome), Rule(None, _is_hidden))
# TEASER_DISCARD_XPATH and DISCARD_IMAGE_ELEMENTS (captions, when images are not kept).
TEASER_RULE = Rule(
    _BLOCKS, lambda a: "teaser" in a.id.replace("T", "t") or "teaser" in a.cls.replace("T", "t")
)
CAPTION_RULE = Rule(_BLOCKS, lambda a: "caption" in a.id or "caption" in a.cls)


def select(root: _Element, rules: tuple[Rule, ...]) -> list[list[_Element]]:
    """What each rule selects among ``root``'s descendants, in document order: one walk, over
    only the tags the rules name when they all name some (lxml filters tags in C). A page names
    most of its blocks alike (and the pages of a site theirs), so the verdicts of the rules that
    read names only are remembered by tag and attributes (their values, in their order)."""
    selected: list[list[_Element]] = [[] for _ in rules]
    verdicts = _VERDICTS.setdefault(rules, {})
    for element in _walk(root, rules):
        names = (element.tag, tuple(element.items()))
        matched = verdicts.get(names)
        if matched is None:
            matched = _matching(element, rules)
            if len(verdicts) >= _MAX_REMEMBERED_NAMES:
                verdicts.clear()
            verdicts[names] = matched
        for index in matched:
            holds = rules[index].holds
            if holds is None or holds(_attributes(element)):
                selected[index].append(element)
    return selected


def _matching(element: _Element, rules: tuple[Rule, ...]) -> tuple[int, ...]:
    """The indices of the ``rules`` whose names test selects ``element``."""
    attributes = _attributes(element)
    return tuple(
        index
        for index, rule in enumerate(rules)
        if (rule.tags is None or attributes.tag in rule.tags) and rule.test(attributes)
    )


def _attributes(element: _Element) -> _Attributes:
    return _Attributes(element.tag, element.get("class") or "", element.get("id") or "", element)


def _walk(root: _Element, rules: tuple[Rule, ...]) -> Iterable[_Element]:
    if any(rule.tags is None for rule in rules):
        # Every rule tests some attribute: elements without any are left out in C.
        return _WITH_ATTRIBUTES(root)
    return root.iterdescendants(*{tag for rule in rules for tag in rule.tags or ()})


def first_container(
    root: _Element, levels: Iterable[int] = range(len(BODY_RULES))
) -> _Element | None:
    """The element trafilatura's body rules take as the container (the first element the first
    level that selects any selects), looking only at ``levels``; one walk, which ends as soon as
    the best of those levels has matched."""
    pending = sum(1 << level for level in levels)
    found: dict[int, _Element] = {}
    for element in root.iterdescendants(_ANY_CONTAINER):
        matched = _body_levels(element) & pending
        if matched:
            level = (matched & -matched).bit_length() - 1
            found[level] = element
            pending &= (1 << level) - 1
            if not pending:
                break
    return found[min(found)] if found else None


# The body levels each element's names match, by tag and the attributes the body rules read: a
# page repeats the same few names over its blocks, and pages of a site repeat them again.
_BodyNames = tuple[str, str | None, str | None, str | None, str | None]
_LEVELS_BY_NAMES: dict[_BodyNames, int] = {}


def _body_levels(element: _Element) -> int:
    """The body levels that select ``element``, as a bit set (bit ``n`` for level ``n``)."""
    names = (
        element.tag,
        element.get("class"),
        element.get("id"),
        element.get("itemprop"),
        element.get("role"),
    )
    levels = _LEVELS_BY_NAMES.get(names)
    if levels is None:
        attributes = _Attributes(names[0], names[1] or "", names[2] or "", element)
        levels = 0
        for level, rule in enumerate(BODY_RULES):
            if attributes.tag in rule.tags and rule.test(attributes):  # type: ignore[operator]
                levels |= 1 << level
        if len(_LEVELS_BY_NAMES) >= _MAX_REMEMBERED_NAMES:
            _LEVELS_BY_NAMES.clear()
        _LEVELS_BY_NAMES[names] = levels
    return levels
