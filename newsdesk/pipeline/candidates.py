"""Which live stories might a new report belong to? The shortlist that clustering scores.

A busy archive has thousands of stories within the clustering window. Reading all their
centroids for every report costs more than the rest of enrichment, so each process keeps the
window's centroids in memory and re-reads only those of stories whose report count changed
(a report joined, or a merge or split moved some). The ranking may then use a centroid a few
moments old; the shortlisted stories' state is always read fresh, and only that state is
scored and updated, so a stale entry can cost a candidate its place but never corrupt a story.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from threading import Lock

import numpy as np

from newsdesk.news.models import Story
from newsdesk.stories.cluster import ArticleSignal, ClusterConfig, StorySignal, closest

# At most this many of the most recently active stories are ranked for a report.
CANDIDATE_LIMIT = 20000
# What clustering reads of a story.
STATE_FIELDS = ("id", "centroid", "entity_counts", "first_seen_at", "last_seen_at", "article_count")


def story_signal(story: Story) -> StorySignal:
    return StorySignal(
        id=story.pk,
        centroid=np.frombuffer(bytes(story.centroid), dtype=np.float32),
        entity_keys=Counter(story.entity_counts),
        first_seen=story.first_seen_at,
        last_seen=story.last_seen_at,
        size=story.article_count or 1,
    )


class CentroidCache:
    """The window's story centroids as unit rows of one matrix, with the report count each was
    read at; rows are re-read and patched in place when a story's count changes."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._clear()

    def _clear(self) -> None:
        self._counts: dict[int, int] = {}
        self._positions: dict[int, int] = {}
        self._ids = np.empty(0, dtype=np.int64)
        self._matrix = np.empty((0, 0), dtype=np.float32)

    def ranked(self, vector: np.ndarray, since: datetime, limit: int) -> list[int]:
        """Ids of the ``limit`` stories active since ``since`` closest in meaning to ``vector``."""
        vector = np.asarray(vector, dtype=np.float32)
        live = dict(
            Story.objects.filter(last_seen_at__gte=since)
            .order_by("-last_seen_at")
            .values_list("id", "article_count")[:CANDIDATE_LIMIT]
        )
        with self._lock:
            self._refresh(live, vector.nbytes)
            if not len(self._ids):
                return []
            similarities = self._matrix @ vector
            in_window = np.fromiter((i in live for i in self._ids), bool, len(self._ids))
            similarities[~in_window] = -np.inf
            return closest(similarities, min(limit, int(in_window.sum())), self._ids).tolist()

    def _refresh(self, live: dict[int, int], nbytes: int) -> None:
        if len(self._ids) and self._matrix.shape[1] * 4 != nbytes:
            self._clear()  # another embedding model: start afresh
        stale = [i for i, count in live.items() if self._counts.get(i) != count]
        fresh = _centroids(stale, nbytes)
        if set(fresh) - set(self._positions) or len(self._positions) > 2 * max(len(live), 1000):
            self._rebuild(live, fresh)
            return
        for story_id, row in fresh.items():
            self._matrix[self._positions[story_id]] = row
            self._counts[story_id] = live[story_id]

    def _rebuild(self, live: dict[int, int], fresh: dict[int, np.ndarray]) -> None:
        """New stories appeared (or many left the window): lay the matrix out again."""
        rows = {i: self._matrix[p] for i, p in self._positions.items() if i in live}
        rows.update(fresh)
        self._ids = np.array(list(rows), dtype=np.int64)
        self._positions = {story_id: p for p, story_id in enumerate(rows)}
        self._matrix = np.stack(list(rows.values())) if rows else np.empty((0, 0), np.float32)
        self._counts = {i: live[i] for i in rows}


def _centroids(story_ids: list[int], nbytes: int) -> dict[int, np.ndarray]:
    """Unit-length centroids of the given stories; another model's (another length) are left
    out. Chunked, because SQLite allows a limited number of parameters per query."""
    found = {}
    for start in range(0, len(story_ids), 900):
        chunk = story_ids[start : start + 900]
        for story_id, blob in Story.objects.filter(pk__in=chunk).values_list("id", "centroid"):
            if blob is not None and len(blob) == nbytes:
                centroid = np.frombuffer(bytes(blob), dtype=np.float32)
                found[story_id] = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    return found


_CACHE = CentroidCache()


def candidate_stories(signal: ArticleSignal, config: ClusterConfig) -> list[StorySignal]:
    """The ``config.shortlist`` live stories closest to a report, freshly read, oldest id first
    (a fixed order, so the outcome depends only on the input)."""
    shortlist = _CACHE.ranked(signal.vector, signal.published - config.max_gap, config.shortlist)
    stories = Story.objects.filter(pk__in=shortlist).only(*STATE_FIELDS)
    return sorted((story_signal(story) for story in stories), key=lambda s: s.id)
