"""Word-level evidence: content tokens and idf-weighted overlap with sentences.

Embeddings find paraphrases but blur names and numbers ("Lyon" and "Lille" embed alike); exact
word overlap catches those, so question answering blends both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*", re.UNICODE)
_SUFFIX = re.compile(r"(?<=\w{3})(?:'s|’s|ies|ers|er|es|s|ing|ed|ly)$")


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one white-space separated string (readable word lists)."""
    return frozenset(words.split())


STOPWORDS = word_set(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours also did does say said says tell told according
    article report story many much"""
)


def tokens(text: str) -> list[str]:
    """Lower-cased, lightly stemmed content words of a text."""
    words = (w.lower() for w in _WORD.findall(text))
    return [_SUFFIX.sub("", w) for w in words if w not in STOPWORDS]


@dataclass(frozen=True, slots=True)
class LexicalIndex:
    """Idf-weighted word overlap between a query and each of a fixed list of sentences.

    This is BM25 with binary term frequency and no length normalisation: in one-sentence
    "documents" a word rarely repeats, and a bounded 0..1 score is what an absolute
    answerability threshold needs.
    """

    documents: list[frozenset[str]]
    idf: dict[str, float]

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        documents = [frozenset(tokens(t)) for t in texts]
        frequency: Counter[str] = Counter(w for words in documents for w in words)
        n = len(documents)
        idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in frequency.items()}
        return cls(documents, idf)

    def coverage(self, query: Sequence[str]) -> list[float]:
        """Per sentence, the idf-weighted share of the query's words it contains (0..1).

        Words that no sentence contains weigh the most, which is what makes "What did the mayor
        say?" unanswerable in an article with no mayor.
        """
        unseen = math.log(1 + (len(self.documents) + 0.5) / 0.5)
        weights = {w: self.idf.get(w, unseen) for w in set(query)}
        total = sum(weights.values())
        if not total:
            return [0.0] * len(self.documents)
        return [
            sum(v for w, v in weights.items() if w in words) / total for words in self.documents
        ]
