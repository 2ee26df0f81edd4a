"""Hashtags derived from an article: its most salient entities, topped up with key words.

A tag must be worth following, so salience favours what the headline names, what is mentioned
often and what comes early, and a noise list keeps out what every article has (days, months,
numbers, "said", agency names). Tags are CamelCase spellings of the entity's name, so the same
entity always gives the same tag.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from newsdesk.nlp.entities import Entity, entity_key

_WEEKDAYS_MONTHS = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow"
)
# Words that appear in most news text or in publisher furniture, never worth a tag.
_NEWS_NOISE = (
    "said says say told according report reports reported reporting news breaking update "
    "updated live video photo photos image images getty reuters ap afp associated press upi "
    "cnn bbc copyright rights reserved read click subscribe newsletter story article editor "
    "people year years time times week day month percent million billion official officials "
    "statement source sources new just like also would could told including"
)
NOISE = frozenset(_WEEKDAYS_MONTHS.split()) | frozenset(_NEWS_NOISE.split()) | STOP_WORDS
_LABEL_WEIGHT = {"PERSON": 1.0, "ORG": 1.0, "GPE": 1.0, "EVENT": 1.0, "FAC": 0.9, "LOC": 0.9}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_TAG_PART = re.compile(r"[A-Za-z0-9]+")
_DOTTED_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")


@dataclass(frozen=True)
class HashtagOptions:
    """How many tags and how far into the text salience looks."""

    min_tags: int = 3
    max_tags: int = 8
    lead_chars: int = 1500
    max_tag_chars: int = 30
    min_keyword_count: int = 2


def hashtags_for(
    headline: str,
    text: str,
    entities: Sequence[Entity],
    options: HashtagOptions | None = None,
) -> list[str]:
    """3-8 CamelCase tags (without "#"), most salient first."""
    options = options or HashtagOptions()
    tags = _unique(_entity_tags(headline, text, entities, options))[: options.max_tags]
    # Key words fill in when the entities alone give too few tags (one place, no names).
    room = max(0, options.min_tags + 1 - len(tags))
    keywords = _keyword_tags(headline, text, entities, options)
    return _unique(tags + keywords)[: len(tags) + room]


def _unique(candidates: list[str]) -> list[str]:
    tags: list[str] = []
    for candidate in candidates:
        if _is_new(candidate, tags):
            tags.append(candidate)
    return tags


def to_tag(name: str, max_chars: int = 30) -> str:
    """CamelCase a name: "Ain al-Asad" -> "AinAlAsad", "U.S." -> "US", acronyms kept."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    if _DOTTED_INITIALS.fullmatch(ascii_name):
        return ascii_name.replace(".", "").upper()
    parts = [p if p.isupper() else p[:1].upper() + p[1:] for p in _TAG_PART.findall(ascii_name)]
    words = [p for p in parts if len(p) > 1]
    # Middle and leading initials add nothing: "W. Mark Felt" -> "MarkFelt".
    if len(words) >= 2:
        parts = words
    # Long names (full names of people, long organisation names) keep their last words.
    while len(parts) > 1 and len("".join(parts)) > max_chars:
        parts = parts[1:]
    return "".join(parts)


def _entity_tags(
    headline: str, text: str, entities: Sequence[Entity], options: HashtagOptions
) -> list[str]:
    headline_keys = {entity_key(w) for w in _WORD.findall(headline)} | {entity_key(headline)}
    scored = []
    for entity in entities:
        weight = _LABEL_WEIGHT.get(entity.label)
        tag = to_tag(entity.name, options.max_tag_chars)
        if weight is None or not _is_clean(tag):
            continue
        in_headline = entity.name.lower() in headline.lower() or entity.key in headline_keys
        early = max(0.0, 1.0 - entity.first_offset / max(len(text), 1))
        score = weight * (entity.mentions + 4.0 * in_headline + 2.0 * early)
        scored.append((-score, entity.first_offset, tag))
    return [tag for *_, tag in sorted(scored)]


def _keyword_tags(
    headline: str, text: str, entities: Sequence[Entity], options: HashtagOptions
) -> list[str]:
    """Frequent content words of the lead that no entity already covers, headline words first."""
    covered = {part for e in entities for part in e.key.split("-")}
    in_headline = {w.lower() for w in _WORD.findall(headline)}
    counts = Counter(w.lower() for w in _WORD.findall(text[: options.lead_chars]))
    counts.update(in_headline - counts.keys())
    scored = [
        (-(count + 2 * (word in in_headline)), word)
        for word, count in counts.items()
        if (count >= options.min_keyword_count or word in in_headline)
        and word not in covered
        and _is_keyword(word)
    ]
    return [to_tag(word) for _, word in sorted(scored)]


def _is_keyword(word: str) -> bool:
    # Without a tagger, the "-ed"/"-ing" endings are a cheap way to skip most verb forms.
    return (
        len(word) >= 4
        and word not in NOISE
        and not word.endswith(("ed", "ing", "ly"))
        and "'" not in word
        and "’" not in word
    )


def _is_clean(tag: str) -> bool:
    return len(tag) >= 2 and not tag.isdigit() and tag.lower() not in NOISE


def _is_new(tag: str, chosen: list[str]) -> bool:
    """Skip duplicates and tags contained in a chosen one ("Sudani" after "AlSudani")."""
    lowered = tag.lower()
    return bool(tag) and not any(lowered in c.lower() or c.lower() in lowered for c in chosen)
