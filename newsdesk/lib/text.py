"""Plain-text helpers: sentence splitting, clean excerpts and the words an acronym stands for.

Sentence boundaries matter in three places: excerpts (never cut mid-sentence, never leave a
dangling "("), AI citations (every claim points at a sentence) and key-point selection. We split
with a small rule-based splitter instead of spaCy's parser because it is ~100x faster and news
prose is regular enough; the abbreviation list keeps "Mr. Smith" and "U.S. troops" whole.
"""

from __future__ import annotations

import re

# Words that end with a full stop without ending the sentence.
_ABBREVIATION_WORDS = """
    mr mrs ms dr prof sr jr st mt gen col lt sgt cpl pvt maj capt cmdr adm gov sen rep rev hon
    pres inc ltd co corp bros dept est vs etc approx no nos fig jan feb mar apr jun jul aug
    sep sept oct nov dec u.s u.k u.n e.u a.m p.m i.e e.g
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# Initials, read lower-cased without their last full stop: "f" of "F.", "t.j" of "T.J.".
_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can open a sentence.
_BOUNDARY = re.compile(r"([.!?…]+[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
# The last word of a text, read backwards from its end: searched for forwards with ``$``, the
# pattern was tried from every position of the sentence, most of an excerpt's time.
_WORD_BACKWARDS = re.compile(r"[\w.]+")


def normalize_space(text: str) -> str:
    """Collapse runs of white space into single spaces and trim the ends (``str.split`` reads
    white space as ``\\s`` does, in a third of the time: extraction calls this for every text
    node of every article)."""
    return " ".join(text.split())


def split_sentences(text: str) -> list[str]:
    """Split one paragraph of prose into sentences, keeping their punctuation."""
    text = normalize_space(text)
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.end(1)]
        if _ends_with_abbreviation(candidate):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _ends_with_abbreviation(candidate: str) -> bool:
    if not candidate.endswith("."):
        return False
    match = _WORD_BACKWARDS.match(candidate[-2::-1])
    if not match:
        return False
    word = match.group()[::-1].lower()
    # Single capital letters are initials ("John F. Kennedy", "T.J. Simons").
    return word in _ABBREVIATIONS or _INITIALS.fullmatch(word) is not None


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a plain text whose paragraphs are separated by newlines."""
    return [normalize_space(p) for p in text.split("\n") if p.strip()]


# An excerpt reads at most this many times ``max_chars`` of the text (spaces collapse).
EXCERPT_READ_FACTOR = 3


def excerpt(text: str, max_chars: int = 280) -> str:
    """The longest run of whole leading sentences that fits in ``max_chars``.

    Falls back to a word-boundary cut with an ellipsis when even the first sentence is too long,
    and drops unbalanced trailing brackets or quotes so an excerpt never ends in a dangling "(".
    """
    chosen: list[str] = []
    length = 0
    # Only the opening can fit: normalizing a long article whole cost lists most of their time.
    for paragraph in paragraphs(text[: max_chars * EXCERPT_READ_FACTOR]):
        for sentence in split_sentences(paragraph):
            extra = len(sentence) + (1 if chosen else 0)
            if length + extra > max_chars:
                return _tidy(" ".join(chosen)) if chosen else _cut_words(sentence, max_chars)
            chosen.append(sentence)
            length += extra
    return _tidy(" ".join(chosen))


def _cut_words(sentence: str, max_chars: int) -> str:
    cut = sentence[: max_chars - 1].rsplit(" ", 1)[0]
    return _tidy(cut.rstrip(" ,;:-–—(\"'“‘")) + "…"


def _tidy(text: str) -> str:
    """Remove an opening bracket that is never closed, with what follows it."""
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].rstrip()
    return text


# Short words a name spelled out by its capitals may hold ("Organization for Security and
# Cooperation in Europe").
_LINKING_WORDS = r"(?:,?\s+(?:of|for|and|the|in|on|de|du|des)?\s*)"


def spelled_out_pattern(acronym: str) -> str:
    """A pattern for the capitalised words an acronym stands for, short linking words and
    commas allowed between them: "OSCE" finds "Organization for Security and Cooperation in
    Europe", "ETL" finds "extracting, transforming, and loading"."""
    return _LINKING_WORDS.join(rf"{re.escape(letter)}[\w'’-]*" for letter in acronym)
