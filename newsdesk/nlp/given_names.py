"""Given names: which words are more often someone's first name than their family name.

The lists are the US census's first and family names with each name's share of people, as the
``names`` package ships them; nothing is fetched. A reader follows no one by a given name alone
("my wife Portia"), so hashtags ask. The lists are data of their own, kept apart from the
hashtag rules that read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import names as census_names


def is_given_name(word: str) -> bool:
    """Whether ``word`` is more common as a first name than as a family name: "Clara",
    "Kenneth" and "Thomas", not "Harris" or "Palmer"."""
    return word.lower() in given_names()


@cache
def given_names() -> frozenset[str]:
    """Every such name, in lower case. Read once a process, some 94,000 lines (0.1 s): a
    process that forks others reads them first, and they share them."""
    first: dict[str, float] = {}
    for kind in ("first:male", "first:female"):
        for name, share in _census_shares(census_names.FILES[kind]):
            first[name] = max(first.get(name, 0.0), share)
    last = dict(
        (name, share) for name, share in _census_shares(census_names.FILES["last"]) if name in first
    )
    return frozenset(name for name, share in first.items() if share > last.get(name, 0.0))


def _census_shares(path: str) -> Iterator[tuple[str, float]]:
    """(name in lower case, its share of people in percent) for each line of a census list."""
    with Path(path).open(encoding="ascii") as lines:
        for line in lines:
            name, share, *_ = line.split()
            yield name.lower(), float(share)
