"""Turn an enriched article into the keys clustering compares: entities, years and numbers.

Look-alike events (two quakes in one country, two shootings in one city) share a topic and often
a place; what differs is who, where exactly, when and how many. So besides entity keys we keep the
years and the salient numbers of the lead ("6.1" magnitude, "12" dead) as ``year:``/``num:`` keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.nlp.entities import Entity

# Entities of these kinds name the event's who/where; NORP ("Iraqi") is too broad to tell events.
EVENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "EVENT", "FAC"})
LEAD_CHARS = 600
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# A number with the word before it; numbers inside times ("1:19") or ids ("2,3") are skipped.
_NUMBER = re.compile(r"(?:([A-Za-z]+)\.?\s+)?(?<![\d:.,])(\d+(?:\.\d+)?)(?![\d:,])")
_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)


def article_keys(entities: Iterable[Entity], lead: str) -> frozenset[str]:
    """Entity keys of the event's who/where, plus ``year:`` and ``num:`` keys from the lead."""
    keys = {e.key for e in entities if e.label in EVENT_LABELS and e.key}
    text = lead[:LEAD_CHARS]
    years = set(_YEAR.findall(text))
    keys.update(f"year:{y}" for y in years)
    keys.update(f"num:{n}" for before, n in _NUMBER.findall(text) if _is_salient(before, n, years))
    return frozenset(keys)


def _is_salient(before: str, number: str, years: set[str]) -> bool:
    """Not a year, not a day of the month, not 0-2 (too common to tell events apart)."""
    if number in years or before[:4].lower() in _MONTHS or before[:3].lower() in _MONTHS:
        return False
    return "." in number or int(number) > 2
