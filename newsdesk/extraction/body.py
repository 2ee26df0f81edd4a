"""Turn trafilatura's body tree into our body: blocks, boilerplate lines dropped, attribution apart.

trafilatura finds the main content; what it still lets through are short lines inside that
content which only a news reader cares about: the headline repeated, "Sign up for our newsletter",
"Related: …", "12 comments", and the wire attribution "(Reporting by …; Editing by …)", which we
keep but show apart from the body. Those are matched per block with the patterns below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element
from trafilatura.htmlprocessing import convert_to_html

from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.lib.text import normalize_space

# Blocks longer than this are prose even when they contain a boilerplate phrase.
MAX_BOILERPLATE_CHARS = 200
# A block whose text is at least this share link text is a link, not prose.
RAIL_LINK_SHARE = 0.5
# A run of blocks read before that holds this share of the body's text is a second copy of the
# article in the page (a mobile or print copy, a teaser of itself). On the dev sets such copies
# held about half the text; legitimately recurring blocks well under a fifth.
COPY_SHARE = 0.3
# The headline is looked for among the first few blocks only (after a kicker, a byline...).
HEADER_WINDOW = 3
# The attribution is searched for among the last few blocks only.
ATTRIBUTION_WINDOW = 3
# Anchored where a phrase could also open real prose ("Follow him on Twitter", said the
# senator...); only short blocks are tested at all.
_BOILERPLATE_START = re.compile(
    r"""(?:
        \d*\s*comments?|comments?\s*\(\d+\)|leave\ a\ (?:comment|reply)|
        share(?:\ this)?(?:\ (?:article|story|post))?|print(?:\ article)?|order\ reprints|
        advertisement|(?:you\ may\ also\ like|popular\ on|more\ from|most\ read)\b.*|
        (?:related|read\ more|see\ also|also\ read|more)\s*:.*|\[related:.*|
        (?:tags|filed\ under)\s*:.*|
        (?:sign\ up|subscribe|register|join)\b.*|
        like\ this\ (?:story|article)\b.*|
        follow\ (?:us|\S+\ on\ (?:twitter|facebook|instagram))\b.*|
        (?:copyright|©|\(c\)).*|this\ copy\ is\ for\ your\ personal.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Phrases that make a short block boilerplate wherever they stand. They are searched for: as
# alternatives of the anchored pattern, each behind a ``.*``, they backtracked over every block
# once per phrase (a block's text holds no line break, so the two read the same).
_BOILERPLATE_ANYWHERE = re.compile(
    r"""\b(?:
        in(?:to)?\ your\ inbox\b|
        (?:newsletters?|inbox)\b.*\b(?:sign\ up|subscribe)\b|
        (?:sign\ up|subscribe)\b.*\b(?:newsletters?|inbox)\b|
        all\ rights\ reserved\b|
        (?:we|this\ (?:site|website))\ uses?\ cookies\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Wire credits: "(Reporting by A; Editing by B)" in brackets, or two credits separated by ";".
# One bare credit without brackets ("Editing by hand is slow.") may be prose, so it stays.
_CREDIT = r"(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\b"
_ATTRIBUTION = re.compile(
    rf"^(?:\(\s*{_CREDIT}[^()]*\)|{_CREDIT}[^;]*;.*\b{_CREDIT}.*)$", re.IGNORECASE
)
_HEADING = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_LINE_PER_CHILD = {"ul": "li", "ol": "li", "table": "tr"}
_NESTED_BLOCKS = frozenset(_LINE_PER_CHILD)
# Text nodes are joined with a space except before closing punctuation and after an opening
# bracket (a possessive or contraction after a link, "<a>Trump</a>'s", runs on too).
_NO_SPACE_BEFORE = frozenset(".,:;!?)]}%…'’")
_NO_SPACE_AFTER = frozenset("([{“‘")
_CELLS = frozenset({"td", "th"})
_CELL_SEPARATOR = "|"
# A block of the body with its plain text, computed once.
_Block = tuple[_Element, str]


@dataclass(frozen=True, slots=True)
class Body:
    """The article body three ways: safe HTML, plain text, and the separated attribution."""

    html: str
    text: str
    attribution: str


def build_body(
    trafilatura_body: _Element, headline: str, base_url: str, standfirst: str = ""
) -> Body:
    """Filter the blocks of ``trafilatura_body`` and render them as sanitized HTML and text."""
    body = convert_to_html(trafilatura_body).find("body")
    _wrap_loose_text(body)
    blocks = [(block, _text(block)) for block in body]
    blocks = _drop_article_header([(b, text) for b, text in blocks if text], headline, standfirst)
    blocks = [(block, text) for block, text in blocks if not _is_boilerplate(text)]
    blocks = _drop_second_copy(blocks)
    blocks = _drop_trailing_link_rail(blocks)
    attribution = _pop_attribution(blocks)
    for block, _ in blocks:
        if block.tag in _HEADING:
            block.tag = _HEADING[block.tag]
    html = "".join(
        etree.tostring(block, encoding="unicode", with_tail=False) for block, _ in blocks
    )
    lines = [line for block, text in blocks for line in _lines(block, text)]
    return Body(sanitize_html(html, base_url), "\n".join(lines), attribution)


def _wrap_loose_text(body: _Element) -> None:
    """Give every run of text between two blocks a paragraph of its own. A page that writes its
    paragraphs as bare text after each sub-heading (``<h2>…</h2>Text…<br>``) leaves them as the
    heading's tail, which a walk over the blocks would skip."""
    if body.text and body.text.strip():
        body.insert(0, _paragraph(body.text))
        body.text = None
    for block in list(body):
        if block.tail and block.tail.strip():
            block.addnext(_paragraph(block.tail))
        block.tail = None


def _paragraph(text: str) -> _Element:
    paragraph = etree.Element("p")
    paragraph.text = text
    return paragraph


def _text(element: _Element, without: frozenset[str] = frozenset()) -> str:
    """Plain text as a reader sees it, leaving out the descendants tagged ``without``. Text nodes
    are joined with a space, except before closing punctuation and after an opening bracket:
    "<a>packages</a>." reads "packages.", not "packages .". Table cells are joined with " | "
    so a row never reads "PartySeats"."""
    # lxml's itertext walks the tree in C; our walk is only for rows and left-out blocks.
    walked = next(element.iterdescendants(*_CELLS, *without), None) is not None
    joined = ""
    for piece in _pieces(element, without) if walked else element.itertext():
        piece = normalize_space(piece)
        if not piece:
            continue
        if joined and piece[0] not in _NO_SPACE_BEFORE and joined[-1] not in _NO_SPACE_AFTER:
            joined += " "
        joined += piece
    return joined


def _pieces(element: _Element, without: frozenset[str]) -> Iterator[str]:
    """Text nodes in document order, with a separator between table cells."""
    if isinstance(element.tag, str):  # a comment's .text is the comment
        yield element.text or ""
    for child in element:
        if child.tag in _CELLS and child.getprevious() is not None:
            yield _CELL_SEPARATOR
        if child.tag not in without:
            yield from _pieces(child, without)
        yield child.tail or ""


def _drop_article_header(blocks: list[_Block], headline: str, standfirst: str) -> list[_Block]:
    """Headline and standfirst are fields of their own; trafilatura often leaves them at the top
    of the body, sometimes under a section kicker ("News", "Sport"), which goes with them."""
    wanted = normalize_space(headline).casefold()
    texts = [text.casefold() for _, text in blocks[:HEADER_WINDOW]]
    if wanted and wanted in texts:
        blocks = blocks[texts.index(wanted) + 1 :]
    deck = normalize_space(standfirst).casefold()
    if blocks and deck and blocks[0][1].casefold() == deck:
        blocks = blocks[1:]
    return blocks


def _is_boilerplate(text: str) -> bool:
    if len(text) > MAX_BOILERPLATE_CHARS:
        return False
    return bool(_BOILERPLATE_START.match(text) or _BOILERPLATE_ANYWHERE.search(text))


def _drop_second_copy(blocks: list[_Block]) -> list[_Block]:
    """Drop each run of consecutive blocks that all read as earlier ones when it is a second copy
    of the article. Blocks that recur in smaller runs (the same question put to each guest of an
    interview, a meal in a weekly plan) stay."""
    seen: set[str] = set()
    repeated = []
    for _, text in blocks:
        folded = text.casefold()
        repeated.append(folded in seen)
        seen.add(folded)
    total = sum(len(text) for _, text in blocks)
    kept: list[_Block] = []
    start = 0
    while start < len(blocks):
        end = start + 1
        while repeated[start] and end < len(blocks) and repeated[end]:
            end += 1
        run = blocks[start:end]
        if not (repeated[start] and _is_copy(run, total)):
            kept.extend(run)
        start = end
    return kept


def _is_copy(run: list[_Block], total: int) -> bool:
    """Whether a run of repeated blocks is a copy of the article: a large share of the body, in
    more than one paragraph (one paragraph said again and again is no copy of an article)."""
    texts = {text for _, text in run}
    return len(texts) > 1 and sum(len(text) for _, text in run) >= COPY_SHARE * total


def _drop_trailing_link_rail(blocks: list[_Block]) -> list[_Block]:
    """Cut the run of mostly-link blocks that ends the body: a "more stories" rail of linked
    headlines and teasers that trafilatura's balanced mode keeps as if it were prose."""
    end = len(blocks)
    while end > 0 and _link_share(blocks[end - 1]) >= RAIL_LINK_SHARE:
        end -= 1
    return blocks[:end]


def _link_share(block: _Block) -> float:
    element, text = block
    linked = sum(len(_text(link)) for link in element.iter("a"))
    return linked / len(text)


def _pop_attribution(blocks: list[_Block]) -> str:
    """Remove and return the wire attribution if one of the last blocks is one."""
    for index in range(len(blocks) - 1, max(-1, len(blocks) - 1 - ATTRIBUTION_WINDOW), -1):
        text = blocks[index][1]
        if len(text) <= MAX_BOILERPLATE_CHARS and _ATTRIBUTION.match(text):
            del blocks[index]
            return text
    return ""


def _lines(block: _Element, text: str) -> list[str]:
    """Plain-text lines of a block: one per paragraph or heading, one per list item/table row.
    An item holding a nested list or table gives its own line without them: their items follow
    as lines of their own, and would otherwise be read twice."""
    child_tag = _LINE_PER_CHILD.get(str(block.tag))
    if child_tag is None:
        return [text]
    return [line for child in block.iter(child_tag) if (line := _text(child, _NESTED_BLOCKS))]
