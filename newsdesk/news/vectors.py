"""The archive's vectors: recent story centroids in memory (the one story-vector cache of a
process), and sentence vectors in the AI cache table. Per-article vectors are stored beside
their rows with ``newsdesk.lib.vectors``'s codec.

Clustering ranks each new report against the live stories, and related articles ranks an
article's neighbouring stories; both read the same centroids. Reading every centroid of the
window from the database per report or per page would cost more than the rest of the work, so
each process keeps them as the unit rows of one NumPy matrix, remembers the report count each
row was read at, and re-reads only the stories whose count changed (a report joined, or a merge
or split moved some). A row may so be a few moments old when ranking; callers re-read the state
of the stories they pick, so a stale row can cost a candidate its place but never corrupt one.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from threading import Lock

import numpy as np
from django.core.cache import caches
from django.utils import timezone

from newsdesk.lib.vectors import from_blob, unit
from newsdesk.news.limits import in_chunks
from newsdesk.news.models import Story
from newsdesk.nlp.embed import dimension, embed, model_name

# At most this many of the most recently active stories are held and ranked.
MAX_STORIES = 20000
# Related articles look this far back, and accept a matrix this many seconds old.
RELATED_WINDOW = timedelta(days=14)
RELATED_REFRESH_SECONDS = 60.0
# A related story must be at least this close in meaning before recency is weighed in.
MIN_SIMILARITY = 0.45
# Relevance halves for every few days between now and a story's last report.
_HALF_LIFE_DAYS = 3.0


class StoryVectors:
    """Unit centroids of the stories active since some moment, patched in place."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._clear()

    def _clear(self) -> None:
        self._counts: dict[int, int] = {}
        self._positions: dict[int, int] = {}
        self._ids = np.empty(0, dtype=np.int64)
        self._matrix = np.empty((0, 0), dtype=np.float32)
        self._last_seen = np.empty(0, dtype=np.float64)
        self._covered_since = float("inf")
        self._refreshed_at = 0.0

    def __len__(self) -> int:
        """How many stories are held."""
        return len(self._ids)

    def ranked(
        self, vector: np.ndarray, since: datetime, limit: int, max_age: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ids, cosines, last seen as unix seconds) of the ``limit`` stories active since
        ``since`` closest in meaning to ``vector``, closest first. The rows are read fresh
        unless the last refresh covered ``since`` and is at most ``max_age`` seconds old."""
        vector = np.asarray(vector, dtype=np.float32)
        with self._lock:
            self._refresh_if_old(since, vector.nbytes, max_age)
            if not len(self._ids):
                return self._ids, np.empty(0, np.float32), self._last_seen
            similarities = self._matrix @ vector
            similarities[self._last_seen < since.timestamp()] = -np.inf
            order = np.argsort(-similarities, kind="stable")
            order = order[: min(limit, int(np.isfinite(similarities).sum()))]
            return self._ids[order], similarities[order], self._last_seen[order]

    def _refresh_if_old(self, since: datetime, nbytes: int, max_age: float) -> None:
        fresh_enough = time.monotonic() - self._refreshed_at <= max_age
        if max_age and fresh_enough and since.timestamp() >= self._covered_since:
            return
        live = {
            story_id: (count, last_seen.timestamp())
            for story_id, count, last_seen in Story.objects.filter(last_seen_at__gte=since)
            .order_by("-last_seen_at")
            .values_list("id", "article_count", "last_seen_at")[:MAX_STORIES]
        }
        self._refresh(live, nbytes)
        self._covered_since = since.timestamp()
        self._refreshed_at = time.monotonic()

    def _refresh(self, live: dict[int, tuple[int, float]], nbytes: int) -> None:
        if len(self._ids) and self._matrix.shape[1] * 4 != nbytes:
            self._clear()  # another embedding model: start afresh
        stale = [i for i, (count, _) in live.items() if self._counts.get(i) != count]
        fresh = _unit_centroids(stale, nbytes)
        if set(fresh) - set(self._positions) or len(self._positions) > 2 * max(len(live), 1000):
            self._rebuild(live, fresh)
            return
        for story_id, row in fresh.items():
            self._matrix[self._positions[story_id]] = row
            self._counts[story_id] = live[story_id][0]
        for story_id, (_, last_seen) in live.items():
            if story_id in self._positions:
                self._last_seen[self._positions[story_id]] = last_seen

    def _rebuild(self, live: dict[int, tuple[int, float]], fresh: dict[int, np.ndarray]) -> None:
        """New stories appeared (or many left the window): lay the matrix out again. Rows of
        stories outside this window are kept only if they were live (ranking masks by time)."""
        rows = {i: self._matrix[p] for i, p in self._positions.items() if i in live}
        rows.update(fresh)
        self._ids = np.array(list(rows), dtype=np.int64)
        self._positions = {story_id: p for p, story_id in enumerate(rows)}
        self._matrix = np.stack(list(rows.values())) if rows else np.empty((0, 0), np.float32)
        self._counts = {i: live[i][0] for i in rows}
        self._last_seen = np.array([live[i][1] for i in rows], dtype=np.float64)


def _unit_centroids(story_ids: list[int], nbytes: int) -> dict[int, np.ndarray]:
    """Unit-length centroids of the given stories; another model's (another length) are left
    out."""
    found = {}
    for chunk in in_chunks(story_ids):
        for story_id, blob in Story.objects.filter(pk__in=chunk).values_list("id", "centroid"):
            if blob is not None and len(blob) == nbytes:
                found[story_id] = unit(from_blob(blob))
    return found


_STORY_VECTORS = StoryVectors()


def story_vectors() -> StoryVectors:
    """This process's cache, shared by clustering and related articles."""
    return _STORY_VECTORS


def forget_story_vectors() -> None:
    """Start the cache afresh (tests, where ids recur between databases)."""
    _STORY_VECTORS._clear()


def close_stories(embedding: bytes, *, exclude: int | None, limit: int) -> list[int]:
    """Ids of the stories nearest in meaning to an article's embedding, recent ones favoured."""
    since = timezone.now() - RELATED_WINDOW
    ids, similarity, last_seen = story_vectors().ranked(
        from_blob(embedding), since, MAX_STORIES, max_age=RELATED_REFRESH_SECONDS
    )
    age_days = np.maximum(time.time() - last_seen, 0) / 86400
    relevance = similarity * 0.5 ** (age_days / _HALF_LIFE_DAYS)
    chosen = []
    for index in np.argsort(-relevance, kind="stable"):
        if similarity[index] < MIN_SIMILARITY:
            continue
        if ids[index] != exclude:
            chosen.append(int(ids[index]))
        if len(chosen) == limit:
            break
    return chosen


def stored_sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors kept in the AI cache table, one entry per sentence text: the worker
    embeds each new article's sentences once, and every web process reuses them, so a first
    question about an article only embeds the question itself."""
    model = model_name()
    keys = [f"vec:{model}:{hashlib.sha1(text.encode()).hexdigest()}" for text in texts]
    found = caches["ai"].get_many(keys)
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
    if missing:
        fresh = dict(zip(missing, embed(list(missing.values())), strict=True))
        caches["ai"].set_many(fresh)
        found.update(fresh)
    if not keys:
        return np.zeros((0, dimension()), dtype=np.float32)
    return np.stack([found[key] for key in keys])
