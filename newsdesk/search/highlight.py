"""A snippet of an article around the words a reader searched for, with the matches marked.

Both engines stem (porter in FTS5, the english configuration in PostgreSQL), so "striking"
matches a search for "strike"; marking compares words by the same crude stem so the reader
sees why a result came up. Returned as segments, so templates escape the text themselves."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
_SUFFIXES = ("ing", "ers", "ed", "es", "er", "ly", "s")


@dataclass(frozen=True)
class Segment:
    text: str
    match: bool


def stem(word: str) -> str:
    """A crude stem, enough to recognise the inflections the engines fold together."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)].rstrip("e")
    return word.rstrip("e") if len(word) > 3 else word


def snippet(text: str, words: Sequence[str], width: int = 220) -> list[Segment]:
    """About ``width`` characters of ``text`` starting shortly before the first searched word
    (the opening if none occurs), matches marked; an ellipsis where the text was cut."""
    stems = {stem(word) for word in words}
    found = [m for m in _WORD.finditer(text) if stem(m.group()) in stems]
    start = 0
    if found and found[0].start() > width // 3:
        start = text.rfind(" ", 0, found[0].start() - width // 4) + 1
    end = len(text) if len(text) - start <= width else text.rfind(" ", start, start + width)
    end = end if end > start else min(len(text), start + width)
    segments = [Segment("…", False)] if start else []
    cursor = start
    for match in found:
        if match.start() < start:
            continue
        if match.end() > end:
            break
        if match.start() > cursor:
            segments.append(Segment(text[cursor : match.start()], False))
        segments.append(Segment(match.group(), True))
        cursor = match.end()
    if end > cursor:
        segments.append(Segment(text[cursor:end], False))
    if end < len(text):
        segments.append(Segment("…", False))
    return segments
