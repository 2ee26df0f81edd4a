"""Turn an enriched article into the keys clustering compares: entities, years and quantities.

Look-alike events (two quakes in one country, two shootings in one city) share a topic and often
a place; what differs is who, where exactly, when and how many. So besides entity keys we keep the
years, full dates and salient quantities of the lead as ``year:``, ``date:`` and ``num:`` keys.

A quantity key names what is counted and in what unit: "12 people" -> ``num:people:12``,
"€80M" -> ``num:eur:80000000``, "magnitude 6.1" -> ``num:magnitude:6.1``. Counts disagree only
about the same thing in the same unit: £74M and $108M may be one loot converted, and "at least
50 injured" is not "12 dead" (see ``quantities_disagree``). A number glued to letters ("76ers",
"4G", "F-35") is part of a name, and an approximate one ("about", "more than", "an estimated")
gets a ``~`` and agrees with its unit within a factor of ``APPROXIMATE_FACTOR``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsdesk.nlp.entities import Entity

# Entities of these kinds name the event's who/where; NORP ("Iraqi") is too broad to tell events.
EVENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "EVENT", "FAC"})
LEAD_CHARS = 600
# Estimates and conversions of one figure ("about $108M", "up to $160M") stay this close.
APPROXIMATE_FACTOR = 2.0
# The units of ``year:`` and ``date:`` keys ("35-year-old" counts in "year", another thing).
YEAR_UNIT = "@year"
DATE_UNIT = "@date"
# Reports of one event date themselves within days of each other; look-alikes are months apart.
DATE_WINDOW_DAYS = 7
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']+")
# "SoftBank's Son", "'Cosmos' premiere": a possessive or a closing quote makes no other word.
_WORD_END = re.compile(r"'s?$")
# A number with what stands around it. Not part of a time ("1:19"), a date ("11/28/05"), a
# version or id ("2.3.1") or a name ("F-35", "G7").
_QUANTITY = re.compile(
    r"(?P<before>[A-Za-z]+\.?\s+|[^\w\s]\s*)?"
    r"(?P<currency>US\$|[$€£¥])?\s?"
    r"(?<![\w:.,/])(?<![A-Za-z]-)(?<![:/]\s)"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d|[:,.]\d|\s?/)"
    r"(?P<glued>[A-Za-z]+)?"
    r"(?:[\s-]+(?P<scale>million|billion|trillion|thousand|mn|bn)\b)?"
    r"(?:[\s-]*(?P<after>[A-Za-z]+|%))?"
)
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}
_CURRENCY_SYMBOLS = {"$": "usd", "US$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
# Words that name what a number counts, folded to one unit each, so that "killing 10" and
# "10 dead", "5.6-magnitude" and "magnitude 5.6", "$3m" and "3 million dollars" compare.
_UNIT_FAMILIES = {
    "usd": "dollar dollars usd",
    "eur": "euro euros eur",
    "gbp": "pound pounds sterling gbp",
    "jpy": "yen jpy",
    "dead": "dead killed killing kills kill died dying deaths death fatalities lives bodies",
    "injured": "injured injuring injuries injury hurt wounded wounding",
    "magnitude": "magnitude richter",
    "percent": "percent % pc",
    "age": "aged age",
}
_CURRENCIES = frozenset({"usd", "eur", "gbp", "jpy"})
_UNIT_WORDS = {word: unit for unit, words in _UNIT_FAMILIES.items() for word in words.split()}
# "magnitude-5.2 quake": a unit word hyphened to its number (unlike the name "F-35").
_HYPHENED_UNIT = re.compile(r"\b(magnitude|richter|aged)-(?=\d)", re.IGNORECASE)
# A day of the month, a clock time or a unit that says nothing about the event's size.
_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
_NOT_A_COUNT = frozenset({"am", "pm", "a", "p", "gmt", "utc", "et", "bst", "edt", "est"})
_APPROXIMATE = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|over|more than|less than|"
    r"fewer than|at least|up to|as many as|upwards of|estimated|an estimated|est)\s*$",
    re.IGNORECASE,
)
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# "November 28, 2005", "28 Nov 2005", "11/28/05" (month first unless the first part is > 12).
_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<first>\d{1,2})\s?/\s?(?P<second>\d{1,2})\s?/\s?(?P<year>(?:19|20)?\d\d)\b"),
)
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
# Some feeds (and ECB+) space out number punctuation: "6. 1 - magnitude", "3: 33 a. m.".
_SPACED_NUMBER = re.compile(r"(?<=\d)\s?([.:])\s(?=\d)")
_APPROXIMATE_WINDOW = 20  # characters before the number where "more than" etc. are looked for
# "60-year-old", "26 years old": an age, not a span of years ("41 years later").
_AGE_SUFFIX = re.compile(r"[\s-]*old\b", re.IGNORECASE)
_AGE_UNIT = "age"
# Reports of one event give a person's age a year apart (a birthday, an outlet's rounding).
_AGE_TOLERANCE = 1.0


@dataclass(frozen=True)
class Quantity:
    """A number in a unit ("" when the text gives none); approximate ones match loosely."""

    unit: str
    value: float
    approximate: bool = False


def article_keys(entities: Iterable[Entity], lead: str) -> frozenset[str]:
    """Entity keys of the event's who/where, plus ``year:``, ``date:`` and ``num:`` keys from
    the lead."""
    keys = {e.key for e in entities if e.label in EVENT_LABELS and e.key}
    text = lead[:LEAD_CHARS]
    years = set(_YEAR.findall(text))
    keys.update(f"year:{y}" for y in years)
    keys.update(_quantity_key(q) for q in lead_quantities(text, years))
    keys.update(f"date:{d.isoformat()}" for d in lead_dates(text))
    return frozenset(keys)


def headline_word_keys(headline: str) -> frozenset[str]:
    """The headline's words, but stop words and words of two letters, as ``word:`` keys.

    A feed of headlines alone names its subject in title case ("Titanfall Launch Hindered By
    Xbox Live Sign-In Issues", "Mt. Gox Seeks US Bankruptcy Relief"), where the entity model
    finds few names or glues a whole headline into one; the words it shares with a story are
    the names it has, weighted like any other key by how many of the story's reports carry
    them. "SoftBank's" is the word "softbank" of the report that says "Softbank CEO"."""
    words = (_WORD_END.sub("", word.lower()) for word in _WORD.findall(headline))
    return frozenset(f"word:{w}" for w in words if len(w) > 2 and w not in STOP_WORDS)


def lead_dates(text: str) -> set[date]:
    """Full dates a text gives (a dateline's, the event's): when, finer than the year."""
    found: set[date] = set()
    for pattern in _DATES:
        found.update(d for d in map(_date, pattern.finditer(text)) if d is not None)
    return found


def _date(match: re.Match[str]) -> date | None:
    year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
    if "month" in match.groupdict():
        month, day = _MONTH_NUMBERS[match["month"][:3].lower()], int(match["day"])
    else:
        first, second = int(match["first"]), int(match["second"])
        month, day = (second, first) if first > 12 else (first, second)
    try:
        return date(year, month, day)
    except ValueError:
        return None  # "31/02/2013"


def lead_quantities(text: str, years: set[str] | None = None) -> list[Quantity]:
    """The salient quantities of a text: not years, days of the month, times or names."""
    years = years if years is not None else set(_YEAR.findall(text))
    text = _HYPHENED_UNIT.sub(r"\1 ", _SPACED_NUMBER.sub(r"\1", text))
    found = []
    for match in _QUANTITY.finditer(text):
        quantity = _quantity(match, text, years)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity(match: re.Match[str], text: str, years: set[str]) -> Quantity | None:
    number, glued = match["number"], (match["glued"] or "").lower()
    before = (match["before"] or "").strip(" .").lower()
    after = (match["after"] or "").lower()
    if number in years or before[:3] in _MONTHS or after[:3] in _MONTHS:
        return None
    if (glued and glued not in _SCALES) or after in _NOT_A_COUNT:
        return None  # "76ers", "4G", "12th"; "10 am"
    value = float(number.replace(",", "")) * _SCALES.get(glued or match["scale"] or "", 1.0)
    if "." not in number and value <= 2:
        return None  # 0-2 are too common to tell events apart
    start = match.start("currency") if match["currency"] else match.start("number")
    approximate = bool(_APPROXIMATE.search(text[max(0, start - _APPROXIMATE_WINDOW) : start]))
    if after in ("year", "years") and _AGE_SUFFIX.match(text, match.end()):
        return Quantity(_AGE_UNIT, value, approximate)
    return Quantity(_unit(match, before, after), value, approximate)


def _unit(match: re.Match[str], before: str, after: str) -> str:
    """The currency, unit or counted noun ("people", "dead"), singular; "" when unknown."""
    if match["currency"]:
        return _CURRENCY_SYMBOLS[match["currency"]]
    if before in _UNIT_WORDS:
        return _UNIT_WORDS[before]  # "magnitude 6.1", "killing 10"
    if after in _UNIT_WORDS:
        return _UNIT_WORDS[after]
    if after in STOP_WORDS:
        return ""  # "98 over the Celtics", "400 others": no counted noun
    return after.removesuffix("s") if len(after) > 3 else after


def _quantity_key(quantity: Quantity) -> str:
    value = f"{quantity.value:g}" if quantity.value < 1e6 else f"{quantity.value:.0f}"
    return f"num:{quantity.unit}:{'~' if quantity.approximate else ''}{value}"


# Clustering compares the same keys again and again (every report against each candidate
# story's core): each is parsed once.
@lru_cache(maxsize=1 << 16)
def parse_quantity(key: str) -> Quantity | None:
    """The quantity a ``year:``, ``date:`` or ``num:`` key stands for (``num:12``, the older
    form, has no unit); ``None`` for an entity key."""
    kind, _, rest = key.partition(":")
    if kind == "year":
        return Quantity(YEAR_UNIT, float(rest))
    if kind == "date":
        return Quantity(DATE_UNIT, float(date.fromisoformat(rest).toordinal()))
    if kind != "num":
        return None
    unit, _, value = rest.rpartition(":")
    return Quantity(unit, float(value.lstrip("~")), value.startswith("~"))


def quantities_disagree(mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """Two sets of quantity keys describe different events: some pairs are comparable and none
    of them agrees.

    Two counts of different things say nothing about each other ("10 dead", "50 injured"), nor
    do sums in different currencies (one loot converted). A year, a date or a number of unknown
    unit is still compared with counts, as before units were read: in a lead they are mostly the
    event's own, and look-alike events (two quakes years apart) differ in exactly those.
    """
    left = [q for q in map(parse_quantity, mine) if q is not None]
    right = [q for q in map(parse_quantity, theirs) if q is not None]
    comparable = [(a, b) for a in left for b in right if _comparable(a, b)]
    return bool(comparable) and not any(_agree(a, b) for a, b in comparable)


def _comparable(a: Quantity, b: Quantity) -> bool:
    if a.unit == b.unit:
        return True
    if a.unit in _CURRENCIES or b.unit in _CURRENCIES:
        return False
    return not (_is_count(a) and _is_count(b))


def _is_count(quantity: Quantity) -> bool:
    """A number whose unit the text names ("10 dead"), unlike a year, a date or a bare number."""
    return quantity.unit not in ("", YEAR_UNIT, DATE_UNIT)


def _agree(a: Quantity, b: Quantity) -> bool:
    if a.unit != b.unit:
        return False
    if a.unit == DATE_UNIT:
        return abs(a.value - b.value) <= DATE_WINDOW_DAYS
    if a.unit == _AGE_UNIT and abs(a.value - b.value) <= _AGE_TOLERANCE:
        return True
    if not (a.approximate or b.approximate):
        return a.value == b.value
    low, high = sorted((a.value, b.value))
    return high <= low * APPROXIMATE_FACTOR


# Datelines and timestamps that feeds put where a title belongs: "LONDON (Reuters) -",
# "Updated 10:42 a.m.", "18 September 2013 Last updated at 13: 59 GMT".
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]*(?:\([^)]*\))?\s*[-–—]+\s*$")
_TIMESTAMP_WORDS = re.compile(
    r"\b(?:last|updated?|posted|published|first|on|at|by|am|pm|a\s*\.?\s*m|p\s*\.?\s*m|gmt|utc|"
    r"bst|edt|est|cdt|cst|pdt|pst|ist|et|pt|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|"
    r"may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|"
    r"sun(?:day)?|\d+(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)


def is_dateline(title: str) -> bool:
    """A "title" that only says where or when ("LONDON (Reuters) -", "Updated 10:42 a.m."):
    it names nothing the report is about."""
    stripped = title.strip()
    if _DATELINE.match(stripped):
        return True
    rest = _TIMESTAMP_WORDS.sub(" ", stripped)
    return bool(re.search(r"\d", stripped)) and not re.search(r"[A-Za-z]{2}", rest)
