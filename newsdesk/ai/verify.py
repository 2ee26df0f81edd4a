"""The verifier: a generated sentence is shown only if its cited sentences support it.

Support means both that the sentence means what the cited text says (embedding cosine above a
threshold) and that every checkable detail it states — each number, date and capitalized name —
appears in the cited text. The second test catches what embeddings miss: "2,500 troops" and
"3,000 troops" embed almost identically.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import nh3
import numpy as np

from newsdesk.ai import facts
from newsdesk.ai.embedding import Embedder
from newsdesk.ai.prompts import Draft
from newsdesk.ai.types import AIOptions
from newsdesk.lib.text import normalize_space

_MARKDOWN = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+|[*_`#]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}")
_WORD = re.compile(r"[\w'’.-]+")
_FIGURE = re.compile(r"\d+(?:[.:]\d+)*")
_SAME_VALUE = 0.005


@dataclass(frozen=True, slots=True)
class Verified:
    """A draft that passed, with its cited sentence positions (0-based in the prompt's list)."""

    text: str
    sources: list[int]


def plain_text(text: str) -> str:
    """Model output as plain text: tags and script bodies removed, entities decoded, even when
    the markup was entity-encoded to slip through one pass; Markdown emphasis dropped."""
    for _ in range(3):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    return normalize_space(_MARKDOWN.sub("", text))


def verify(
    drafts: Sequence[Draft], sentences: Sequence[str], embed: Embedder, options: AIOptions
) -> list[Verified]:
    """The drafts whose citations resolve and whose cited sentences support them."""
    checked = []
    context: np.ndarray | None = None
    for draft in drafts:
        text = plain_text(draft.text)
        sources = sorted({n - 1 for n in draft.citations if 1 <= n <= len(sentences)})
        if not text or not sources:
            continue
        cited = [sentences[i] for i in sources]
        if not _states_only_cited_details(text, " ".join(cited)):
            continue
        if context is None:
            context = embed(list(sentences))
        if _supported(text, cited, context, embed, options):
            checked.append(Verified(text, sources))
    return checked


def _supported(
    text: str, cited: list[str], context: np.ndarray, embed: Embedder, options: AIOptions
) -> bool:
    """Close enough in meaning to the cited sentences (or to all of them together, for a
    sentence that fuses several), and not much closer to some sentence it does not cite: the
    relative test catches a wrong citation even where a model's cosines run high."""
    vectors = embed([text, " ".join(cited), *cited])
    support = float((vectors[1:] @ vectors[0]).max())
    best_anywhere = float((context @ vectors[0]).max())
    return (
        support >= options.verifier_min_support
        and support >= best_anywhere - options.verifier_margin
    )


def _states_only_cited_details(text: str, cited: str) -> bool:
    if not _states_only_cited_numbers(text, cited):
        return False
    if not facts.dates(text).keys() <= facts.dates(cited).keys():
        return False
    cited_words = {facts.word_key(w) for w in _WORD.findall(cited)}
    return facts.capitalized_words(text) <= cited_words


def _states_only_cited_numbers(text: str, cited: str) -> bool:
    """Every amount has its value in the cited text ("2.5 million" may cite "2,500,000"), and
    every other figure — a time, a decade, a score — appears there digit for digit."""
    cited_values = [q.value for q in facts.quantities(cited)]
    matched_spans = []
    for quantity in facts.quantities(text):
        if not any(_same_value(quantity.value, v) for v in cited_values):
            return False
        matched_spans.append(quantity.span)
    cited_figures = set(_FIGURE.findall(cited.replace(",", "")))
    return all(
        figure in cited_figures or any(figure in span.replace(",", "") for span in matched_spans)
        for figure in _FIGURE.findall(text.replace(",", ""))
    )


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= _SAME_VALUE * max(abs(a), abs(b), 1.0)
