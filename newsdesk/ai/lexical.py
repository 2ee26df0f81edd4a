"""Word-level evidence: content tokens and idf-weighted overlap with sentences.

Embeddings find paraphrases but blur names and numbers ("Lyon" and "Lille" embed alike); exact
word overlap catches those, so question answering blends both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
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


# Irregular forms, so "rose" meets "rise" and "fled" meets "flee".
_IRREGULAR = {
    form: base
    for base, forms in (
        ("rise", "rose risen"), ("fall", "fell fallen"), ("pay", "paid"), ("take", "took taken"),
        ("go", "went gone"), ("flee", "fled"), ("leave", "left"), ("find", "found"),
        ("send", "sent"), ("build", "built"), ("hold", "held"), ("win", "won"),
        ("lose", "lost"), ("lead", "led"), ("steal", "stole stolen"), ("begin", "began begun"),
        ("meet", "met"), ("run", "ran"), ("bring", "brought"), ("buy", "bought"),
        ("sell", "sold"), ("make", "made"), ("strike", "struck"), ("spend", "spent"),
        ("keep", "kept"), ("catch", "caught"), ("give", "gave given"), ("break", "broke broken"),
        ("sweep", "swept"), ("drive", "drove driven"), ("grow", "grew grown"),
        ("fly", "flew flown"), ("know", "knew known"), ("see", "saw seen"), ("wake", "woke"),
        ("write", "wrote written"), ("sink", "sank sunk"), ("die", "died dead death"),
        ("choose", "chose chosen"), ("shake", "shook"), ("feel", "felt"), ("hear", "heard"),
    )
    for form in forms.split()
}  # fmt: skip
# Words news readers and writers use for the same thing; each group meets as its first word.
_SYNONYM_GROUPS = (
    "home house household flat dwelling residence property",
    "evacuate flee displace relocate",
    "kill die fatal fatality victim",
    "injure hurt wound injury",
    "sign signature petition",
    "boss chief head lead executive ceo leader chair chairman chairwoman captain manager",
    "company firm business group operator corporation",
    "power electricity supply electric",
    "network grid system",
    "rain rainfall downpour precipitation",
    "river water flood floodwater",
    "ship vessel boat",
    "lorry truck",
    "worker employee staff docker dockworker",
    "price cost fee charge inflation",
    "money fund funding cash",
    "salary wage pay",
    "police officer",
    "fine penalty",
    "hack breach attack cyberattack intrusion",
    "record file data",
    "customer subscriber user client",
    "resident people inhabitant population local",
    "doctor gp physician dr",
    "vote ballot election poll",
    "rate interest",
    "share stock",
    "strike walkout stoppage",
    "rise increase climb jump raise",
    "fall drop decline slide slip cut lower reduce",
    "start begin launch open",
    "end finish close complete",
    "build construct make",
    "shut close",
    "fix repair restore",
    "detect notice discover spot find",
    "jail prison custody",
    "town village city municipality",
    "school academy",
    "road street highway",
    "car vehicle",
    "fire blaze",
    "child kid",
    "mill",
    "wheel",
    "talk negotiation",
    "plan scheme project proposal",
    "deal agreement",
    "decide decision",
    "approve approval",
    "arrive arrival",
    "announce announcement",
    "offer bid",
    "law legislation legislate",
    "ask request",
    "want seek demand",
    "hope expect forecast predict",
    "old age",
    "establish found",
    # Titles as news abbreviates them before a name ("Gov. Heidar Alishvandi").
    "governor gov",
    "superintendent supt",
    "inspector insp",
    "senator sen",
)


_POSSESSIVE = re.compile(r"['’]s$")


def _stem(word: str) -> str:
    """A word's concept stem: its possessive and suffix stripped, then a final "e", so that the
    forms of a word meet ("homes" and "home", "queuing" and "queue", "Holding's" and
    "Holding")."""
    stem = _SUFFIX.sub("", _POSSESSIVE.sub("", word))
    return stem[:-1] if len(stem) > 3 and stem.endswith("e") else stem


def _inflections(word: str) -> set[str]:
    """The stems of a word's regular forms: "house" gives "hous" ("house", "houses")."""
    forms = {word, f"{word}s", f"{word}es", f"{word}d", f"{word}ed", f"{word}ing", f"{word}er"}
    if word.endswith("e"):
        forms.add(f"{word[:-1]}ing")
    if word.endswith("y"):
        forms |= {f"{word[:-1]}ies", f"{word[:-1]}ied"}
    return {_stem(form) for form in forms}


_SYNONYMS = {
    stem: _stem(group.split()[0])
    for group in _SYNONYM_GROUPS
    for word in group.split()
    for stem in _inflections(word)
}


# Idioms that mean one of the words above: "forcing 1,200 people from their homes" is an
# evacuation, "in charge of" names a boss.
_IDIOMS = (
    (
        re.compile(
            r"\b(?:forc|flee|fled|leav|left|driv|drove|move|ordered)\w*\b[^.;]{0,40}"
            r"\b(?:out of|from|leave|left|quit)\s+(?:their|his|her|its)\s+(?:homes?|houses?)",
            re.I,
        ),
        "evacuate",
    ),
    (re.compile(r"\bin charge of\b|\bruns?\b|\bheads?\b", re.I), "boss"),
    # A rocket "lifted off" or "blasted off": it was launched.
    (re.compile(r"\b(?:lift|lifted|lifts|lifting|blast|blasted|blasts)\s+off\b", re.I), "start"),
    # A mill "put up" in 1792 was built then.
    (
        re.compile(r"\b(?:put|puts|putting)\s+(?:it\s+|them\s+)?up\b(?!\s+(?:with|for)\b)", re.I),
        "build",
    ),
    # A company "set up" in 1987 was founded then.
    (re.compile(r"\b(?:set|sets|setting)\s+(?:it\s+|them\s+)?up\b", re.I), "establish"),
)


# British spellings written the American way, so that a reader's "centered" meets the
# article's "centred" and "organize" meets "organise". Each rule rewrites a word the same way
# whichever side of the Atlantic wrote it ("devour" becomes "devor" in both), so a word that
# is spelled alike everywhere still meets itself.
_AMERICAN = (
    (re.compile(r"(?<=[a-z]{3})our(?=(?:s|ed|ing|ite|ites|able|ful|hood|less)?$)"), "or"),
    (re.compile(r"(?<=[a-z]{2})([iy])s(?=(?:e|es|ed|er|ers|ing|ation|ations)$)"), r"\1z"),
    (re.compile(r"(?<=[a-z]{2})([tb])re(?=s?$)"), r"\1er"),
    (re.compile(r"(?<=[a-z]{2})([tb])red$"), r"\1ered"),
    (re.compile(r"(?<=[a-z]{3})ogue(?=s?$)"), "og"),
)
_AMERICAN_WORDS = {
    "defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
    "licence": "license", "licences": "licenses", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "grey": "gray",
    "aluminium": "aluminum", "tyre": "tire", "tyres": "tires",
}  # fmt: skip


def _american(word: str) -> str:
    """A lower-case word as American spelling writes it."""
    word = _AMERICAN_WORDS.get(word, word)
    for pattern, replacement in _AMERICAN:
        word = pattern.sub(replacement, word)
    return word


def concepts(text: str, *, synonyms: bool = True) -> list[str]:
    """Content words with inflections, British and American spellings and common synonyms
    folded together ("houses" and "homes", "fled" and "evacuated", "centred" and "centered"),
    for matching a reader's wording against the article's; without `synonyms`, each word is
    its own concept (a question naming inflation names it, not a price)."""
    words = [w.lower() for w in _WORD.findall(text)]
    words += [concept for pattern, concept in _IDIOMS if pattern.search(text)]
    stems = (_stem(_IRREGULAR.get(w, _american(w))) for w in words if w not in STOPWORDS)
    return [_SYNONYMS.get(stem, stem) for stem in stems] if synonyms else list(stems)


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
    def build(
        cls, texts: Sequence[str], analyze: Callable[[str], list[str]] = tokens
    ) -> LexicalIndex:
        documents = [frozenset(analyze(t)) for t in texts]
        frequency: Counter[str] = Counter(w for words in documents for w in words)
        n = len(documents)
        idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in frequency.items()}
        return cls(documents, idf)

    def coverage(self, query: Sequence[str]) -> list[float]:
        """Per sentence, the idf-weighted share of the query's words it contains (0..1).

        Words that no sentence contains weigh the most, which is what makes "What did the mayor
        say?" unanswerable in an article with no mayor.
        """
        weights = self.weights(query)
        total = sum(weights.values())
        if not total:
            return [0.0] * len(self.documents)
        return [
            sum(v for w, v in weights.items() if w in words) / total for words in self.documents
        ]

    def weights(self, query: Sequence[str]) -> dict[str, float]:
        """Each distinct query word's idf; a word no sentence contains weighs the most."""
        unseen = math.log(1 + (len(self.documents) + 0.5) / 0.5)
        return {w: self.idf.get(w, unseen) for w in set(query)}
