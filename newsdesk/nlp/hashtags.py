"""Hashtags derived from an article: its most salient names, topped up with established topics.

A hashtag is a name a reader would click to follow: a person, organisation, place, event or named
product, or one of a few established topics ("Election", "Earthquake"). Salience favours what
the headline names, what is mentioned often and what comes early. NER on real pages also returns
headline fragments ("Lindsay Lohan Checks Into Rehab"), times ("GMT"), generic nouns ("Gang" at
the start of a headline) and furniture ("Associated Press"), so a name must also read as a name
in the article's prose (see ``_shown_name``). Tags are CamelCase spellings of the entity's name,
so the same entity always gives the same tag.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii
from nameparser.config import CONSTANTS as NAME_WORDS
from spacy.lang.en.stop_words import STOP_WORDS

from newsdesk.lib.text import spelled_out_pattern
from newsdesk.nlp.entities import Entity, entity_key, spell_out_states
from newsdesk.nlp.given_names import is_given_name

_WEEKDAYS_MONTHS = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Words that appear in most news text or in publisher furniture, never worth a tag.
_NEWS_NOISE = (
    "said says say told according report reports reported reporting news breaking update "
    "updated live video photo photos image images getty reuters ap afp associated press upi "
    "cnn bbc copyright rights reserved read click subscribe newsletter story article editor "
    "courtesy "
    "people year years time times week day month percent million billion official officials "
    "statement source sources new just like also would could told including "
    "associatedpress agencefrancepresse unitedpressinternational"
)
# Time zones: NER reads "10:42 GMT" as an organisation.
_TIME_ZONES = (
    "utc gmt bst ist cet cest eet eest wet west est edt cst cdt mst mdt pst pdt akst akdt hst "
    "aest aedt acst awst nzst nzdt jst kst sgt hkt pht wib msk et ct mt pt"
)
# Acronyms of everyday things, trades and credentials, not of anything one follows.
_GENERIC_ACRONYMS = (
    "md mba phd rd rn cpa jd dds ceo cfo cto coo vp hr pr diy faq pdf usb gps gpa tbd tba "
    "asap fyi rsvp vip tv dvd sms url wifi lte qwerty swat qa qc ui ux seo api sdk cms crm erp "
    "saas kpi roi nas dslr slr hdr led lcd oled ssd hdd cpu gpu ram vpn dns html css nfc "
    "isp http https ssl ctv ott dui dwi ir"
)
NOISE = (
    frozenset(_WEEKDAYS_MONTHS.split())
    | frozenset(_NEWS_NOISE.split())
    | frozenset(_TIME_ZONES.split())
    | frozenset(_GENERIC_ACRONYMS.split())
    | STOP_WORDS
)
# Acronyms of common words that are established topics all the same: "artificial intelligence
# (AI)".
_TOPIC_ACRONYMS = frozenset({"AI"})
# Established news topics a reader follows even where no name is involved; other common words
# ("Garden", "Career") describe an article without being anything to follow.
TOPICS = frozenset(
    [
        "election",
        "elections",
        "referendum",
        "impeachment",
        "earthquake",
        "tsunami",
        "hurricane",
        "typhoon",
        "cyclone",
        "tornado",
        "wildfire",
        "wildfires",
        "flood",
        "floods",
        "drought",
        "volcano",
        "pandemic",
        "epidemic",
        "vaccine",
        "vaccines",
        "covid",
        "coronavirus",
        "cancer",
        "obesity",
        "healthcare",
        "climate",
        "inflation",
        "recession",
        "unemployment",
        "tariffs",
        "immigration",
        "refugees",
        "terrorism",
        "cybersecurity",
        "ransomware",
        "blockchain",
        "bitcoin",
        "cryptocurrency",
        "olympics",
    ]
)
_LABEL_WEIGHT = {"PERSON": 1.0, "ORG": 1.0, "GPE": 1.0, "EVENT": 1.0, "FAC": 0.9, "LOC": 0.9}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_TOKEN = re.compile(r"[^\W_]+")
_TAG_PART = re.compile(r"[A-Za-z0-9]+")
_DOTTED_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")
# A line in Title Case (a headline, a subheading): NER cannot tell its names from its words.
_TITLE_CASE_SHARE = 0.75
_TITLE_CASE_MIN_WORDS = 2
# A line of this many words or fewer closed by a full stop may still be a heading or a slogan.
_SLOGAN_WORDS = 4
# A sentence ends after a lower-case word, so "U.S. Geological Survey" stays in one piece.
_SENTENCE_BREAK = re.compile(r"(?<=[a-z]{2}[.!?])\s+")
_SENTENCE_START = "^"
# A name cited as a source: "told the X", "sources tell X", "according to X", "a report from
# X", "per X", "courtesy of X", "the news agency X", "X reported", "X is reporting".
_CITED_BEFORE = re.compile(
    r"(?<!\w)(?i:told|tells?|according to|report (?:from|by)|reported by|via|per|courtesy of|"
    r"news agency|press agency)(?: (?i:the))?\Z"
)
_CITING_AFTER = re.compile(
    r"(?i:reported|reports|reporting|wrote|says|estimates|estimated"
    r"|(?:is|was) reporting|ha(?:s|d|ve) reported)\b"
)
# Longer than any words either pattern reads ("according to the", "is reporting").
_ATTRIBUTION_REACH = 20
# A sentence adverb, which NER reads as a person when it opens a sentence.
_SENTENCE_ADVERB = re.compile(r"[A-Z][a-z]+(?:fully|ingly|ately|ously|ively|edly|ably|ibly)")
# Two names run together by a credit line ("Michael Hession/NYT Wirecutter"), or two acronyms
# by "&" ("WBA & IBO").
_FUSED = re.compile(r"[/|]|\b[A-Z]{2,} & [A-Z]{2,}\b")
# Shorter titles in capitals are abbreviations that also spell places ("UK", "US").
_SHOUTED_ROLE_MIN = 4
# How an adjective in a name ends: "Ethical", "Judicial", "Federal", "Olympic", "Executive".
_ADJECTIVE = r"(?:al|ic|ive|ous|ary)"
# How the name of a people ends ("Ukrainian", "Japanese"), which NER sometimes reads as a place.
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ese)")
# Kinds of names that stand alone ("Detroit", "Obama"): the sentence-start test spares them.
_NAMED_ALONE = frozenset({"PERSON", "GPE", "LOC"})
# Titles of the news that ``nameparser`` lacks: "Coroner Gary Hargrove" is Gary Hargrove.
_MORE_TITLES = frozenset(
    {
        "coroner", "trooper", "spokesman", "spokeswoman", "spokesperson", "inspector",
        "constable", "prosecutor", "superintendent", "rapper", "paramedic", "firefighter",
        "marshal",
    }
)  # fmt: skip


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
    """Up to 8 CamelCase tags (without "#"), most salient first; none rather than noise."""
    options = options or HashtagOptions()
    prose = _Prose.of(headline, text)
    tags = _unique(_entity_tags(headline, text, entities, prose, options))[: options.max_tags]
    # Established topics fill in when the names alone give too few tags (one place, no people).
    room = max(0, options.min_tags + 1 - len(tags))
    return _unique(tags + _topic_tags(headline, text, options))[: len(tags) + room]


def _unique(candidates: list[str]) -> list[str]:
    tags: list[str] = []
    for candidate in candidates:
        if _is_new(candidate, tags):
            tags.append(candidate)
    return tags


def to_tag(name: str, max_chars: int = 30) -> str:
    """CamelCase a name: "Ain al-Asad" -> "AinAlAsad", "U.S." -> "US", acronyms kept."""
    ascii_name = anyascii(name)
    if _DOTTED_INITIALS.fullmatch(ascii_name):
        return ascii_name.replace(".", "").upper()
    parts = [p if p.isupper() else p[:1].upper() + p[1:] for p in _TAG_PART.findall(ascii_name)]
    words = [p for p in parts if len(p) > 1]
    # Middle and leading initials add nothing: "W. Mark Felt" -> "MarkFelt".
    if len(words) >= 2:
        parts = words
    # Long names of people keep their last words (the family name).
    while len(parts) > 1 and len("".join(parts)) > max_chars:
        parts = parts[1:]
    return "".join(parts)


@dataclass(frozen=True)
class _Prose:
    """The article's sentences as spaced tokens (case kept), for whole-word look-ups.

    Title Case lines (a Title Case headline, subheadings) are left out: in them NER cannot tell a
    name from the words around it, so a name must also occur in ordinary sentences. Each
    sentence starts with a marker, because there every word is capitalised.
    """

    tokens: str
    raw: str  # headline and text as written, punctuation kept

    @classmethod
    def of(cls, headline: str, text: str) -> _Prose:
        lines = [
            spell_out_states(line)
            for line in [headline, *text.splitlines()]
            if not _is_title_case(line)
        ]
        sentences = [part for line in lines for part in _SENTENCE_BREAK.split(line)]
        # One sentence per line, so a phrase is never found across a sentence break.
        tokens = "\n".join(f" {_SENTENCE_START} {' '.join(_words(s))} " for s in sentences)
        return cls(tokens, f"{headline}\n{text}")

    def has(self, words: Sequence[str]) -> bool:
        return f" {' '.join(words)} " in self.tokens

    def count(self, words: Sequence[str]) -> int:
        return self.tokens.count(f" {' '.join(words)} ")

    def count_attributions(self, words: Sequence[str]) -> int:
        """How often the phrase is cited as a source: "according to the X", "X reported".

        Each occurrence is found as a plain substring and only the words either side of it are
        read: a pattern built around the phrase would be compiled for every name of every
        article and run over the whole text (a fifth of the hashtags' time)."""
        phrase = f" {' '.join(words)} "
        found = 0
        start = self.tokens.find(phrase)
        while start != -1:
            end = start + len(phrase)
            before = self.tokens[max(0, start - _ATTRIBUTION_REACH) : start]
            after = self.tokens[end : end + _ATTRIBUTION_REACH]
            found += bool(_CITED_BEFORE.search(before) or _CITING_AFTER.match(after))
            start = self.tokens.find(phrase, end - 1)
        return found

    def only_starts_sentences(self, words: Sequence[str]) -> bool:
        """Every occurrence opens a sentence ("Comedian Ellen DeGeneres picked to host")."""
        phrase = f" {' '.join(words)} "
        return self.tokens.count(phrase) == self.tokens.count(f" {_SENTENCE_START}{phrase}")

    def only_after_an_article(self, words: Sequence[str], *, indefinite: bool = False) -> bool:
        """Every occurrence follows an article or a number, as no person's name does: a
        character or a role ("the Grinch"), a model ("a .357 Magnum"); with ``indefinite``,
        "a" or "an" only: one of many ("an Arizona county")."""
        phrase = re.escape(" ".join(words))
        article = "[Aa]n?" if indefinite else r"[Tt]he|[Aa]n?|\d+"
        after = re.findall(rf" (?:{article}) {phrase} ", self.tokens)
        return len(after) == self.count(words) > 0

    def only_inside_longer_names(self, words: Sequence[str]) -> bool:
        """Every occurrence runs on into another capitalized word that is no day or month:
        a name cut short ("Martin" of "director Martin Scorsese", "Murray" of "Murray's Pizza")."""
        phrase = re.escape(" ".join(words))
        following = re.findall(rf" {phrase} (?:s )?([A-Z]\w*)", self.tokens)
        named = [word for word in following if word.lower() not in NOISE]
        return len(named) == self.count(words) > 0

    def only_before_of_a_name(self, words: Sequence[str]) -> bool:
        """Every occurrence runs on with "of" and a capitalised word: the start of a longer
        name NER cut short ("Fundamentalist Church" of "Fundamentalist Church of Jesus Christ
        of Latter Day Saints"). Not for people, whom "of" places ("Larry Kroon of Wasilla")."""
        if f"{words[-1]} of " not in self.raw:
            return False  # most names: no need to build and run a pattern
        written = r"\W+".join(map(re.escape, words))
        everywhere = len(re.findall(rf"(?<![\w.]){written}(?!\w)", self.raw))
        cut = len(re.findall(rf"(?<![\w.]){written} of (?:the )?[A-Z]", self.raw))
        return cut == everywhere > 0

    def only_coordinated(self, name: str) -> bool:
        """Every occurrence is half of a name whose adjectives "and" joins, which NER cut in
        two: "Council on Ethical" and "Judicial Affairs" of "Council on Ethical and Judicial
        Affairs"."""
        bare = name.removesuffix(" and")
        if f"{bare} and " not in self.raw and f" and {bare}" not in self.raw:
            return False  # most names: no need to build and run a pattern
        written = re.escape(bare)
        everywhere = len(re.findall(rf"(?<![\w.]){written}(?![\w])", self.raw))
        before_and = rf"(?<![\w.]){written} and [A-Z]" if re.search(rf"{_ADJECTIVE}$", bare) else ""
        after_and = rf"\b[A-Z]\w*{_ADJECTIVE} and {written}\b"
        halves = re.findall(f"{before_and}|{after_and}" if before_and else after_and, self.raw)
        return everywhere > 0 and len(halves) == everywhere

    def spells_out(self, acronym: str) -> bool:
        """Whether the text writes the acronym in brackets after the words it stands for:
        "Certified Financial Planner (CFP)"."""
        return self._spelled_before(acronym, any_case=False)

    def spells_out_common_words(self, acronym: str) -> bool:
        """Whether the text writes the acronym in brackets after words in lower case, which
        name a kind of thing, not one to follow: "Machine learning (ML)", "direct current
        (DC)"."""
        if acronym in _TOPIC_ACRONYMS:
            return False
        return self._spelled_before(acronym, any_case=True) and not self.spells_out(acronym)

    def _spelled_before(self, acronym: str, *, any_case: bool) -> bool:
        if not acronym.isalpha() or not acronym.isupper():
            return False
        words = spelled_out_pattern(acronym)
        words = f"(?i:{words})" if any_case else words
        return re.search(rf"\b{words}\s*\(\s*{acronym}\s*\)", self.raw) is not None

    def only_after_a_name(self, name: str) -> bool:
        """Every occurrence follows a name and a comma, as a credential does ("Keri Gans,
        R.D.N.")."""
        written = re.escape(name)
        everywhere = len(re.findall(rf"(?<![\w.]){written}(?![\w])", self.raw))
        after_name = re.findall(rf"\b[A-Z][\w'’-]*[a-z], {written}(?![\w])", self.raw)
        return everywhere > 0 and len(after_name) == everywhere


def _words(sentence: str) -> list[str]:
    """The sentence's tokens without a leading list number ("2. Stick to a meal pattern")."""
    tokens = _TOKEN.findall(sentence)
    return tokens[1:] if tokens and tokens[0].isdigit() else tokens


def _is_title_case(line: str) -> bool:
    """A heading rather than a sentence: most long words capitalised, and not closed by a full
    stop unless it is a slogan of a few words ("Experience Real Results.")."""
    stripped = line.strip()
    if stripped.endswith(".") and len(stripped.split()) > _SLOGAN_WORDS:
        return False  # most lines of an article: no need to read their words
    words = [w for w in _WORD.findall(stripped) if len(w) >= 4]
    if len(words) < _TITLE_CASE_MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def _shown_name(entity: Entity, prose: _Prose) -> str | None:
    """The entity's name as the prose writes it, cut to its longest part that the prose has
    ("Lindsay Lohan Checks Into Rehab" -> "Lindsay Lohan"); None for a common noun or no name."""
    if _FUSED.search(entity.name) or _is_doubtful_person(entity, prose):
        return None
    if _is_role_or_credential(entity.name, prose):
        return None
    if entity.label == "GPE" and _DEMONYM.fullmatch(entity.name):
        return None
    if entity.label != "PERSON" and prose.only_coordinated(entity.name):
        return None
    written = _TOKEN.findall(entity.name)
    words = _without_common_words(_once(written), entity.label)
    if entity.label == "PERSON":
        words = _without_title(words, prose)
    span = words if prose.has(words) else _longest_span_in_prose(words, prose)
    if span != words and len(span) == 1 and _is_plain(span[0]):
        return None  # "Krafts Food" is no name, and "Food" alone is a common word
    if len(span) > 1 and _opens_sentences_only(span, prose) and prose.has(span[1:]):
        span = span[1:]
    if not span or _is_common_phrase(span, prose) or _joins_common_words(entity.name, span, prose):
        return None
    if entity.label != "PERSON" and prose.only_before_of_a_name(span):
        return None
    if span[-1].islower() and prose.only_after_an_article(span, indefinite=True):
        return None  # "an Arizona county jail": one of many, where "Aceh province" is one
    if entity.label not in _NAMED_ALONE and _is_only_aside(span, prose):
        return None
    titled = [w.title() for w in span]
    if all(w.isupper() for w in span) and prose.has(titled):
        return " ".join(titled)  # a dateline shouts "KESTRIN", the story says "Kestrin"
    if len(span) == 1 and prose.spells_out_common_words(span[0]):
        return None  # "DC" of "Selecting DC Motors", where the text spells out "direct current"
    return entity.name if span == written else " ".join(span)


def _once(words: list[str]) -> list[str]:
    """A name of two words or more NER read twice in a row as one ("Esther Williams-Esther
    Williams"), once. A name of one word said twice is a name: "Sirhan Sirhan", "Duran
    Duran"."""
    half = len(words) // 2
    return words[:half] if half > 1 and words[:half] == words[half:] else words


def _without_title(words: list[str], prose: _Prose) -> list[str]:
    """A person's name without the title or the word NER took along in front of it: "Trooper
    William Hakim" -> "William Hakim", "Notorious Bettie Page" -> "Bettie Page". The name is a
    given name and a family name closing the entity; each word before it is a title a parser of
    names knows or a word the prose also writes in lower case ("the trooper")."""
    if len(words) < 3 or not is_given_name(words[-2]) or not _has_capital(words[-1]):
        return words
    front = words[:-2]
    titles = all(_is_title(w) or prose.has([w.lower()]) for w in front)
    return words[-2:] if titles else words


def _is_title(word: str) -> bool:
    return word.lower() in NAME_WORDS.titles or word.lower() in _MORE_TITLES


def _is_doubtful_person(entity: Entity, prose: _Prose) -> bool:
    """A "person" named by capitals alone ("MA" after "Cambridge"), by one adverb that opens
    a sentence ("Thankfully", "Unfortunately"), by a given name alone ("Clara"), by one word
    always cut from a longer name ("Martin" of "Martin Scorsese") or always after an article
    or a number ("the Grinch", "a .357 Magnum"): nobody a reader could follow by that tag."""
    if entity.label != "PERSON":
        return False
    capitals = entity.name.isalpha() and entity.name.isupper()
    if capitals or _SENTENCE_ADVERB.fullmatch(entity.name):
        return True
    words = _TOKEN.findall(entity.name)
    if len(words) != 1 or not _is_plain(words[0]):
        return False
    if is_given_name(words[0]) or prose.only_inside_longer_names(words):
        return True
    return prose.only_after_an_article(words)


def _is_role_or_credential(name: str, prose: _Prose) -> bool:
    """A role shouted in capitals ("SACHA PFEIFFER, HOST:" in a transcript), or a credential
    written after a person's name ("Keri Gans, R.D.N."): no one to follow. The roles and
    credentials are those a parser of people's names knows (``nameparser``)."""
    bare = name.replace(".", "").lower()
    shouted = len(name) >= _SHOUTED_ROLE_MIN and name.isalpha() and name.isupper()
    if shouted and bare in NAME_WORDS.titles:
        return True
    credential = bare in NAME_WORDS.suffix_acronyms
    return credential and (prose.only_after_a_name(name) or prose.spells_out(name))


def _without_common_words(words: list[str], label: str) -> list[str]:
    """A person's name up to the first word in lower case that no name has, which NER takes
    along ("Chris Ivory on Injured Reserve" -> "Chris Ivory"); particles such as "de" and
    "van" belong to names. Other names keep theirs ("Qeshm island", "Aceh province")."""
    if label != "PERSON":
        return words
    for i, word in enumerate(words):
        if i and word.islower() and word not in NAME_WORDS.prefixes:
            return words[:i]
    return words


def _longest_span_in_prose(words: list[str], prose: _Prose) -> list[str]:
    for length in range(len(words) - 1, 0, -1):
        for start in range(len(words) - length + 1):
            span = words[start : start + length]
            if span[0][0].isupper() and span[-1][0].isupper() and prose.has(span):
                return span
    return []


def _is_only_aside(words: list[str], prose: _Prose) -> bool:
    """An organisation the article only quotes as its source ("told the Daily News", "Sky News
    reported"), or a lone ordinary word that only opens sentences ("Suspect had been fired")."""
    if len(words) == 1 and _is_plain(words[0]) and prose.only_starts_sentences(words):
        return True
    return prose.count(words) == prose.count_attributions(words)


def _opens_sentences_only(words: list[str], prose: _Prose) -> bool:
    """A first word capitalised only because it opens sentences, and written in lower case
    elsewhere: "Comedian Ellen DeGeneres picked to host" ... "the comedian"."""
    first = words[0]
    return _is_plain(first) and prose.has([first.lower()]) and prose.only_starts_sentences(words)


def _is_common_phrase(words: list[str], prose: _Prose) -> bool:
    """Words, not a name: they start in lower case ("mobile apps", "of Workplace"), end with a
    function word, or the prose also writes them in lower case, singular or plural ("Gang" and
    "rival gang members"). A generic last word is fine: "Qeshm island", "Move.org"."""
    if not _has_capital(words[0]) or words[-1].lower() in STOP_WORDS:
        return True
    if not all(_is_plain(w) for w in words):
        return False
    *head, last = [w.lower() for w in words]
    variants = {last, last.removesuffix("s"), f"{last}s"}
    if any(prose.has([*head, variant]) for variant in variants):
        return True
    # Named once, never as "the ...", and every word of it also ordinary in the prose: a
    # heading's phrase ("Art Exhibitions"), not a name, which has a word of its own, comes back
    # or is an institution ("the Democratic Party").
    content = [w for w in words if w.lower() not in STOP_WORDS]
    once = prose.count(words) <= 1 and not prose.has(["the", *words])
    return once and len(content) > 1 and all(prose.has([w.lower()]) for w in content)


def _joins_common_words(name: str, words: list[str], prose: _Prose) -> bool:
    """Ordinary words joined by "&" and capitalised as a heading ("Reduces Stress & Anxiety"),
    each of which the prose also writes in lower case: no name, unlike "Marks & Spencer"."""
    return (
        "&" in name
        and all(_is_plain(w) for w in words)
        and all(prose.has([w.lower()]) for w in words)
    )


def _has_capital(word: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in word)


def _is_plain(word: str) -> bool:
    """Capitalised like an ordinary word ("Gang"), unlike "DeGeneres", "NASA" or "iPhone"."""
    return word[:1].isupper() and word[1:].islower()


def _entity_tags(
    headline: str,
    text: str,
    entities: Sequence[Entity],
    prose: _Prose,
    options: HashtagOptions,
) -> list[str]:
    headline_keys = {entity_key(w) for w in _WORD.findall(headline)} | {entity_key(headline)}
    scored = []
    for entity in entities:
        weight = _LABEL_WEIGHT.get(entity.label)
        name = _shown_name(entity, prose) if weight else None
        tag = _tag_for(name, entity.label, options) if name else None
        if weight is None or tag is None:
            continue
        in_headline = entity.name.lower() in headline.lower() or entity.key in headline_keys
        early = max(0.0, 1.0 - entity.first_offset / max(len(text), 1))
        score = weight * (entity.mentions + 4.0 * in_headline + 2.0 * early)
        scored.append((-score, entity.first_offset, tag))
    return [tag for *_, tag in sorted(scored)]


def _tag_for(name: str, label: str, options: HashtagOptions) -> str | None:
    """The tag of a name, or None when it is noise, not a name, or too long to read.

    A person's long name still makes a tag from the family name; a long organisation or
    place name cut short would name something else ("OfJesusChristOfLatterDaySaints").
    """
    tag = to_tag(name, options.max_tag_chars)
    full_length = len("".join(_TAG_PART.findall(anyascii(name))))
    if label != "PERSON" and full_length > options.max_tag_chars:
        return None
    # A tag starts with a letter: "849pm" and "723bn" are quantities.
    if len(tag) < 2 or not tag[0].isalpha() or tag.lower() in NOISE:
        return None
    # Words that are each noise make no name together: "November and December".
    if all(part.lower() in NOISE for part in _TAG_PART.findall(name)):
        return None
    return tag


def _topic_tags(headline: str, text: str, options: HashtagOptions) -> list[str]:
    """Established topics the lead keeps coming back to, those in the headline first."""
    in_headline = {w.lower() for w in _WORD.findall(headline)}
    counts = Counter(w.lower() for w in _WORD.findall(text[: options.lead_chars]))
    scored = [
        (-(counts[topic] + 2 * (topic in in_headline)), topic)
        for topic in TOPICS
        if counts[topic] >= options.min_keyword_count or topic in in_headline
    ]
    return [to_tag(topic) for _, topic in sorted(scored)]


def _is_new(tag: str, chosen: list[str]) -> bool:
    """Skip duplicates and tags contained in a chosen one ("Sudani" after "AlSudani")."""
    lowered = tag.lower()
    return bool(tag) and not any(lowered in c.lower() or c.lower() in lowered for c in chosen)
