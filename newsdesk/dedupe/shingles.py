"""Word shingles shared by the SimHash fingerprint and the MinHash index.

Three-word windows of lower-cased ``\\w+`` tokens: punctuation, case and spacing changes (a CMS
re-typesetting wire copy) leave them alone, while different wording of the same facts does not.
"""

from __future__ import annotations

import re

SHINGLE_SIZE = 3
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``."""
    return _WORD.findall(text.lower())


def word_shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    """Lower-cased ``size``-word windows of ``text``; a shorter text gives one window."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    # The i-th of ``size`` shifted copies of the tokens gives each window its i-th word;
    # zip stops at the shortest, the last full window.
    return set(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))
