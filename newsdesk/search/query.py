"""A reader's search box, read into a query that cannot break the full-text engine.

Readers type words, "exact phrases", -exclusions, prefix* and filters (``source:slug``,
``#tag`` or ``tag:slug``, ``lang:en``, ``after:2026-01-31``, ``before:2026-02-01``). Anything
else, FTS operators included, is read as words: the expressions handed to SQLite FTS5 and to
PostgreSQL's ``to_tsquery`` are built only from quoted runs of letters and digits, so no input
can raise a syntax error in either engine or reach its operators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# A longer query says nothing a shorter one does not, and bounds every step after it.
MAX_CHARS = 500
MAX_TERMS = 16
# Shorter prefixes would expand to most of the vocabulary.
MIN_PREFIX = 2

# A run of letters and digits: the engines' own notion of a word (underscore separates).
_WORD = re.compile(r"[^\W_]+")
# An optional minus, then a quoted phrase (its closing quote optional) or a bare token.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_FILTERS = {
    "source": "sources",
    "site": "sources",
    "tag": "hashtags",
    "hashtag": "hashtags",
    "lang": "languages",
    "language": "languages",
    "after": "since",
    "since": "since",
    "from": "since",
    "before": "until",
    "until": "until",
    "to": "until",
}
_SLUG = re.compile(r"[-a-z0-9]+")


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words in order; ``prefix`` makes the last word a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")

    def tsquery(self, weight: str = "") -> str:
        """The term for ``to_tsquery``; a ``weight`` ("A": the headline) matches it only
        there."""
        last = len(self.words) - 1
        lexemes = [
            f"'{word}'" + _tsquery_marks("*" * (self.prefix and n == last) + weight)
            for n, word in enumerate(self.words)
        ]
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"


def _tsquery_marks(marks: str) -> str:
    return f":{marks}" if marks else ""


@dataclass(frozen=True)
class Filters:
    """Narrowing that is not about words: any of these sources, hashtags, languages; a date
    range, inclusive."""

    sources: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return bool(self.sources or self.hashtags or self.languages or self.since or self.until)


@dataclass(frozen=True)
class Query:
    """What to look for: every ``include`` term, none of the ``exclude`` terms, ``filters``."""

    include: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    filters: Filters = field(default_factory=Filters)

    @property
    def text(self) -> str:
        """The included words as plain text: what the semantic side embeds."""
        return " ".join(" ".join(term.words) for term in self.include)

    @property
    def words(self) -> tuple[str, ...]:
        """Every included word, for marking matches in snippets."""
        return tuple(word for term in self.include for word in term.words)

    @property
    def is_empty(self) -> bool:
        return not self.include and not self.filters

    def fts5(self) -> str:
        """The SQLite FTS5 expression; empty when no word is asked for."""
        if not self.include:
            return ""
        return self.fts5_included() + "".join(f" NOT {term.fts5()}" for term in self.exclude)

    def fts5_included(self) -> str:
        """Every included term, exclusions aside."""
        return " ".join(term.fts5() for term in self.include)

    def fts5_headline(self) -> str:
        """Every included term in the headline, exclusions aside."""
        return "{headline} : (" + self.fts5_included() + ")"

    def fts5_any_excluded(self) -> str:
        """Matches what any exclusion names (to drop such results found by meaning)."""
        return " OR ".join(term.fts5() for term in self.exclude)

    def tsquery(self) -> str:
        """The PostgreSQL ``to_tsquery`` text; empty when no word is asked for."""
        if not self.include:
            return ""
        parts = [term.tsquery() for term in self.include]
        parts += [f"!{term.tsquery()}" for term in self.exclude]
        return " & ".join(parts)

    def tsquery_headline(self) -> str:
        """Every included term in the headline (weighted "A" in the index), exclusions aside."""
        return " & ".join(term.tsquery(weight="A") for term in self.include)

    def tsquery_any_excluded(self) -> str:
        return " | ".join(term.tsquery() for term in self.exclude)


def parse(text: str) -> Query:
    """Read what a reader typed. Never raises: whatever cannot be read is dropped."""
    include: list[Term] = []
    exclude: list[Term] = []
    filters: dict[str, list[str]] = {}
    for match in _TOKEN.finditer(text[:MAX_CHARS]):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and _read_filter(bare, filters):
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        term = _term(phrase if phrase is not None else bare, quoted=phrase is not None)
        if term is not None and len(include) + len(exclude) < MAX_TERMS:
            (exclude if negated else include).append(term)
    return Query(tuple(include), tuple(exclude), _filters(filters))


def _term(token: str, *, quoted: bool) -> Term | None:
    words = tuple(word.lower() for word in _WORD.findall(token))
    if not words:
        return None
    prefix = not quoted and token.endswith("*") and len(words[-1]) >= MIN_PREFIX
    return Term(words, prefix)


def _read_filter(token: str, filters: dict[str, list[str]]) -> bool:
    """Record ``token`` if it is a filter; True if it was one."""
    if token.startswith("#") and len(token) > 1:
        name, value = "tag", token[1:]
    else:
        name, _, value = token.partition(":")
        if not value or name.lower() not in _FILTERS:
            return False
    filters.setdefault(_FILTERS[name.lower()], []).append(value.lower())
    return True


def _filters(found: dict[str, list[str]]) -> Filters:
    def slugs(key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in found.get(key, []) if _SLUG.fullmatch(v)))

    return Filters(
        sources=slugs("sources"),
        hashtags=slugs("hashtags"),
        languages=slugs("languages"),
        since=_date(found.get("since")),
        until=_date(found.get("until")),
    )


def _date(values: list[str] | None) -> date | None:
    """The last readable ISO date given (YYYY, YYYY-MM or YYYY-MM-DD, read as their start)."""
    for value in reversed(values or []):
        parts = value.split("-")
        try:
            numbers = [int(part) for part in parts[:3]] + [1] * (3 - min(len(parts), 3))
            return date(*numbers)
        except ValueError:
            continue
    return None
