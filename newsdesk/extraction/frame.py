"""Point trafilatura at the article's container when the page's class names do not.

trafilatura finds the body through a list of class and id names ("entry-content",
"article-body", ``<article>``, ``<main>``...). On a page that uses none of them (utility-class
CSS, page builders, hashed class names) it falls back to collecting loose paragraphs from the
whole page, and every sub-heading, list and table of the article is lost with it. On such a page
the container is found by structure instead: the deepest element holding most of the page's
paragraph text. It is marked with the schema.org ``articleBody`` property, which trafilatura
looks for first.
"""

from __future__ import annotations

from collections import Counter

from lxml.html import HtmlElement
from trafilatura.xpaths import BODY_XPATH

from newsdesk.extraction.prune import paragraph_chars

# trafilatura's container rules, the ones without a regular expression first: they are the
# cheapest, and most pages have the bare <article> or <main> they look for.
_CONTAINER_RULES = sorted(BODY_XPATH, key=lambda rule: "re:test" in rule.path)
# The container must hold at least this share of the paragraph text left after pruning: less,
# and the "article" is one section of a page made of several.
FRAME_SHARE = 0.6
# Fewer paragraphs than this are a byline or a bio beside an article written in bare text.
FRAME_MIN_PARAGRAPHS = 3
# Marking the whole page frames nothing.
_PAGE_TAGS = frozenset({"html", "body"})


def mark_article_frame(tree: HtmlElement) -> None:
    """Mark the article's container in ``tree`` (in place) if trafilatura would find none."""
    if any(rule(tree) for rule in _CONTAINER_RULES):
        return
    chars: Counter[HtmlElement] = Counter()
    paragraphs: Counter[HtmlElement] = Counter()
    total = 0
    for paragraph in tree.iter("p"):
        if held := paragraph_chars(paragraph):
            total += held
            chars.update(dict.fromkeys(paragraph.iterancestors(), held))
            paragraphs.update(paragraph.iterancestors())
    framing = [
        element
        for element, held in chars.items()
        if held >= FRAME_SHARE * total
        and paragraphs[element] >= FRAME_MIN_PARAGRAPHS
        and element.tag not in _PAGE_TAGS
    ]
    if framing:
        # Each holds most of the text, so they nest: mark the innermost.
        deepest = max(framing, key=lambda element: sum(1 for _ in element.iterancestors()))
        deepest.set("itemprop", "articleBody")
