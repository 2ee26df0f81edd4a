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

The process that files reports tells the cache of each story it stores (``note``): the rows and
counts held are then those the database has, which one aggregate over the window confirms
before each ranking (how many live stories, their reports, the newest id), instead of reading
every live story's id and count; any other change (another worker, a merge) fails the check
and the window is read again as before.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from threading import Lock

import numpy as np
from django.core.cache import caches
from django.db import connection
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
        self._rows = _Rows(0, 0)
        self._covered_since = float("inf")
        self._refreshed_at = 0.0

    def __len__(self) -> int:
        """How many stories are held."""
        return len(self._positions)

    def ranked(
        self, vector: np.ndarray, since: datetime, limit: int, max_age: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ids, cosines, last seen as unix seconds) of the ``limit`` stories active since
        ``since`` closest in meaning to ``vector``, closest first. The rows are read fresh
        unless the last refresh covered ``since`` and is at most ``max_age`` seconds old, or
        (``max_age`` 0) the window's aggregate shows the rows held are the database's."""
        vector = np.asarray(vector, dtype=np.float32)
        with self._lock:
            live = self._refresh_if_old(since, vector.nbytes, max_age)
            ids, matrix, last_seen = self._rows.ids, self._rows.matrix, self._rows.last_seen
            if not len(ids):
                return ids, np.empty(0, np.float32), last_seen
            similarities = matrix @ vector
            if live is None:
                similarities[last_seen < since.timestamp()] = -np.inf
            else:
                similarities[~np.isin(ids, np.fromiter(live, np.int64, len(live)))] = -np.inf
            order = _best_first(similarities, min(limit, int(np.isfinite(similarities).sum())))
            return ids[order], similarities[order], last_seen[order]

    def note(self, story_id: int, centroid: bytes | None, last_seen: datetime, count: int) -> None:
        """The state this process just stored for a story (centroid, last report, report
        count): the next ranking then need not read it back."""
        with self._lock:
            nbytes = self._rows.matrix.shape[1] * 4
            if self._covered_since == float("inf") or centroid is None:
                return  # no window read yet: the first ranking reads it whole
            if len(self) and len(centroid) != nbytes:
                return  # another model's: the next ranking starts afresh
            fresh = _unit_centroids_of([(story_id, bytes(centroid), last_seen)])
            self._set_rows(fresh, {story_id: count})

    def _refresh_if_old(
        self, since: datetime, nbytes: int, max_age: float
    ) -> dict[int, int] | None:
        """The live stories' report counts by id, read now; None when the rows held can be
        used as they are (then ranking masks by each row's last report)."""
        if since.timestamp() >= self._covered_since:
            if max_age and time.monotonic() - self._refreshed_at <= max_age:
                return None
            if not max_age and self._rows.agree(since, _window_aggregate(since)):
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
        if len(self) and self._rows.matrix.shape[1] * 4 != nbytes:
            self._clear()  # another embedding model: start afresh
        stale = [i for i, count in live.items() if self._counts.get(i) != count]
        fresh = _unit_centroids(stale, nbytes)
        if len(self._positions) > 2 * max(len(live), 1000):
            self._rebuild(live, fresh)
            return
        # A story held but no longer live (left the window, or merged away) is masked until
        # it is read again: the window's aggregate then counts only the stories it has.
        for story_id in self._positions.keys() - live.keys():
            self._counts.pop(story_id, None)
            self._rows.retire(self._positions[story_id])
        self._set_rows(fresh, live)

    def _set_rows(self, fresh: dict[int, tuple[np.ndarray, float]], counts: dict[int, int]) -> None:
        """Write the rows of ``fresh`` stories in place, new stories at the end."""
        for story_id, (row, last_seen) in fresh.items():
            position = self._positions.get(story_id)
            if position is None:
                position = self._positions[story_id] = self._rows.append(story_id, len(row))
            self._rows.put(position, row, last_seen, counts[story_id])
            self._counts[story_id] = counts[story_id]

    def _rebuild(self, live: dict[int, int], fresh: dict[int, tuple[np.ndarray, float]]) -> None:
        """Many stories left the window: lay the rows out again, those of stories no longer
        live dropped."""
        kept = {
            i: (self._rows.matrix[p].copy(), float(self._rows.last_seen[p]))
            for i, p in self._positions.items()
            if i in live
        }
        kept.update(fresh)
        self._counts, self._positions = {}, {}
        self._rows = _Rows(len(kept), self._rows.matrix.shape[1])
        self._set_rows(kept, live)


class _Rows:
    """Story rows (id, unit centroid, last report as unix seconds, report count as held)
    with room to grow at the end: appending doubles the capacity when full, so a new story
    costs no copy of the matrix."""

    def __init__(self, capacity: int, width: int) -> None:
        self._size = 0
        self._ids = np.zeros(capacity, dtype=np.int64)
        self._matrix = np.zeros((capacity, width), dtype=np.float32)
        self._last_seen = np.zeros(capacity, dtype=np.float64)
        self._counts = np.zeros(capacity, dtype=np.int64)

    @property
    def ids(self) -> np.ndarray:
        return self._ids[: self._size]

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix[: self._size]

    @property
    def last_seen(self) -> np.ndarray:
        return self._last_seen[: self._size]

    def append(self, story_id: int, width: int) -> int:
        if self._size == len(self._ids) or self._matrix.shape[1] != width:
            self._grow(max(2 * self._size, 64), width)
        self._ids[self._size] = story_id
        self._size += 1
        return self._size - 1

    def _grow(self, capacity: int, width: int) -> None:
        held = self._size
        grown = _Rows(capacity, width)
        grown._size = held
        grown._ids[:held] = self.ids
        grown._last_seen[:held] = self.last_seen
        grown._counts[:held] = self._counts[:held]
        if held:
            grown._matrix[:held] = self.matrix
        self.__dict__.update(grown.__dict__)

    def put(self, position: int, row: np.ndarray, last_seen: float, count: int) -> None:
        self._matrix[position] = row
        self._last_seen[position] = last_seen
        self._counts[position] = count

    def retire(self, position: int) -> None:
        """Mask a row until its story is read again."""
        self._last_seen[position] = -np.inf

    def agree(self, since: datetime, window: tuple[int, int, int]) -> bool:
        """Whether the rows live since ``since`` are as many, count as many reports and end at
        the same newest id as ``window`` says the database's do."""
        live = self.last_seen >= since.timestamp()
        ids = self.ids[live]
        held = (len(ids), int(self._counts[: self._size][live].sum()), int(ids.max(initial=0)))
        return held == window


def _window_aggregate(since: datetime) -> tuple[int, int, int]:
    """(how many, their reports, the newest id) of the stories with a report since ``since``:
    one aggregate over the index that serves the window's query, written out once (filing
    asks it before every report, and building it through the ORM cost six times running it).
    """
    with connection.cursor() as cursor:
        cursor.execute(_window_sql(), [connection.ops.adapt_datetimefield_value(since)])
        stories, reports, newest = cursor.fetchone()
    return stories, reports or 0, newest or 0


@cache
def _window_sql() -> str:
    """The statement ``Story.objects.filter(last_seen_at__gte=since).aggregate(stories=
    Count("id"), reports=Sum("article_count"), newest=Max("id"))`` runs."""
    quote = connection.ops.quote_name
    return (
        f"SELECT COUNT({quote('id')}), SUM({quote('article_count')}), MAX({quote('id')}) "
        f"FROM {quote(Story._meta.db_table)} WHERE {quote('last_seen_at')} >= %s"
    )


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
    seconds); another model's centroids (another length) are left out."""
    return _unit_centroids_of(
        [
            (story_id, bytes(blob), last_seen)
            for chunk in in_chunks(story_ids)
            for story_id, blob, last_seen in Story.objects.filter(pk__in=chunk).values_list(
                "id", "centroid", "last_seen_at"
            )
            if blob is not None and len(blob) == nbytes
        ]
    )


def _unit_centroids_of(
    rows: list[tuple[int, bytes, datetime]],
) -> dict[int, tuple[np.ndarray, float]]:
    """(id, centroid, last report) rows as unit rows, normalized in one vectorized step: a
    cold start reads thousands."""
    if not rows:
        return {}
    blobs = b"".join(blob for _, blob, _ in rows)
    matrix = np.frombuffer(blobs, dtype=np.float32).reshape(len(rows), -1)
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return {row[0]: (matrix[i], row[2].timestamp()) for i, row in enumerate(rows)}


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
