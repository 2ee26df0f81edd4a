"""Word shingles shared by the SimHash fingerprint and the MinHash index."""

from __future__ import annotations

import re

SHINGLE_SIZE = 3
_WORD = re.compile(r"\w+")


def word_shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    """Lower-cased ``size``-word windows of ``text``; a shorter text gives one window."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
