"""Plain text from feed fields that may hold HTML (titles, summaries, authors, tags).

Feeds put markup, entities and double-escaped entities (``&amp;amp;``) in fields we show as
plain text. Stripping tags with a regex is safe here because the output is text, never HTML,
and it keeps words apart where block tags separated them (w3lib's ``remove_tags`` glues
``<p>one</p><p>two</p>`` into "onetwo").
"""

from __future__ import annotations

import html
import re

from newsdesk.lib.text import normalize_space

_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*\b[^<>]*>")
# Inline tags vanish without a gap ("un<b>bold</b>ed"); all other tags leave a space.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strong"
    r"|sub|sup|time|u|var)\b[^<>]*>",
    re.IGNORECASE,
)
# C1 control characters in text almost always are windows-1252 bytes decoded as Latin-1
# ("don\x92t"); map them to what the publisher meant. Undefined cp1252 slots are dropped.
_C1_CONTROL = re.compile("[\x80-\x9f]")
_C1_TO_CP1252 = {
    code: bytes([code]).decode("cp1252", errors="ignore") or None for code in range(0x80, 0xA0)
}
_MAX_UNESCAPE_ROUNDS = 2


def plain_text(value: str | None) -> str:
    """Markup-free, entity-free, single-spaced text; '' for ``None``."""
    if not value:
        return ""
    text = value
    for _ in range(_MAX_UNESCAPE_ROUNDS):
        if "<" not in text and "&" not in text:
            break
        text = html.unescape(_strip_tags(text))
    if "<" in text:  # unescaping the last round may have revealed tags
        text = _strip_tags(text)
    if _C1_CONTROL.search(text):
        text = text.translate(_C1_TO_CP1252)
    return normalize_space(text)


def _strip_tags(text: str) -> str:
    """Strip until nothing tag-like is left: removing ``<b>`` from ``<<b>b>`` makes a new tag."""
    while True:
        text = _COMMENT.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text))
        text = _TAG.sub(" ", _INLINE_TAG.sub("", text))
        if not _TAG.search(text):
            return text
