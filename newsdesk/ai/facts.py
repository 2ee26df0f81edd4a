"""Checkable details inside a sentence: numbers with their units, dates, speakers, quotes, names.

Coverage comparison uses them to find outlets that disagree, and the LLM verifier uses them to
reject generated sentences that state a detail their cited sentences do not contain. Both must
avoid false alarms, so every extractor errs on the side of finding nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.ai.lexical import STOPWORDS, word_set

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a": 1, "one": 1, "dozen": 12, "dozens": 24,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9,
    "mn": 1e6, "m": 1e6, "k": 1e3,
}  # fmt: skip
# "one" and "a" only count before a scale ("one million"), never alone ("one of the").
_DIGIT_WORDS = "|".join(w for w, n in _NUMBER_WORDS.items() if 1 <= n <= 9 and w != "a")
_COUNT_WORDS = "|".join(w for w, n in _NUMBER_WORDS.items() if n >= 2)
_WORD_NUMBER = f"(?:{_COUNT_WORDS})(?:[- ](?:{_DIGIT_WORDS}))?"
_SCALE = r"hundred|thousand|million|billion|trillion|bn|mn"
# Units written against the number: "140mm", "43.2C", "40mn", "£3m".
_ATTACHED = r"bn|mn|m|km|cm|mm|kg|g|t|mph|C|F|k"
_NUMBER = re.compile(
    r"(?P<qualifier>\b(?:about|around|nearly|almost|roughly|approximately|some|over|under|"
    r"more than|less than|fewer than|at least|up to|as many as|an estimated|estimated)\s+)?"
    r"(?P<currency>[$€£])?"
    rf"(?P<amount>\d+(?:,\d{{3}})*(?:\.\d+)?(?:(?P<attached>{_ATTACHED})\b|(?![\w,]*\w))"
    rf"|\b{_WORD_NUMBER}\b|\b(?:a|one)(?=\s+(?:{_SCALE})\b))"
    rf"(?:[\s-]*(?P<scale>{_SCALE})\b)?"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?"
    r"(?P<after>(?:-[A-Za-z][\w-]*)?(?:\s+(?:of\s+)?[A-Za-z][\w-]*){0,3})",
    re.IGNORECASE,
)
_FILLER = word_set(
    "more additional new other extra the a an its their his her local foreign further "
    "people's than and or of"
)
_WORDS = re.compile(r"[A-Za-z][\w-]*")
# Words that can follow a number without being what it counts ("3 near the town").
_NOT_COUNTED = word_set(
    """near across along around behind beyond within without per via toward towards among amid
    despite ago earlier later apiece each percent"""
)
_MODIFIER_ENDINGS = ("ed", "ing")
# Plurals with no plural ending: like "runners", they end what a number counts ("1,800 people
# use the line" counts people, not uses).
_PLURAL_WORDS = word_set("people children men women staff police personnel cattle")
# A part of a counted whole: "38 of the 81 seats", "Seven of Jenkin's friends", "Nineteen of 24
# economists" each count what the whole is made of.
_PARTITIVE = re.compile(
    r"\s+of\s+(?:(?:the|its|their|his|her|our|these|those)\s+|[A-Z][\w-]*['’]s\s+)?"
    rf"(?:(?:\d[\d,]*|{_WORD_NUMBER})\s+)?(?P<noun>[a-z][\w-]*)",
    re.IGNORECASE,
)
# A plural ending: not that of "suspicious", "homeless" or "bonus", which are no plurals.
_SINGULAR = re.compile(r"(?<=\w{2})(?:ies|(?<![sui])s)$")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
_DATE = re.compile(
    rf"\b(?:(?P<day_first>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month_after>{_MONTH})"
    rf"|(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<year>\d{{4}}))?"
    r"|\b(?P<iso>\d{4}-\d{2}-\d{2})\b"
    r"|\b(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
    r"|\b(?i:in|since|by|until|from|before|after|of)\s+(?P<lone_year>(?:19|20)\d{2})\b"
    rf"|\b(?i:in|since|by|until|from|before|after|last|next|early|late|mid-)\s*(?P<month_only>"
    rf"{'|'.join(m.capitalize() for m in _MONTHS)})\b(?:\s+(?P<month_year>\d{{4}}))?"
)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm|GMT|UTC)|\b\d{1,2}:\d{2}\b")
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|al|bin|da|del|la)\s+)?[A-Z][\w'’.-]*)*"
_SPEECH = (
    r"(?:said|says|told|added|stated|announced|claimed|warned|insisted|argued|confirmed|"
    r"denied|wrote|tweeted)"
)
_SPEAKER_PATTERNS = (
    # "said Defence Minister Yara Tobin", "said army chief General Omar Haddad"
    re.compile(
        rf"\b(?!told){_SPEECH}\s+(?:(?:the|its|their|[a-z]+'s)\s+)?(?:[a-z]+\s+){{0,3}}"
        rf"(?P<name>{_NAME})"
    ),
    re.compile(rf"(?P<name>{_NAME})(?:,[^,]{{1,80}})?,?\s+{_SPEECH}\b"),
    re.compile(rf"\baccording to (?:the\s+)?(?P<name>{_NAME})"),
)
# "…," he said: the speaker was named in the sentence before.
_PRONOUN_SPEAKER = re.compile(
    rf"\b(?:he|she|they)\s+{_SPEECH}\b|\b{_SPEECH}\s+(?:he|she|they)\b", re.IGNORECASE
)
_NAMES = re.compile(_NAME)
_ROLE_THEN_PERSON = re.compile(rf"(?:['’]s)?(?:\s+[a-z]+){{1,3}},?\s+(?P<name>{_NAME})")
_ATTRIBUTION = re.compile(rf"\b{_SPEECH}\b|\baccording to\b", re.IGNORECASE)
_COMMON_OPENERS = word_set(
    """the a an he she they it we i you this that these those his her their its officials
    police witnesses residents analysts sources but and however meanwhile earlier later on in
    at after before while"""
)
# Capitalized words that are not names: sentence openers, weekdays, months.
_NOT_NAMES = _COMMON_OPENERS | _WEEKDAYS | frozenset(_MONTHS)
_TITLES = word_set(
    """president minister prime defense defence foreign interior health finance secretary mayor
    governor general chief spokesman spokeswoman spokesperson senator judge director
    commissioner ambassador mr mrs ms dr prof sen rep gen col lt capt deputy vice state
    army police ministry department office"""
)
_QUOTE = re.compile(r"“([^”]{12,})”|\"([^\"]{12,})\"")
_CAPITALIZED = re.compile(r"\b[A-Z][\w'’.-]*")
_OPENING_NAME = re.compile(rf"[A-Z][\w.-]*(?:'s|’s|\s+[A-Z]|\s+{_SPEECH}\b)")
_POSSESSIVE = re.compile(r"(?:'s|’s|[.'’])+$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as stated ("about 2,500 troops"), its figure ("2,500") and what it counts
    ("troop")."""

    value: float
    unit: str
    approximate: bool
    span: str
    amount: str


def quantities(text: str) -> list[Quantity]:
    """The counted amounts in a sentence; bare years, dates and clock times are left out."""
    text = _TIME.sub(" ", _DATE.sub(" ", text))
    found = []
    for match in _NUMBER.finditer(text):
        quantity = _quantity(match)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity(match: re.Match[str]) -> Quantity | None:
    attached = match["attached"] or ""
    amount = match["amount"][: len(match["amount"]) - len(attached)].lower()
    if amount[0].isdigit():
        value = float(amount.replace(",", ""))
    else:
        value = float(sum(_NUMBER_WORDS[w] for w in re.split(r"[- ]", amount)))
    scale = match["scale"] or _attached_scale(match)
    if scale:
        value *= _SCALES[scale.lower()]
    unit, end = _unit(match)
    if not unit and amount.isdigit() and 1900 <= value <= 2100:
        return None  # a bare year, handled as a date
    approximate = bool(match["qualifier"]) or amount == "dozens"
    span = match.string[match.start() : end].strip()
    return Quantity(value, unit, approximate, span, match["amount"])


def number_word(word: str) -> int | None:
    """ "forty-five" → 45, "three" → 3; None for a word that is not a number."""
    parts = re.split(r"[- ]", word.lower())
    if not all(p in _NUMBER_WORDS and p != "a" for p in parts):
        return None
    return sum(_NUMBER_WORDS[p] for p in parts)


def _attached_scale(match: re.Match[str]) -> str:
    """ "40mn" and "£3m" are millions; "3m" on its own is metres."""
    attached = (match["attached"] or "").lower()
    if attached in ("bn", "mn", "k") or (attached == "m" and match["currency"]):
        return attached
    return ""


def _unit(match: re.Match[str]) -> tuple[str, int]:
    """What the number counts, and where its span ends ("2,500 troops", "40 percent")."""
    core_end = max(match.end(g) for g in ("amount", "scale", "percent") if match[g])
    if match["percent"]:
        return "percent", core_end
    if match["currency"]:
        return match["currency"], core_end
    if match["attached"] and not _attached_scale(match):
        return match["attached"].lower(), core_end
    hyphened = match["after"].startswith("-") and _WORDS.match(
        match.string, match.start("after") + 1
    )
    if hyphened:  # "a 221-kilometre line" is measured in kilometres
        return _singular(hyphened.group(0).lower()), hyphened.end()
    head = None
    for word in _WORDS.finditer(match.string, match.start("after"), match.end("after")):
        lower = word.group(0).lower()
        if _counts_something(word.group(0)):
            head = word  # the last noun of "31 cargo ships" is what it counts
            if _SINGULAR.search(lower) or lower in _PLURAL_WORDS:
                break  # a plural noun ends the phrase: "24,000 runners took part"
        elif head is not None or not (lower in _FILLER or lower.endswith(_MODIFIER_ENDINGS)):
            break  # "40 cooling centres" and "2,000 armed men" skip the modifier
    if head is None:
        return _partitive_unit(match, core_end)
    return _singular(head.group(0).lower()), head.end()


def _partitive_unit(match: re.Match[str], core_end: int) -> tuple[str, int]:
    """What a number counts as a part of a whole ("38 of the 81 seats"), if it is one."""
    part = _PARTITIVE.match(match.string, core_end)
    if part is None or not _counts_something(part["noun"]):
        return "", core_end
    noun = part["noun"].lower()
    if not (_SINGULAR.search(noun) or noun in _PLURAL_WORDS):
        return "", core_end  # "two of them", "five of the seven-strong board"
    return _singular(noun), part.end()


def _singular(word: str) -> str:
    return _SINGULAR.sub(lambda m: "y" if m.group(0) == "ies" else "", word)


def _counts_something(word: str) -> bool:
    """Whether the word after a number can be what it counts: not a function word ("two would"),
    a verb form ("two voted") or a name ("2.8 million Vireo customers" counts customers)."""
    lower = word.lower()
    return not (
        lower in STOPWORDS
        or lower in _NOT_COUNTED
        or word[0].isupper()
        or lower.endswith(_MODIFIER_ENDINGS)
    )


def dates(text: str) -> dict[str, str]:
    """Normalized dates a sentence states ("03-05" month-day, "03" month, "tuesday", "2024"),
    each with the words that state it."""
    found: dict[str, str] = {}
    for match in _DATE.finditer(text):
        written = match.group(0).strip()
        month = match["month"] or match["month_after"]
        if month:
            number = _month_number(month)
            found[f"{number:02d}-{int(match['day'] or match['day_first']):02d}"] = written
            if match["year"]:
                found[match["year"]] = written
        elif match["iso"]:
            found[match["iso"][5:]] = written
            found[match["iso"][:4]] = written
        elif match["weekday"]:
            found[match["weekday"].lower()] = written
        elif match["month_only"]:
            written = text[match.start("month_only") : match.end()]
            found[f"{_month_number(match['month_only']):02d}"] = written
            if match["month_year"]:
                found[match["month_year"]] = written
        else:
            found[match["lone_year"]] = match["lone_year"]
    return found


def _month_number(month: str) -> int:
    prefix = month.rstrip(".").lower()[:3]
    return next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(prefix))


def mentions_time(text: str) -> bool:
    """Whether a sentence says when: a date, a weekday, a year or a clock time."""
    return bool(_DATE.search(text) or _TIME.search(text))


def date_kind(date: str) -> str:
    """Dates are only compared with dates of the same precision (a weekday is not a day)."""
    if date[0].isalpha():
        return "weekday"
    return {4: "year", 2: "month"}.get(len(date), "day")


def speaker(text: str, previous: str = "") -> str | None:
    """The named person or body a sentence attributes its claim to, if any; `previous` is the
    sentence before, where "he said" finds its name."""
    unquoted = _QUOTE.sub("“…”", text)
    for pattern in _SPEAKER_PATTERNS:
        for match in pattern.finditer(unquoted):
            name = _clean_name(match["name"])
            if name:
                return _person_after(unquoted, match.end("name")) or name
    if previous and _PRONOUN_SPEAKER.search(text):
        names = [_clean_name(m.group(0)) for m in _NAMES.finditer(previous)]
        people = [n for n in names if n and len(n.split()) >= 2]
        return max(people, key=lambda n: len(n.split()), default=None)
    return None


def _person_after(text: str, end: int) -> str | None:
    """The person an organisation or person's role introduces: "said Nordrail spokesman Leif
    Berg", "Kiprono's coach, Peter Rono"."""
    match = _ROLE_THEN_PERSON.match(text, end)
    if not match:
        return None
    name = _clean_name(match["name"])
    return name if name and len(name.split()) >= 2 else None


def _clean_name(name: str) -> str | None:
    words = [_POSSESSIVE.sub("", w) for w in name.split()]  # keeps case: names are shown
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    while words and words[-1].lower() in _NOT_NAMES:
        words.pop()
    if not any(w.lower() not in _TITLES for w in words):
        return None  # "the Minister" alone could be anyone: never a basis for a conflict
    return " ".join(words)


def same_speaker(first: str, second: str) -> bool:
    """Whether two attributions can name the same speaker ("Katz" and "Defense Minister Katz")."""
    return bool(_name_keys(first) & _name_keys(second))


def distinct_speakers(first: str, second: str) -> bool:
    """Two attributions that clearly name different speakers. One of them must be a full name:
    single words ("Vireo", "ShadowKelp") are too often an organisation and its spokesperson."""
    full_name = max(len(_name_keys(first)), len(_name_keys(second))) >= 2
    return full_name and not same_speaker(first, second)


def _name_keys(name: str) -> set[str]:
    return {w.lower() for w in name.split() if w.lower() not in _TITLES}


def attributed(text: str) -> bool:
    """Whether a sentence says who is speaking ("…, she said", "according to …")."""
    return bool(_ATTRIBUTION.search(text))


def quotes(text: str) -> list[str]:
    """The directly quoted passages of a sentence."""
    return [(a or b).strip(" ,.") for a, b in _QUOTE.findall(text)]


def capitalized_words(text: str) -> set[str]:
    """The names a sentence mentions, as lower-case keys (see `word_key`).

    A capitalized opening word is usually just an opening ("Drivers will pay…"), so it counts
    only when it reads like a name: followed by another capitalized word, a possessive or a
    verb of speech ("Okafor said…").
    """
    words = _CAPITALIZED.findall(text)
    opening = text.lstrip(" \"“'‘(")
    if words and opening.startswith(words[0]) and not _OPENING_NAME.match(opening):
        words = words[1:]
    return {word_key(w) for w in words if w.lower() not in _NOT_NAMES}


def word_key(word: str) -> str:
    """A word compared without case, possessive or trailing dots ("Katz's" -> "katz")."""
    return _POSSESSIVE.sub("", word.lower())
