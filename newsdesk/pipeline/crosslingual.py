"""Filing a report written in another language than English into the story of its event.

The clustering vectors (MiniLM) only understand English, and names are only extracted from
English text, so a French, German or Spanish report would start a story of its own. For such a
report this module compares meaning with a multilingual model (e5) and names by spelling:
proper names mostly survive translation, so a story's names found in the report's text count
as shared names. They are compared as other languages spell them: without the endings that
differ between languages (Arvenie, Arvenien, Arvenia) and with the English name of a country
or a large city (Wien, Vienne, Viena); a report's figures are read as its language writes them
(2.000, 3,25 %), and only those every language writes alike (money, shares, years) compared.

e5 costs about twice MiniLM's CPU a text, and most of an archive is in English, so only the
reports not in English are embedded with it when they are enriched; the English reports of a
candidate story are embedded the first time a report in another language is compared with
them, and the vector is kept on their row. An archive in English alone never runs e5.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from itertools import groupby

import numpy as np
from django.db.models.functions import Substr

from newsdesk.lib.vectors import from_blob, to_blob
from newsdesk.news.models import Article, Story
from newsdesk.news.vectors import story_vectors
from newsdesk.nlp.embed import get_embedder
from newsdesk.nlp.entities import entity_key
from newsdesk.stories.cluster import (
    ArticleSignal,
    Choice,
    ClusterConfig,
    StorySignal,
    choose_story,
    join_score,
)
from newsdesk.stories.signals import DATE_UNIT, YEAR_UNIT, article_keys, parse_quantity

# Languages the clustering vectors and entity extraction read ("": not detected, tried as
# English as entity extraction does).
ENGLISH = ("en", "")
# How much of a foreign report's text gives the names an English report is checked against.
_LEAD_CHARS = 600
# e5's cosines sit higher and closer together than MiniLM's (on the multilingual dev set,
# reports of one event in two languages score 0.82-0.95, of look-alike events 0.78-0.85 and of
# unrelated ones 0.7-0.83), so meaning weighs more against names than in English and the bar is
# higher; a report sharing no name with a story joins it only when the two read as
# near-identical.
ACROSS_LANGUAGES = ClusterConfig(threshold=0.95, entity_weight=0.3, solo_cosine=0.95)
# The most a cosine of unit vectors reads, float rounding included: the score a candidate
# could reach at best, before its multilingual meaning is read.
_MAX_COSINE = 1.0 + 1e-4
# Candidates: the stories whose names the report spells out most, and the closest by the
# clustering vector (which still catches reports in the same language as the story).
NAMED_CANDIDATES = 8
CLOSE_CANDIDATES = 4
# The names of at most this many live stories, the most recently active, are looked for in a
# report: an archive taking in a few thousand reports a day has thousands of live stories,
# and reading every one's names cost a report 0.2 s beside 1,000 stories and 1.2 s beside
# 5,000. An older story is still found by its clustering vector.
NAMED_SCAN = 1000
# A story's multilingual centroid is the mean of this many of its reports' vectors: enough to
# stand for the event, few enough that a first comparison embeds little.
MEMBERS_PER_STORY = 3
# Without a standfirst, the opening of the text stands in for it.
_OPENING_CHARS = 200
# Names in text that entity extraction does not read: runs of capitalized words inside a
# sentence (a sentence's first word is capitalized whatever it is), an elided article
# ("d'Arvenie", "l'Olse") dropped. A capitalized word right after an article is a noun
# ("la Banque centrale", German "die Gewerkschaft") more often than a name.
_ARTICLES = frozenset(
    ("la", "le", "les", "el", "los", "las", "un", "une")
    + ("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer")
)
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ELISION = re.compile(r"^[a-z]['’]")
_MIN_NAME_CHARS = 3
# Endings a name takes in one language and not in another: a country (Arvenia, Arvénie,
# Arvenien), its adjective (Arvenian, arvénienne, arvenische, ostrandais) and a German genitive
# (Ostrands). Names are compared with one such ending dropped, the longest that leaves
# ``_MIN_STEM`` letters, so short names (Edda, Vireo, Paola) are compared whole.
_NAME_ENDINGS = tuple(
    sorted(
        ("ia", "ie", "ien", "iens", "ienne", "iennes", "ian", "ians", "iano", "iana", "ianos")
        + ("ianas", "isch", "ische", "ischen", "ischer", "isches", "ais", "aise", "aises")
        + ("ois", "oise", "ese", "eses", "esa", "esas", "en", "er", "es", "s", "a", "e", "o"),
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 5
# Countries, capitals and Europe's largest cities whose French, German or Spanish names no
# ending explains, and the institutions news names in every language, whose words each
# language translates and orders its own way ("Banco Central de Arvenia" is the Central Bank of
# Arvenia): "english: other spellings" (as key slugs), folded to the English name.
_EXONYMS = """
germany: allemagne deutschland alemania
spain: espagne spanien espana
italy: italie italien italia
england: angleterre inglaterra
scotland: ecosse schottland escocia
wales: pays-de-galles gales
united-kingdom: royaume-uni vereinigtes-konigreich reino-unido grossbritannien
britain: grande-bretagne gran-bretana
united-states: etats-unis vereinigte-staaten estados-unidos
netherlands: pays-bas niederlande paises-bajos holanda
belgium: belgique belgien belgica
switzerland: suisse schweiz suiza
austria: autriche osterreich
poland: pologne polen polonia
greece: grece griechenland grecia
sweden: suede schweden suecia
norway: norvege norwegen noruega
denmark: danemark dinamarca
finland: finlande finnland finlandia
ireland: irlande irland irlanda
russia: russie russland rusia
ukraine: ucrania
turkey: turquie turkei turquia
hungary: hongrie ungarn hungria
romania: roumanie rumanien rumania
croatia: croatie kroatien croacia
czech-republic: republique-tcheque tschechien republica-checa
china: chine
japan: japon
india: inde indien
mexico: mexique mexiko
brazil: bresil brasilien brasil
egypt: egypte agypten egipto
morocco: maroc marokko marruecos
algeria: algerie algerien argelia
syria: syrie syrien siria
lebanon: liban libanon libano
iraq: irak
saudi-arabia: arabie-saoudite saudi-arabien arabia-saudi
south-africa: afrique-du-sud sudafrika sudafrica
south-korea: coree-du-sud sudkorea corea-del-sur
north-korea: coree-du-nord nordkorea corea-del-norte
european-union: union-europeenne europaische-union union-europea
london: londres
vienna: vienne wien viena
brussels: bruxelles brussel bruselas
lisbon: lisbonne lissabon lisboa
athens: athenes athen atenas
warsaw: varsovie warschau varsovia
prague: prag praga
copenhagen: copenhague kopenhagen
moscow: moscou moskau moscu
kyiv: kiev kiew
beijing: pekin peking
munich: munchen
cologne: koln colonia
milan: mailand
naples: neapel napoles
venice: venise venedig venecia
florence: florenz florencia
geneva: geneve genf ginebra
marseille: marsella
the-hague: la-haye den-haag la-haya
new-york: nueva-york
bucharest: bucarest bukarest
belgrade: belgrad belgrado
stockholm: estocolmo
edinburgh: edimbourg edimburgo
cairo: le-caire kairo el-cairo
tokyo: tokio
algiers: alger algier argel
central-bank-of: banque-centrale-d banque-centrale-de banque-centrale-du zentralbank-von
central-bank-of: banco-central-de banco-central-del
european-central-bank: banque-centrale-europeenne europaische-zentralbank banco-central-europeo
united-nations: nations-unies vereinte-nationen naciones-unidas
world-bank: banque-mondiale weltbank banco-mundial
international-monetary-fund: fonds-monetaire-international internationaler-wahrungsfonds
international-monetary-fund: fondo-monetario-internacional
european-commission: commission-europeenne europaische-kommission comision-europea
european-parliament: parlement-europeen europaisches-parlament parlamento-europeo
red-cross: croix-rouge rotes-kreuz cruz-roja
supreme-court: cour-supreme oberster-gerichtshof tribunal-supremo
"""
_ENGLISH_NAME = {
    other: english
    for line in _EXONYMS.strip().splitlines()
    for english, others in [line.split(": ")]
    for other in others.split()
}
# Each other spelling as its words, by its first word, the longest spelling first: a key slug
# is read word by word (a whole text's slug has thousands of words, and looking for some two
# hundred spellings at each of its characters cost a filing more than the rest of the look).
_SPELLINGS_BY_FIRST_WORD = {
    first: tuple(tuple(other.split("-")) for other in others)
    for first, others in groupby(
        sorted(_ENGLISH_NAME, key=lambda other: (other.split("-")[0], -len(other))),
        key=lambda other: other.split("-")[0],
    )
}
# French, German and Spanish write 2.000 or 2 000 for two thousand and 3,25 for three and a
# quarter; numbers are read the English way, so a report's figures are rewritten so first.
_NUMBER_WRITTEN = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[. \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?!\d|[.,]\d)"
)
# Units every language writes alike (a sum of money, a share, a magnitude, a year, a date).
_UNITS_ALIKE = frozenset(("usd", "eur", "gbp", "jpy", "percent", "magnitude", YEAR_UNIT, DATE_UNIT))


@dataclass(frozen=True)
class Crossing:
    """What filing across languages needs of a report beyond its ``ArticleSignal``."""

    vector: np.ndarray  # unit-length multilingual embedding of headline + standfirst
    spelled: str  # the report's text as a slug of name stems ("-storm-edda-flood-brenholm-")
    names: frozenset[str]  # keys of the names the report spells inside its sentences
    quantities: frozenset[str]  # its number, year and date keys, read as its language writes


def multilingual_text(headline: str, standfirst: str, text: str) -> str:
    """Headline and standfirst: cheap to embed, and they carry the event in any language."""
    return f"{headline} {standfirst or text[:_OPENING_CHARS]}".strip()


def crossings(
    articles: Sequence[Article], languages: Sequence[str | None]
) -> list[Crossing | None]:
    """A ``Crossing`` for each report not in English (None for the others), embedded in one
    batch."""
    foreign = [i for i, lang in enumerate(languages) if (lang or "") not in ENGLISH]
    found: list[Crossing | None] = [None] * len(articles)
    if not foreign:
        return found
    picked = [articles[i] for i in foreign]
    vectors = get_embedder("e5").embed(
        [multilingual_text(a.headline, a.standfirst, a.text) for a in picked]
    )
    for i, article, vector in zip(foreign, picked, vectors, strict=True):
        found[i] = _crossing(article, vector)
    return found


def stored_crossing(article: Article) -> Crossing:
    """The ``Crossing`` of a report already embedded in the multilingual model."""
    return _crossing(article, from_blob(bytes(article.multilingual_embedding or b"")))


def _crossing(article: Article, vector: np.ndarray) -> Crossing:
    text = f"{article.headline}\n{article.standfirst}\n{article.text}"
    lead = f"{article.headline}. {article.standfirst} {article.text}"
    return Crossing(
        vector=vector,
        spelled=_spelled(entity_key(text)),
        names=spelled_names(text),
        quantities=frozenset(filter(_said_alike, article_keys((), english_numbers(lead)))),
    )


def english_numbers(text: str) -> str:
    """``text`` with its numbers written the English way (2.000 and 2 000 as 2,000, 3,25 as
    3.25), so a figure agrees with the same figure in an English report."""
    return _NUMBER_WRITTEN.sub(_english_number, text)


def _english_number(match: re.Match[str]) -> str:
    whole = re.sub(r"\D", ",", match[1])
    return f"{whole}.{match[2]}" if match[2] else whole


def _said_alike(key: str) -> bool:
    """A quantity another language writes with the same unit: a sum of money, a share, a
    magnitude, a year or a date. A count's unit is a word of its language ("600 pompiers"),
    never an English report's."""
    quantity = parse_quantity(key)
    return quantity is not None and quantity.unit in _UNITS_ALIKE


@lru_cache(maxsize=65536)
def stem_key(key: str) -> str:
    """A key slug as names are compared across languages: a country's or a large city's name
    in English ("wien", "vienne" and "viena" read "vienna"), and each word without an ending
    that differs between languages ("arvenie", "arvenien" and "arvenia" read "arven")."""
    return _stem_words(key)


def _spelled(key: str) -> str:
    """A whole text's key slug as names are looked for in it: its `stem_key`, between dashes.
    Not kept as names are: each text is read once or twice, and a worker reads thousands."""
    return f"-{_stem_words(key)}-"


def _stem_words(key: str) -> str:
    return "-".join(_stem(word) for word in _in_english(key.split("-")))


def _in_english(words: list[str]) -> list[str]:
    """A slug's words with each place another language spells its own way (one word or
    several) in its English name's words, the longest spelling where several begin at a word."""
    english: list[str] = []
    i = 0
    while i < len(words):
        for spelling in _SPELLINGS_BY_FIRST_WORD.get(words[i], ()):
            if tuple(words[i : i + len(spelling)]) == spelling:
                english.extend(_ENGLISH_NAME["-".join(spelling)].split("-"))
                i += len(spelling)
                break
        else:
            english.append(words[i])
            i += 1
    return english


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for ending in _NAME_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _spellings_by_word() -> dict[str, tuple[str, ...]]:
    """For each stemmed word of an English place name, the other spellings read as a name
    with that word (the word of "vienna": wien, vienne, viena)."""
    found: dict[str, list[str]] = {}
    for other, english in _ENGLISH_NAME.items():
        for word in english.split("-"):
            found.setdefault(_stem(word), []).append(other)
    return {word: tuple(others) for word, others in found.items()}


_OTHER_SPELLINGS = _spellings_by_word()


class _Words:
    """A text as ``choose_foreign_story`` first looks for a foreign report's names in it: its
    key slug, between dashes, and the beginnings of its words."""

    def __init__(self, key: str) -> None:
        self.key = key
        # Every beginning of every word ("-port-" gives p, po, por, port): whether a word of
        # the text begins with a name's word is one look-up, not a search of the whole text.
        # Searching it for each name of each foreign lead of the week took 0.3 s a report
        # beside 2,000 leads.
        self.beginnings = frozenset(
            word[:end] for word in set(key.split("-")) for end in range(1, len(word) + 1)
        )

    def may_spell(self, name: str) -> bool:
        """Whether the text may spell ``name`` (a `stem_key`) once stemmed: a stem begins its
        word, so each of the name's words begins a word of the text, or the text writes a
        place another way that reads with it ("wien" reads "vienna"). A quick look that
        spares stemming the texts that name nothing of a foreign report's."""
        return all(
            word in self.beginnings
            or any(f"-{other}-" in self.key for other in _OTHER_SPELLINGS.get(word, ()))
            for word in name.split("-")
        )


def spelled_names(text: str) -> frozenset[str]:
    """Keys of the capitalized runs of words inside the text's sentences: in French and
    Spanish these are names; in German some are common nouns, which only other German
    reports share."""
    names = set()
    for sentence in _SENTENCE.split(text):
        run: list[str] = []
        words = [_ELISION.sub("", w) for w in _WORD.findall(sentence)]
        if not words:
            continue
        for before, word in zip(words, [*words[1:], ""], strict=True):
            if word[:1].isupper() and (run or before.lower() not in _ARTICLES):
                run.append(word)
                continue
            if run and len(" ".join(run)) >= _MIN_NAME_CHARS:
                names.add(entity_key(" ".join(run)))
            run = []
    return frozenset(names)


@lru_cache(maxsize=4096)
def _lead_names(lead: str) -> frozenset[str]:
    """`stem_key` of the `spelled_names` of a foreign report's lead, kept per process: every
    English report filed in the lead's window reads it again."""
    return frozenset(map(stem_key, spelled_names(lead)))


def names_told_elsewhere(story_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """For each of ``story_ids`` with a report in another language, the names (`stem_key`)
    those reports' leads spell."""
    told: dict[int, frozenset[str]] = {}
    reports = (
        Article.objects.filter(story_id__in=story_ids)
        .exclude(language__in=ENGLISH)
        .annotate(lead=Substr("text", 1, _LEAD_CHARS))
        .values_list("story_id", "headline", "standfirst", "lead")
    )
    for story_id, headline, standfirst, lead in reports:
        names = _lead_names(_lead_of(headline, standfirst, lead))
        told[story_id] = told.get(story_id, frozenset()) | names
    return told


def may_name(entities: Sequence[dict], names: frozenset[str]) -> bool:
    """Whether a report's stored entities spell one of ``names``: a first look that costs no
    reading of its text, before ``choose_foreign_story`` reads it."""
    spelled = "-" + "-".join(stem_key(str(entity["key"])) for entity in entities) + "-"
    return any(f"-{name}-" in spelled for name in names)


@dataclass
class ForeignLeads:
    """The reports not in English filed into a story since ``since``, by their story and the
    words ``choose_foreign_story`` reads of them (headline, standfirst, the opening of the
    text). A batch of reports filed in one transaction, after ``serialize_clustering``, reads
    them once and is told of each report not in English it files (``add``), instead of reading
    them again for every English report: no one else files meanwhile."""

    since: datetime
    rows: list[tuple[datetime, int, str]]  # (published, story id, lead)

    @classmethod
    def read(cls, since: datetime) -> ForeignLeads:
        reports = (
            Article.objects.filter(published_at__gte=since, story__isnull=False)
            .exclude(language__in=ENGLISH)
            .annotate(lead=Substr("text", 1, _LEAD_CHARS))
            .values_list("published_at", "story_id", "headline", "standfirst", "lead")
        )
        return cls(since, [(at, story_id, _lead_of(*words)) for at, story_id, *words in reports])

    def add(self, report: Article, language: str, story_id: int) -> None:
        """A report just filed into ``story_id`` with ``language`` stored for it."""
        if language not in ENGLISH:
            lead = _lead_of(report.headline, report.standfirst, report.text[:_LEAD_CHARS])
            self.rows.append((report.published_at, story_id, lead))

    def told_since(self, since: datetime) -> list[tuple[int, str]]:
        """(story id, lead) of the reports published since ``since`` (not before the rows')."""
        if since < self.since:
            return ForeignLeads.read(since).told_since(since)
        return [(story_id, lead) for at, story_id, lead in self.rows if at >= since]


def _lead_of(headline: str, standfirst: str, opening: str) -> str:
    return f"{headline}. {standfirst}. {opening}"


def choose_foreign_story(
    signal: ArticleSignal,
    config: ClusterConfig,
    report: Article | None = None,
    leads: ForeignLeads | None = None,
) -> tuple[Choice, ArticleSignal]:
    """For an English report that found no English story: the live story of its event told
    so far only in other languages, if any. Such stories are looked for among those with a
    report in another language in the window, so an archive in English alone only pays for
    that one query (none with ``leads``, read for the batch). ``report`` is the article as
    enrichment holds it; without it, its words are read."""
    since = signal.published - config.max_gap
    others = (leads or ForeignLeads.read(since)).told_since(since)
    if not others:
        return Choice(None, 0.0), signal
    article = report or Article.objects.only(
        "headline", "standfirst", "text", "multilingual_embedding"
    ).get(pk=signal.id)
    slug = entity_key(f"{article.headline}\n{article.standfirst}\n{article.text}")
    # Only stories with a name this report spells are its event's: embedding every new
    # English story in the multilingual model to find that out cost ten times the rest of
    # filing. A foreign report's names are the capitalized runs of its own sentences.
    words = _Words(f"-{slug}-")
    named = frozenset().union(*(_lead_names(lead) for _, lead in others))
    may_spell = frozenset(filter(words.may_spell, named))
    told: dict[int, set[str]] = {}
    for story_id, lead in others:
        told.setdefault(story_id, set()).update(_lead_names(lead) & may_spell)
    if not any(told.values()):
        return Choice(None, 0.0), signal
    spelled = _spelled(slug)
    foreign = {i for i, names in told.items() if any(f"-{n}-" in spelled for n in names)}
    if not foreign:
        return Choice(None, 0.0), signal
    shortlist = _shortlist(signal, spelled, signal.quantity_keys, config, within=foreign)
    if shortlist is None:
        return Choice(None, 0.0), signal
    return _pick(shortlist, lambda: _multilingual_vector(article), config), shortlist.compared


def _multilingual_vector(article: Article) -> np.ndarray:
    """The report's multilingual embedding, made and stored the first time it is asked for:
    consolidation files small English stories across languages again on every pass."""
    if article.multilingual_embedding:
        return from_blob(bytes(article.multilingual_embedding))
    (vector,) = get_embedder("e5").embed(
        [multilingual_text(article.headline, article.standfirst, article.text)]
    )
    article.multilingual_embedding = to_blob(vector)  # as stored, if ``article`` is asked again
    Article.objects.filter(pk=article.pk).update(
        multilingual_embedding=article.multilingual_embedding
    )
    return vector


def choose_across_languages(
    signal: ArticleSignal,
    crossing: Crossing,
    config: ClusterConfig,
    within: set[int] | None = None,
) -> tuple[Choice, ArticleSignal]:
    """The story a report not in English joins (by multilingual meaning and spelled names),
    among the stories ``within`` if given, and its signal as that story should count it."""
    choice, compared = _choose(signal, crossing, config, within)
    return choice, _as_filed(compared, crossing, choice, config)


def _as_filed(
    signal: ArticleSignal, crossing: Crossing, choice: Choice, config: ClusterConfig
) -> ArticleSignal:
    """What a report in another language adds to its story. A story it starts keeps every name
    it spells, by which reports in a third language find it. A story it joins stays as its
    reports made it: the report carries the story's core names and numbers, which it may
    translate or leave out but does not contradict (it was filed there), rather than its
    other capitalized words (in German, every noun); and the story's centroid in the English
    model stays where its reports put it, since that model does not read the report's
    language. Otherwise an English report from another angle would no longer find the story."""
    if choice.story_id is None:
        return replace(signal, entity_keys=signal.entity_keys | crossing.names)
    centroid, counts, size = (
        Story.objects.filter(pk=choice.story_id)
        .values_list("centroid", "entity_counts", "article_count")
        .get()
    )
    core = {key for key, count in counts.items() if count >= config.core_share * (size or 1)}
    vector = from_blob(bytes(centroid)) if centroid else signal.vector
    return replace(signal, vector=vector, entity_keys=signal.entity_keys | core)


def _choose(
    signal: ArticleSignal,
    crossing: Crossing,
    config: ClusterConfig,
    within: set[int] | None = None,
) -> tuple[Choice, ArticleSignal]:
    """The story the report joins across languages, and its signal with the names it shares
    with the candidates and its quantities written the English way."""
    shortlist = _shortlist(signal, crossing.spelled, crossing.quantities, config, within)
    if shortlist is None:
        return Choice(None, 0.0), signal
    return _pick(shortlist, lambda: crossing.vector, config), shortlist.compared


@dataclass(frozen=True)
class _Shortlist:
    """A report's candidate stories across languages, and the report as compared with them
    (with the names it shares with them), before anyone's multilingual meaning is read."""

    compared: ArticleSignal
    stories: list[StorySignal]  # oldest id first, their centroids not read yet


def _shortlist(
    signal: ArticleSignal,
    spelled: str,
    quantities: frozenset[str],
    config: ClusterConfig,
    within: set[int] | None,
) -> _Shortlist | None:
    """The stories whose names the report spells and the closest by the clustering vector
    (among ``within`` if given); None when there are none."""
    named = _named_stories(signal, spelled, config)
    since = signal.published - config.max_gap
    close, _, _ = story_vectors().ranked(signal.vector, since, CLOSE_CANDIDATES)
    ids = sorted(set(named) | {int(i) for i in close})
    if within is not None:
        named = {i: names for i, names in named.items() if i in within}
        ids = [i for i in ids if i in within]
    if not ids:
        return None
    rows = Story.objects.filter(pk__in=ids).order_by("id")
    stories = [
        StorySignal(
            id=story_id,
            centroid=np.empty(0, dtype=np.float32),
            entity_keys=Counter(counts),
            first_seen=first_seen,
            last_seen=last_seen,
            size=size or 1,
        )
        for story_id, counts, first_seen, last_seen, size in rows.values_list(
            "id", "entity_counts", "first_seen_at", "last_seen_at", "article_count"
        )
    ]
    names = frozenset(key for keys in named.values() for key in keys)
    spoken = frozenset(k for k in signal.entity_keys if ":" not in k) | names
    return _Shortlist(replace(signal, entity_keys=spoken | quantities), stories)


def _pick(shortlist: _Shortlist, vector: Callable[[], np.ndarray], config: ClusterConfig) -> Choice:
    """``choose_story`` across languages among the shortlist's stories that could reach the
    bar even at a cosine of 1. Names and headline alone rule most candidates out (an English
    report that shares only "United States" with a foreign story, and whose headline names
    someone that story never does), and the multilingual vectors (the report's ``vector()``
    and the candidates' centroids: e5, tens of milliseconds a text) are made only for the
    rest. The outcome is the same as scoring every candidate: one that cannot reach the bar
    can neither be chosen nor, as the candidates are fewer than the shortlist, crowd out one
    that can."""
    across = _across(config)
    report = _stemmed(shortlist.compared, np.empty(0, dtype=np.float32))
    viable = {
        int(story.id): story
        for story in map(_stemmed_story, shortlist.stories)
        if join_score(report, story, _MAX_COSINE, across) >= across.threshold
    }
    if not viable:
        return Choice(None, 0.0)
    centroids = _multilingual_centroids(list(viable))
    return choose_story(
        replace(report, vector=vector()),
        [replace(story, centroid=centroids[i]) for i, story in viable.items() if i in centroids],
        config=across,
    )


def _stemmed(signal: ArticleSignal, vector: np.ndarray) -> ArticleSignal:
    """The report as filing across languages compares it: multilingual meaning, and names
    (headline included) by their `stem_key`, as the candidates' names are read."""
    return replace(
        signal,
        vector=vector,
        entity_keys=frozenset(map(_stem_name, signal.entity_keys)),
        headline=stem_key(entity_key(signal.headline)).replace("-", " "),
    )


def _stemmed_story(story: StorySignal) -> StorySignal:
    """A story as a report in another language can agree with it: its names counted by
    `stem_key` (several spellings of one name count once per report of the story), and only
    the quantities every language writes alike."""
    counts: Counter[str] = Counter()
    for key, count in story.entity_keys.items():
        if ":" not in key or _said_alike(key):
            counts[_stem_name(key)] += count
    return replace(story, entity_keys=Counter({k: min(n, story.size) for k, n in counts.items()}))


def _stem_name(key: str) -> str:
    """A name's `stem_key`; numbers, years and dates as they are."""
    return key if ":" in key else stem_key(key)


def _across(config: ClusterConfig) -> ClusterConfig:
    """The configured preset's time and shortlist limits with the multilingual bars."""
    return replace(
        config,
        threshold=ACROSS_LANGUAGES.threshold,
        solo_cosine=ACROSS_LANGUAGES.solo_cosine,
        entity_weight=ACROSS_LANGUAGES.entity_weight,
    )


def _named_stories(
    signal: ArticleSignal, spelled: str, config: ClusterConfig
) -> dict[int, set[str]]:
    """The live stories whose names (not numbers) the report spells out, most names first,
    among the ``NAMED_SCAN`` most recently active: story id -> the names found."""
    since = signal.published - config.max_gap
    words = frozenset(spelled.split("-"))
    found: dict[int, set[str]] = {}
    live = Story.objects.filter(last_seen_at__gte=since).order_by("-last_seen_at")
    for story_id, counts in live.values_list("id", "entity_counts")[:NAMED_SCAN]:
        names = {key for key in counts if ":" not in key and _spells(spelled, words, key)}
        if names:
            found[story_id] = names
    best = sorted(found, key=lambda i: (-len(found[i]), i))[:NAMED_CANDIDATES]
    return {i: found[i] for i in best}


def _spells(spelled: str, words: frozenset[str], key: str) -> bool:
    """Whether the text ``spelled`` (its words ``words``) spells the name ``key``. Most of a
    story's names have a word the text lacks, which a set tells at once, before the whole text
    is searched for the name (1,000 stories' names: 0.2 s a report searched, 0.04 s told)."""
    stem = stem_key(key)
    return all(word in words for word in stem.split("-")) and f"-{stem}-" in spelled


def _multilingual_centroids(story_ids: list[int]) -> dict[int, np.ndarray]:
    """Mean multilingual vector of up to ``MEMBERS_PER_STORY`` reports of each story (those
    already embedded first), embedding and keeping the missing ones in one batch."""
    members: dict[int, list[_Member]] = {}
    rows = (
        Article.objects.filter(story_id__in=story_ids, duplicate_of__isnull=True)
        .order_by("id")
        .values_list("story_id", "id", "headline", "standfirst", "text", "multilingual_embedding")
    )
    for story_id, article_id, headline, standfirst, text, blob in rows:
        members.setdefault(story_id, []).append(
            _Member(article_id, multilingual_text(headline, standfirst, text), blob)
        )
    for story_id, found in members.items():
        members[story_id] = sorted(found, key=lambda m: m.blob is None)[:MEMBERS_PER_STORY]
    vectors = {m.id: from_blob(bytes(m.blob)) for ms in members.values() for m in ms if m.blob}
    missing = [m for ms in members.values() for m in ms if m.blob is None]
    if missing:
        fresh = get_embedder("e5").embed([m.text for m in missing])
        for member, vector in zip(missing, fresh, strict=True):
            Article.objects.filter(pk=member.id).update(multilingual_embedding=to_blob(vector))
            vectors[member.id] = vector
    return {
        story_id: np.mean([vectors[m.id] for m in ms], axis=0).astype(np.float32)
        for story_id, ms in members.items()
    }


@dataclass(frozen=True)
class _Member:
    """A report standing for its story: its id, the text to embed, its stored vector."""

    id: int
    text: str
    blob: bytes | None
