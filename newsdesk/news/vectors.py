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

from newsdesk.lib.vectors import from_blob
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
            live = self._refresh_if_old(since, vector.nbytes, max_age)
            if not len(self._ids):
                return self._ids, np.empty(0, np.float32), self._last_seen
            similarities = self._matrix @ vector
            if live is None:
                similarities[self._last_seen < since.timestamp()] = -np.inf
            else:
                similarities[~np.isin(self._ids, np.fromiter(live, np.int64, len(live)))] = -np.inf
            order = _best_first(similarities, min(limit, int(np.isfinite(similarities).sum())))
            return self._ids[order], similarities[order], self._last_seen[order]

    def _refresh_if_old(
        self, since: datetime, nbytes: int, max_age: float
    ) -> dict[int, int] | None:
        """The live stories' report counts by id, read now; None when the rows held are
        recent enough to reuse (then ranking masks by each row's last report)."""
        fresh_enough = time.monotonic() - self._refreshed_at <= max_age
        if max_age and fresh_enough and since.timestamp() >= self._covered_since:
            return None
        # Ids and counts only: converting every live story's timestamp would cost more than
        # the ranking; a story's last report is read with its centroid when its count changes.
        live = dict(
            Story.objects.filter(last_seen_at__gte=since)
            .order_by("-last_seen_at")
            .values_list("id", "article_count")[:MAX_STORIES]
        )
        self._refresh(live, nbytes)
        self._covered_since = since.timestamp()
        self._refreshed_at = time.monotonic()
        return live

    def _refresh(self, live: dict[int, int], nbytes: int) -> None:
        if len(self._ids) and self._matrix.shape[1] * 4 != nbytes:
            self._clear()  # another embedding model: start afresh
        stale = [i for i, count in live.items() if self._counts.get(i) != count]
        fresh = _unit_centroids(stale, nbytes)
        if set(fresh) - set(self._positions) or len(self._positions) > 2 * max(len(live), 1000):
            self._rebuild(live, fresh)
            return
        for story_id, (row, last_seen) in fresh.items():
            position = self._positions[story_id]
            self._matrix[position] = row
            self._last_seen[position] = last_seen
            self._counts[story_id] = live[story_id]

    def _rebuild(self, live: dict[int, int], fresh: dict[int, tuple[np.ndarray, float]]) -> None:
        """New stories appeared (or many left the window): lay the matrix out again. Rows of
        stories no longer live are dropped."""
        rows = {
            i: (self._matrix[p], self._last_seen[p])
            for i, p in self._positions.items()
            if i in live
        }
        rows.update(fresh)
        self._ids = np.array(list(rows), dtype=np.int64)
        self._positions = {story_id: p for p, story_id in enumerate(rows)}
        vectors = [vector for vector, _ in rows.values()]
        self._matrix = np.stack(vectors) if vectors else np.empty((0, 0), np.float32)
        self._last_seen = np.array([seen for _, seen in rows.values()], dtype=np.float64)
        self._counts = {i: live[i] for i in rows}


def _best_first(scores: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` highest scores, highest first: a search asks for a few dozen
    of twenty thousand stories, so only those are sorted (ties in the order they are held)."""
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    if count >= len(scores):
        return np.argsort(-scores, kind="stable")
    top = np.sort(np.argpartition(-scores, count - 1)[:count])
    return top[np.argsort(-scores[top], kind="stable")]


def _unit_centroids(story_ids: list[int], nbytes: int) -> dict[int, tuple[np.ndarray, float]]:
    """Unit-length centroids of the given stories with their last report's time (unix
    seconds); another model's centroids (another length) are left out. Normalized in one
    vectorized step: a cold start reads thousands."""
    ids, blobs, seen = [], [], []
    for chunk in in_chunks(story_ids):
        rows = Story.objects.filter(pk__in=chunk).values_list("id", "centroid", "last_seen_at")
        for story_id, blob, last_seen in rows:
            if blob is not None and len(blob) == nbytes:
                ids.append(story_id)
                blobs.append(bytes(blob))
                seen.append(last_seen.timestamp())
    if not ids:
        return {}
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), -1)
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return {story_id: (matrix[i], seen[i]) for i, story_id in enumerate(ids)}


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
    # Only stories close enough are weighed and put in order: a handful of the thousands in
    # the window, all of which an article page without many reports of its own once sorted.
    close = np.flatnonzero(similarity >= MIN_SIMILARITY)
    if exclude is not None:
        close = close[ids[close] != exclude]
    age_days = np.maximum(time.time() - last_seen[close], 0) / 86400
    relevance = similarity[close] * 0.5 ** (age_days / _HALF_LIFE_DAYS)
    best = close[np.argsort(-relevance, kind="stable")[:limit]]
    return [int(story_id) for story_id in ids[best]]


def stored_sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors kept in the AI cache table, shared by every process.

    The AI features embed a probe (a headline, a question) together with a document's
    sentences, so a call's first text is stored apart from the rest, and the rest as one entry:
    the worker's summary stores an article's opening in one row, and after an article's first
    question every process answers the next by embedding only the question. (One row per
    sentence cost more in cache writes, each counting the table, than embedding them.)"""
    if not texts:
        return np.zeros((0, dimension()), dtype=np.float32)
    parts = (list(texts[:1]), list(texts[1:]))
    return np.concatenate([_stored_block(part) for part in parts if part])


def _stored_block(texts: list[str]) -> np.ndarray:
    digest = hashlib.sha1("\0".join(texts).encode()).hexdigest()
    key = f"vectors:{model_name()}:{len(texts)}:{digest}"
    found = caches["ai"].get(key)
    if found is None:
        found = embed(texts)
        caches["ai"].set(key, found)
    return np.asarray(found)


def warm_up() -> None:
    """Load the embedding model and read the related-articles window's story centroids now, so
    the first request a web process serves is as fast as the rest (the server calls this in
    each worker as it starts, not on the request path)."""
    embed(["warm up"])
    since = timezone.now() - RELATED_WINDOW
    story_vectors().ranked(np.zeros(dimension(), np.float32), since, 1)
