"""Search that finds a story by its words and by its meaning, one result per story.

Full text ranks reports that contain the reader's words; the semantic side embeds the query and
ranks the stories' centroids, so "why are dockers striking" finds a port strike reported as a
"walkout by harbour workers". The two rankings are fused by rank (``newsdesk.search.fuse``) and
a small recency bonus orders equally relevant stories newest first. Each result says which side
found it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from newsdesk.news import fulltext
from newsdesk.news.models import Article, Story
from newsdesk.news.vectors import story_vectors
from newsdesk.nlp.embed import embed
from newsdesk.search import Query, Segment, fuse, snippet

# Reports read from the full-text index, and stories from the centroids, per query.
WORD_CANDIDATES = 400
MEANING_CANDIDATES = 30
# A story must be at least this close in meaning to count as found by meaning alone.
MIN_COSINE = 0.42
# Stories active this far back are searched by meaning (the centroid cache holds the most
# recent ``MAX_STORIES`` of them at most).
MEANING_WINDOW = timedelta(days=365)
MEANING_REFRESH_SECONDS = 60.0
# The recency bonus: up to this share of a score, halving every few days of a story's age.
RECENCY_SHARE = 0.25
RECENCY_HALF_LIFE_DAYS = 7.0
# Snippets are cut from the standfirst and the opening of the body.
SNIPPET_SOURCE_CHARS = 5000


@dataclass(frozen=True)
class Found:
    """One result: a story (or a report in no story yet) and the report to show for it."""

    story_id: int | None
    article_id: int
    by_words: bool
    by_meaning: bool
    score: float

    @property
    def kind(self) -> str:
        """How it was found, in the reader's words."""
        if self.by_words and self.by_meaning:
            return "words and meaning"
        return "words" if self.by_words else "meaning"


Key = tuple[str, int]  # ("story", id) or, for a report not yet filed, ("article", id)


@dataclass(frozen=True)
class Results:
    """What a search found, best first. ``stopped_at`` is set when the search by words
    stopped before the start of the archive (``fulltext.Matches``): articles older than that
    id were not read, and a search ``below`` it reads on from there."""

    found: list[Found]
    stopped_at: int | None = None


def find(query: Query, *, semantic: bool = True, words: bool = True) -> list[Found]:
    """Every result of ``query``, best first (at most the candidates both sides read)."""
    return search(query, semantic=semantic, words=words).found


def search(
    query: Query, *, semantic: bool = True, words: bool = True, below: int | None = None
) -> Results:
    """As ``find``, saying where the search by words stopped; ``below`` searches articles
    older than that id, by words only (meaning is searched among recent stories)."""
    matches = fulltext.search(query, WORD_CANDIDATES, below=below) if words else None
    word_rank, shown = _by_words(matches.rows if matches else [])
    meaning_rank: list[Key] = []
    if semantic and query.text and below is None:
        meaning_rank = _by_meaning(query, shown)
    stopped_at = matches.stopped_at if matches else None
    scores = fuse(word_rank, meaning_rank)
    if not scores:
        return Results([], stopped_at)
    fresh = _recency([key[1] for key in scores if key[0] == "story"])
    by_words, by_meaning = set(word_rank), set(meaning_rank)
    results = [
        Found(
            story_id=key[1] if key[0] == "story" else None,
            article_id=shown[key],
            by_words=key in by_words,
            by_meaning=key in by_meaning,
            score=score * (1 + RECENCY_SHARE * fresh.get(key[1], 0.0) * (key[0] == "story")),
        )
        for key, score in scores.items()
    ]
    return Results(sorted(results, key=lambda found: (-found.score, -found.article_id)), stopped_at)


def _by_words(matches: Sequence[fulltext.Match]) -> tuple[list[Key], dict[Key, int]]:
    """Stories in the order of their best-matching report, and that report for each."""
    ranking: list[Key] = []
    shown: dict[Key, int] = {}
    for article_id, story_id in matches:
        key: Key = ("story", story_id) if story_id else ("article", article_id)
        if key not in shown:
            shown[key] = article_id
            ranking.append(key)
    return ranking, shown


def _by_meaning(query: Query, shown: dict[Key, int]) -> list[Key]:
    """Stories close in meaning to the query that pass its filters and exclusions; adds the
    report to show for each to ``shown`` (its lead, or the newest report passing filters)."""
    vector = embed([query.text])[0]
    since = timezone.now() - MEANING_WINDOW
    ids, cosines, _ = story_vectors().ranked(
        vector, since, MEANING_CANDIDATES, max_age=MEANING_REFRESH_SECONDS
    )
    close = [int(i) for i, cosine in zip(ids, cosines, strict=True) if cosine >= MIN_COSINE]
    if query.filters:
        reports = fulltext.passing(query.filters, close)
    else:
        leads = Story.objects.filter(pk__in=close, lead_article__isnull=False)
        reports = dict(leads.values_list("id", "lead_article_id"))
    dropped = fulltext.excluded(query, list(reports.values()))
    ranking: list[Key] = []
    for story_id in close:
        report = reports.get(story_id)
        if report is None or report in dropped:
            continue
        key: Key = ("story", story_id)
        shown.setdefault(key, report)
        ranking.append(key)
    return ranking


def _recency(story_ids: list[int]) -> dict[int, float]:
    """Each story's freshness: 1 for a report just now, halving every half-life."""
    last_seen = Story.objects.filter(pk__in=story_ids).values_list("id", "last_seen_at")
    now = time.time()
    return {
        story_id: float(0.5 ** (max(now - seen.timestamp(), 0) / 86400 / RECENCY_HALF_LIFE_DAYS))
        for story_id, seen in last_seen
    }


@dataclass(frozen=True)
class Card:
    """A result as the page shows it: the report, its story, the snippet with matches."""

    found: Found
    article: Article
    snippet: list[Segment]


def cards(results: Sequence[Found], query: Query) -> list[Card]:
    """The given results' reports with their source and story, in one query."""
    articles = (
        Article.objects.select_related("source", "story")
        .defer("body_html", "embedding", "entities")
        .in_bulk([found.article_id for found in results])
    )
    return [
        Card(found, article, snippet(_snippet_text(article), query.words))
        for found in results
        if (article := articles.get(found.article_id)) is not None
    ]


def _snippet_text(article: Article) -> str:
    return " ".join(filter(None, [article.standfirst, article.text[:SNIPPET_SOURCE_CHARS]]))
