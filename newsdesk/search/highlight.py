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
# English function words, as the Snowball stop list PostgreSQL's english configuration drops
# from a search: marking every "are" and "the" of a snippet for "why are dockers striking"
# hides the words that explain the result.
_FUNCTION_WORD_LIST = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())


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
    (the opening if none occurs), matches marked; an ellipsis where the text was cut. Function
    words are not marked unless the search is made of nothing else ("The Who")."""
    meaningful = [word for word in words if word.lower() not in _FUNCTION_WORDS] or list(words)
    stems = {stem(word) for word in meaningful}
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
