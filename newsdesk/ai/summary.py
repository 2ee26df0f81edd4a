"""Extractive summaries and key points: the article's own sentences, each citing itself."""

from __future__ import annotations

import re
import time

import numpy as np

from newsdesk.ai import facts
from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.ranking import RankedArticle, pick_diverse, rank
from newsdesk.ai.types import DEFAULT_OPTIONS, AIOptions, Document, Grounded, Result, elapsed_ms

# Openers that tie a sentence to the one before it; a bullet stands alone without them. Openers
# that carry meaning ("Earlier,", "So far,") stay.
_LEADING_CONNECTIVE = re.compile(
    r"^(?:however|but|and|also|meanwhile|moreover|furthermore|in addition|additionally|"
    r"separately|indeed|thus|therefore|as a result|on the other hand|in contrast|by contrast|"
    r"similarly|likewise|for example|for instance|in fact|of course|nevertheless|nonetheless)"
    r"\b[,:;]?\s+",
    re.IGNORECASE,
)


def summarize(
    document: Document,
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> Result:
    """The 2–3 most central sentences of the article that read on their own, covering the
    headline's figures, in article order."""
    started = time.perf_counter()
    ranked = rank(document, embed_or_default(embed), options)
    picked = _summary_sentences(ranked, options)
    return Result([_bullet(ranked, i) for i in picked], latency_ms=elapsed_ms(started))


def key_points(
    document: Document,
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> Result:
    """3–6 bullets chosen by maximal marginal relevance, shortest phrasing preferred; they
    complement the summary, so none repeats a summary sentence."""
    started = time.perf_counter()
    ranked = rank(document, embed_or_default(embed), options)
    relevance = _relevance(ranked, options)
    relevance[_summary_sentences(ranked, options)] = 0.0
    picked = _mmr(ranked, relevance, options)
    return Result([_bullet(ranked, i) for i in picked], latency_ms=elapsed_ms(started))


def _summary_sentences(ranked: RankedArticle, options: AIOptions) -> list[int]:
    """The summary's sentence indexes in article order: the best-scored that stand alone
    (no opening "She said", "It", "From there"), then, for each figure of the headline none
    of them gives, the best sentence giving it in place of the weakest pick."""
    sentences = ranked.document.sentences
    scores = ranked.scores * [
        options.dangling_factor if leans_on_previous(s.text) else 1.0 for s in sentences
    ]
    # A short article gets the shorter summary, so the summary never retells the article.
    enough = np.count_nonzero(scores) >= 2 * options.summary_sentences
    count = options.summary_sentences if enough else options.min_summary_sentences
    order = [int(i) for i in np.argsort(-scores, kind="stable")]
    picked = pick_diverse(ranked, order, count, options.similarity_cap)
    for figure in _FIGURE.findall(ranked.document.headline):
        if picked and not any(figure in _text(ranked, i) for i in picked):
            giving = [i for i in order if scores[i] > 0 and figure in _text(ranked, i)]
            if giving and giving[0] not in picked:
                picked[-1] = giving[0]
    return sorted(set(picked))


def leans_on_previous(text: str) -> bool:
    """Whether a sentence opens on a word that points back at the one before it."""
    return bool(_DANGLING.match(trim_connective(text)))


def _text(ranked: RankedArticle, index: int) -> str:
    return ranked.document.sentences[index].text


def _relevance(ranked: RankedArticle, options: AIOptions) -> np.ndarray:
    """Importance, discounted for sentences much longer than a bullet should be and for
    sentences with no concrete detail (a name, a number, a date): "The effects are spreading."
    is a transition, not a point."""
    sentences = ranked.document.sentences
    brevity = _brevity(ranked, options.ideal_point_words)
    concrete = np.array(
        [1.0 if _concrete(s.text) else options.vague_point_factor for s in sentences]
    )
    standalone = [options.dangling_factor if leans_on_previous(s.text) else 1.0 for s in sentences]
    relevance = ranked.scores * brevity * concrete * standalone
    top = relevance.max(initial=0.0)
    return relevance / top if top > 0 else relevance


def _brevity(ranked: RankedArticle, ideal_words: int) -> np.ndarray:
    """1 up to `ideal_words`, then less for longer sentences (a summary line is read at a
    glance)."""
    words = np.array([len(s.text.split()) for s in ranked.document.sentences], dtype=float)
    return np.sqrt(np.minimum(1.0, ideal_words / np.maximum(words, 1)))


def _mmr(ranked: RankedArticle, relevance: np.ndarray, options: AIOptions) -> list[int]:
    """Greedy MMR; stops at the cap, or past the minimum once what is left is weak or repetitive."""
    picked: list[int] = []
    candidates = {i for i in range(len(relevance)) if relevance[i] > 0}
    while candidates and len(picked) < options.max_key_points:
        best = max(candidates, key=lambda i: _marginal_gain(ranked, relevance, picked, i, options))
        candidates.discard(best)
        if any(ranked.similarity(best, j) >= options.similarity_cap for j in picked):
            continue
        if len(picked) >= options.min_key_points and relevance[best] < options.min_point_relevance:
            break
        picked.append(best)
    return picked


def _concrete(text: str) -> bool:
    return bool(
        facts.quantities(text) or facts.mentions_time(text) or facts.capitalized_words(text)
    )


def _marginal_gain(
    ranked: RankedArticle, relevance: np.ndarray, picked: list[int], i: int, options: AIOptions
) -> float:
    redundancy = max((ranked.similarity(i, j) for j in picked), default=0.0)
    return options.mmr_lambda * relevance[i] - (1 - options.mmr_lambda) * redundancy


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
_DANGLING = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|his|her|its|their|this|that|these|those|there|then|such|"
    r"from there|the (?:latter|former)|both|neither)\b",
    re.IGNORECASE,
)


def _quote(ranked: RankedArticle, index: int) -> Grounded:
    document = ranked.document
    sentence = document.sentences[index]
    return document.quote(sentence)


def _bullet(ranked: RankedArticle, index: int) -> Grounded:
    quoted = _quote(ranked, index)
    return Grounded(trim_connective(quoted.text), quoted.citations)


def trim_connective(text: str) -> str:
    """ "However, the army said…" → "The army said…" """
    trimmed = _LEADING_CONNECTIVE.sub("", text, count=1)
    return trimmed[:1].upper() + trimmed[1:] if trimmed else text
