"""Story clustering as pure functions: which story does a new report belong to?

A sentence embedding of the headline and lead says *what kind* of event a report is about, but two
earthquakes, two shootings or two product launches look alike to it. What tells events apart is
the names, places and numbers they share, and when they happen. So a report joins a story only if

- its vector is close to the story's centroid,
- it shares the story's characteristic names/places/numbers (weighted by how many of the story's
  reports carry each one), unless the vectors are near-identical, and
- it is not far in time from the story's latest report.

``choose_story`` is the decision for one report against candidate stories (the ORM service loads
candidates within ``config.max_gap`` and calls it); ``OnlineClusterer`` replays a stream with the
same logic for benches and tests. Nothing here touches the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cached_property

import numpy as np

from newsdesk.nlp.entities import entity_key
from newsdesk.stories.signals import is_dateline, quantities_disagree


@dataclass(frozen=True)
class ClusterConfig:
    """Weights and thresholds of the join decision (tuned on the dev sets by bench/stories.py)."""

    threshold: float = 0.79  # minimum combined score to join a story
    entity_weight: float = 0.75  # how much a full entity match adds to the cosine
    solo_cosine: float = 0.85  # above this, a report may join without a shared name
    core_share: float = 0.25  # a key carried by this share of a story's reports is "core"
    conflict_penalty: float = 0.15  # story has core numbers/years and the report has other ones
    # One side dates itself (a full date in its lead) and the other never does, so the two
    # cannot be told apart by when: the new event's reports carry their dateline ("September
    # 18, 2013"), its older look-alike's tell of the same patch, quake or arrest without one.
    dating_penalty: float = 0.07
    # The report's headline names who or where, and the story has never mentioned any of them:
    # "Second bushfire forces 600 to flee near Cooringa" is not the Tarrawong fire's story.
    headline_penalty: float = 0.1
    time_weight: float = 0.2  # penalty at ``time_horizon`` from the story's last report
    time_horizon: timedelta = timedelta(days=3)
    max_gap: timedelta = timedelta(days=7)  # farther stories are not candidates at all
    # Only this many candidates, the closest by cosine, are scored: the entity bonus cannot lift
    # a story from further down, and scoring thousands of live stories per report is slow.
    shortlist: int = 32
    merge_threshold: float = 0.8  # should_merge: minimum cosine between story centroids
    # should_merge: core names (not numbers) both stories carry. One or two are not enough: two
    # Microsoft patches share the company and the browser, two quakes the island and the country,
    # and counts of different things no longer keep such stories apart.
    merge_shared_names: int = 3
    # should_merge: a story whose core names hold everything a bigger story is about (the names
    # most of its reports carry, ``subject_share``) tells a part of that event from its own
    # side ("Titanfall launch hindered by Xbox Live sign-in issues" beside Titanfall's launch),
    # and merges at this lower cosine; ``None``: only at ``merge_threshold``.
    subject_merge_cosine: float | None = None
    subject_share: float = 0.5
    # Consolidation files a small story's reports again once the stories around them have
    # grown: a second decision on the same report, so it must clear the threshold by this much.
    refile_margin: float = 0.05
    refile_size: int = 2  # ... for stories of at most this many reports
    # ... and only into a story begun by then or within this long after its last report: a small
    # story over before the other began tells an earlier event (the first of two bushfires in
    # one region, days apart), not a report that came too early for its event's story.
    refile_lead: timedelta = timedelta(days=1)
    split_min_size: int = 2  # a drifted part needs this many reports to become its own story
    # A story is regrouped after a merge, and otherwise once it has grown by this factor since
    # it was last regrouped: one more report does not make a story read as two events.
    regroup_growth: float = 1.25
    split_cosine: float = 0.6  # ... and its centroid must be less similar than this to the rest
    # The headline's words count as names (``signals.headline_word_keys``): for feeds of
    # headlines alone, whose products and firms the entity model seldom finds in title case.
    headline_words: bool = False


# Headlines alone give lower cosines and few names than headline + lead, so a headline-only
# stream (e.g. a feed without text) needs a lower bar and can't insist on a shared name.
# Nor can it penalize names missing from a story: a headline is all the report says.
HEADLINE_ONLY = ClusterConfig(
    threshold=0.4,
    entity_weight=0.3,
    solo_cosine=0.0,
    headline_penalty=0.0,
    dating_penalty=0.0,  # a headline seldom gives a date: its silence says nothing
    split_cosine=0.5,
    merge_shared_names=2,  # a headline seldom names three things
    # One event's headlines tell it from many sides whose words the embedding reads apart, and
    # online filing leaves a side of it as a story of its own that names the event's subject
    # (UCI dev, 3 orders in memory: F1 0.812 -> 0.829 at the same precision, and on each half
    # of the gold stories 0.882 -> 0.893 and 0.807 -> 0.831).
    subject_merge_cosine=0.55,
    # A headline alone seldom clears the bar, so an event's early reports leave more and bigger
    # fragments; its reports are few words and few names, and every one of them must choose
    # the same story again (UCI dev, 20 stories, 3 orders: F1 0.788 -> 0.801 at the same P).
    refile_size=8,
    # "Titanfall", "Gox", "iOS": what a headline is about is often a word no entity names
    # (UCI dev, 61 stories, 2 orders in memory: F1 0.799 -> 0.808 at the same precision).
    headline_words=True,
)


Id = int | str  # database ids in the product, dataset ids in benches


@dataclass(frozen=True)
class ArticleSignal:
    """What clustering needs to know about one report."""

    id: Id
    published: datetime
    vector: np.ndarray  # unit-length embedding of headline + lead
    entity_keys: frozenset[str]  # entity keys, plus number/year keys (see signals.py)
    headline: str = ""

    # A report is scored against up to ``shortlist`` stories: what it says on its own is read
    # once, not once per candidate.
    @cached_property
    def headline_names(self) -> frozenset[str]:
        """``headline_keys`` of the report."""
        return frozenset(headline_keys(self))

    @cached_property
    def quantity_keys(self) -> frozenset[str]:
        """The report's ``year:``, ``date:`` and ``num:`` keys."""
        return frozenset(k for k in self.entity_keys if _is_quantity(k))

    @cached_property
    def dated(self) -> bool:
        """Whether the report gives a full date (``_dates_itself``)."""
        return _dates_itself(self.quantity_keys)


@dataclass(frozen=True)
class StorySignal:
    """A story as clustering sees it: mean vector, key counts and time span."""

    id: Id
    centroid: np.ndarray  # mean of member vectors (not renormalized: it is a running mean)
    entity_keys: Counter[str]  # key -> number of member reports carrying it
    first_seen: datetime
    last_seen: datetime
    size: int


@dataclass(frozen=True)
class Choice:
    """The story a report should join (``None``: start a new story) and the winning score."""

    story_id: Id | None
    score: float


def choose_story(
    article: ArticleSignal, candidates: Sequence[StorySignal], config: ClusterConfig | None = None
) -> Choice:
    """The best-scoring candidate story if its score reaches ``config.threshold``."""
    config = config or ClusterConfig()
    live = [s for s in candidates if _time_gap(article.published, s) <= config.max_gap]
    if not live:
        return Choice(None, 0.0)
    cosines = _cosines(article.vector, [s.centroid for s in live])
    # Entities can add at most ``entity_weight``: skip candidates that cannot reach the threshold.
    reachable = np.flatnonzero(cosines + config.entity_weight >= config.threshold)
    reachable = np.sort(closest(cosines[reachable], config.shortlist, reachable))
    scored = [
        (join_score(article, live[i], float(cosines[i]), config), live[i].id) for i in reachable
    ]
    if not scored:
        return Choice(None, float(cosines.max()))
    # Ties go to the earlier candidate, so the outcome depends only on the input order.
    best_score, best_id = max(scored, key=lambda pair: pair[0])
    return Choice(best_id if best_score >= config.threshold else None, best_score)


def closest(similarities: np.ndarray, limit: int, ids: np.ndarray | None = None) -> np.ndarray:
    """The ``limit`` most similar entries (their ``ids``, default their positions), most
    similar first; equal similarities keep their order, so the result is deterministic."""
    ids = np.arange(len(similarities)) if ids is None else ids
    return ids[np.argsort(-similarities, kind="stable")[:limit]]


def join_score(
    article: ArticleSignal, story: StorySignal, cosine: float, config: ClusterConfig
) -> float:
    """Cosine plus entity agreement minus time and conflict penalties; -inf if not allowed."""
    entity = entity_agreement(article.entity_keys, story)
    if entity == 0.0 and cosine < config.solo_cosine:
        return float("-inf")
    gap = _time_gap(article.published, story) / config.time_horizon
    penalty = config.time_weight * min(gap, 1.0)
    core_quantities = _core_quantities(story, config)
    if quantities_disagree(article.quantity_keys, core_quantities):
        penalty += config.conflict_penalty
    if article.dated != _dates_itself(core_quantities):
        penalty += config.dating_penalty
    named = article.headline_names
    if named and not any(key in story.entity_keys for key in named):
        penalty += config.headline_penalty
    return cosine + config.entity_weight * entity - penalty


def headline_keys(article: ArticleSignal) -> set[str]:
    """The report's entity keys that its headline spells out; none when the "headline" is a
    dateline or a timestamp ("LONDON (Reuters) -"), which says nothing about the event."""
    if is_dateline(article.headline):
        return set()
    headline = f"-{entity_key(article.headline)}-"
    return {k for k in article.entity_keys if not _is_quantity(k) and f"-{k}-" in headline}


def entity_agreement(keys: frozenset[str], story: StorySignal) -> float:
    """Weighted Dice overlap in [0, 1] between a report's keys and a story's.

    Each story key weighs the share of the story's reports that carry it, so a key every report
    names (the quake's town) counts fully and a passing mention barely; dividing by both sides'
    sizes keeps a report that shares only the country with a story from scoring high.
    """
    story_mass = story.entity_keys.total() / max(story.size, 1)
    if not keys or not story_mass:
        return 0.0
    shared = sum(story.entity_keys[k] for k in keys if k in story.entity_keys) / story.size
    return 2 * shared / (len(keys) + story_mass)


def _core_quantities(story: StorySignal, config: ClusterConfig) -> set[str]:
    """The numbers, years and dates the story's reports keep stating: a report whose own
    disagree with them is of a look-alike event."""
    return {
        k
        for k, n in story.entity_keys.items()
        if _is_quantity(k) and n / story.size >= config.core_share
    }


def _dates_itself(quantities: Iterable[str]) -> bool:
    """Some of ``quantities`` are a full date: a dateline or the day of the event. A year alone
    is not: "the plant opens in 2029" dates a plan, not the report."""
    return any(key.startswith("date:") for key in quantities)


def _is_quantity(key: str) -> bool:
    return key.startswith(("num:", "year:", "date:"))


def _time_gap(published: datetime, story: StorySignal) -> timedelta:
    if story.first_seen <= published <= story.last_seen:
        return timedelta(0)
    return min(abs(published - story.last_seen), abs(published - story.first_seen))


def _cosines(vector: np.ndarray, centroids: Sequence[np.ndarray]) -> np.ndarray:
    matrix = np.stack(centroids)
    norms = np.maximum(np.linalg.norm(matrix, axis=1), 1e-12)
    return (matrix @ vector) / norms


def new_story(story_id: Id, article: ArticleSignal) -> StorySignal:
    """A one-report story."""
    return StorySignal(
        id=story_id,
        centroid=article.vector.astype(np.float32, copy=True),
        entity_keys=Counter(article.entity_keys),
        first_seen=article.published,
        last_seen=article.published,
        size=1,
    )


def story_from(story_id: Id, reports: Sequence[ArticleSignal]) -> StorySignal:
    """A story rebuilt from its reports, as the online pass would have built it in time order."""
    ordered = sorted(reports, key=lambda r: (r.published, str(r.id)))
    story = new_story(story_id, ordered[0])
    for report in ordered[1:]:
        story = update_centroid(story, report)
    return story


def update_centroid(story: StorySignal, article: ArticleSignal) -> StorySignal:
    """The story with ``article`` added: running mean vector, key counts and time span."""
    size = story.size + 1
    centroid = story.centroid + (article.vector - story.centroid) / size
    keys = story.entity_keys + Counter(article.entity_keys)
    return replace(
        story,
        centroid=centroid.astype(np.float32),
        entity_keys=keys,
        first_seen=min(story.first_seen, article.published),
        last_seen=max(story.last_seen, article.published),
        size=size,
    )


def should_merge(a: StorySignal, b: StorySignal, config: ClusterConfig | None = None) -> bool:
    """Two stories that turned out to be one event: close centroids, shared core names, no
    disagreeing core numbers, near in time.

    Single-pass clustering splits an event when its first reports differ; a periodic merge pass
    repairs that. The bar is higher than for joining, because a wrong merge mixes two events.
    """
    config = config or ClusterConfig()
    if _time_gap(a.first_seen, b) > config.max_gap and _time_gap(a.last_seen, b) > config.max_gap:
        return False
    (cosine,) = _cosines(_direction(a.centroid), [b.centroid])
    if cosine < _merge_bar(config):
        return False
    core_a = _core_keys(a, config)
    core_b = _core_keys(b, config)
    shared_names = {k for k in core_a & core_b if not _is_quantity(k)}
    if not (
        len(shared_names) >= config.merge_shared_names
        and not quantities_disagree(core_a, core_b)
        and _years_agree(a, b, config)
    ):
        return False
    return cosine >= config.merge_threshold or _tells_part_of(a, b, config)


def _merge_bar(config: ClusterConfig) -> float:
    """The lowest centroid cosine at which two stories may merge."""
    if config.subject_merge_cosine is None:
        return config.merge_threshold
    return min(config.merge_threshold, config.subject_merge_cosine)


def _tells_part_of(a: StorySignal, b: StorySignal, config: ClusterConfig) -> bool:
    """The smaller story's core names hold the bigger one's whole subject: it tells a part of
    that event (``subject_merge_cosine``, which ``should_merge`` checks before)."""
    larger, smaller = (a, b) if a.size >= b.size else (b, a)
    subject = _subject(larger, config)
    return bool(subject) and subject <= _core_keys(smaller, config)


def _subject(story: StorySignal, config: ClusterConfig) -> set[str]:
    """The names (not numbers) most of a story's reports carry: what it is about."""
    return {
        k
        for k, n in story.entity_keys.items()
        if not _is_quantity(k) and n / story.size >= config.subject_share
    }


def _years_agree(a: StorySignal, b: StorySignal, config: ClusterConfig) -> bool:
    """Each story's core years are years the other has told of (``_years_told_in``)."""
    return _years_told_in(_core_keys(a, config), b) and _years_told_in(_core_keys(b, config), a)


def _tell_other_years(a: StorySignal, b: StorySignal, config: ClusterConfig) -> bool:
    """Both stories keep stating years, and they are not the same ones. Stricter than
    ``_years_agree``, which a part of one event that names no year may fail too: its
    reports may just not say (or, in an archive, were published in another year)."""
    stated = [_core_keys(story, config) for story in (a, b)]
    if not all(any(key.startswith("year:") for key in core) for core in stated):
        return False
    return not _years_agree(a, b, config)


def _years_told_in(core: set[str], other: StorySignal) -> bool:
    """Every year a story's reports keep stating (among its ``core`` keys) is one the other
    story has stated too, or was published in. Reports of an event that state its year agree
    on it, and a report that states none says nothing against it; but a story that keeps
    telling of 2011 is not the one whose reports, however many, never once told of 2011 while
    being published years before or after: two cable cuts off Alexandria three years apart
    share the city, the sea and the countries cut off."""
    years = {key for key in core if key.startswith("year:")}
    if not years:
        return True
    published = {f"year:{y}" for y in range(other.first_seen.year, other.last_seen.year + 1)}
    return any(year in other.entity_keys or year in published for year in years)


def merge_pass(
    stories: Sequence[StorySignal], config: ClusterConfig | None = None
) -> tuple[dict[Id, StorySignal], dict[Id, Id]]:
    """Fold together stories that ``should_merge``; returns the survivors by id and a map from
    each absorbed story to the one that absorbed it.

    Stories are tried oldest id first and absorb newer ones, so the outcome is the same on every
    run, and a keeper is never absorbed later (no chains in the map). One matrix product per
    story picks the few close enough to check, so a pass over thousands of live stories stays
    quick; the newer stories' centroids are still their own when they are compared.
    """
    config = config or ClusterConfig()
    ordered = sorted(stories, key=lambda s: s.id)
    if not ordered:
        return {}, {}
    alive = {s.id: s for s in ordered}
    directions = np.stack([_direction(s.centroid) for s in ordered])
    absorbed: dict[Id, Id] = {}
    for position, story in enumerate(ordered):
        keeper = story.id
        while keeper in alive:
            near = directions[position + 1 :] @ _direction(alive[keeper].centroid)
            newer = ordered[position + 1 :]
            match = next(
                (
                    newer[i].id
                    for i in np.flatnonzero(near >= _merge_bar(config))
                    if newer[i].id in alive
                    and should_merge(alive[keeper], alive[newer[i].id], config)
                ),
                None,
            )
            if match is None:
                break
            alive[keeper] = merge_stories(alive[keeper], alive.pop(match))
            absorbed[match] = keeper
    return alive, absorbed


def refile_pass(
    small: Sequence[tuple[Id, Sequence[ArticleSignal]]],
    stories: Sequence[StorySignal],
    config: ClusterConfig | None = None,
) -> dict[Id, Id]:
    """Which small stories fold into which, as consolidation files their reports again: in the
    order given, a small story moves into the other story that every one of its reports chooses
    against ``stories`` as they stand by then (earlier folds included), when at least one choice
    clears the threshold by ``refile_margin`` (a second decision on the same reports). Returns
    each absorbed story's keeper, in the order of the folds.

    The stories are held as one matrix of unit centroids, so each report costs one matrix
    product and a choice among its ``shortlist`` closest live stories, as in filing, whatever
    the number of stories around it.
    """
    config = config or ClusterConfig()
    held = _HeldStories(stories)
    members = {story_id: list(reports) for story_id, reports in small}
    folds: dict[Id, Id] = {}
    for story_id, _ in small:
        reports = members.get(story_id, [])
        keeper = _refile_target(reports, held, story_id, config) if reports else None
        if keeper is not None and story_id in held.alive:
            held.fold(story_id, keeper)
            members.setdefault(keeper, []).extend(members.pop(story_id))
            folds[story_id] = keeper
    return folds


def _refile_target(
    reports: Sequence[ArticleSignal], held: _HeldStories, own: Id, config: ClusterConfig
) -> Id | None:
    """The one other story all ``reports`` choose, if one choice clears the margin and that
    story had begun by ``refile_lead`` after the last of them."""
    choices = [choose_story(r, held.candidates(r, own, config), config) for r in reports]
    chosen = {choice.story_id for choice in choices}
    keeper = chosen.pop() if len(chosen) == 1 else None
    clear = max(c.score for c in choices) >= config.threshold + config.refile_margin
    if keeper is None or not clear:
        return None
    began = held.alive[keeper].first_seen
    return keeper if began <= max(r.published for r in reports) + config.refile_lead else None


class _HeldStories:
    """Stories as unit rows of one matrix with their time spans, patched as folds are made."""

    def __init__(self, stories: Sequence[StorySignal]) -> None:
        self.alive = {s.id: s for s in stories}
        self.ids = [s.id for s in stories]
        self.rows = {story_id: row for row, story_id in enumerate(self.ids)}
        dimension = len(stories[0].centroid) if stories else 0
        self.matrix = np.zeros((len(stories), dimension), dtype=np.float32)
        for s in stories:
            self.matrix[self.rows[s.id]] = _direction(s.centroid)
        self.first = np.array([s.first_seen.timestamp() for s in stories], dtype=np.float64)
        self.last = np.array([s.last_seen.timestamp() for s in stories], dtype=np.float64)

    def candidates(
        self, report: ArticleSignal, own: Id, config: ClusterConfig
    ) -> list[StorySignal]:
        """The ``shortlist`` live stories within ``max_gap`` of the report closest to it, but
        its own story (filing's candidates, as they stand now)."""
        if not self.ids:
            return []
        when, gap = report.published.timestamp(), config.max_gap.total_seconds()
        similarities = self.matrix @ report.vector
        similarities[(self.last < when - gap) | (self.first > when + gap)] = -np.inf
        if own in self.rows:
            similarities[self.rows[own]] = -np.inf
        # In the order the stories were given (oldest id first in filing), so that ties go
        # to the same story as when the report was filed.
        best = np.sort(closest(similarities, config.shortlist))
        return [self.alive[self.ids[i]] for i in best if np.isfinite(similarities[i])]

    def fold(self, absorbed: Id, keeper: Id) -> None:
        """``absorbed`` merged into ``keeper``: the keeper's row moves, the absorbed one goes."""
        story = merge_stories(self.alive[keeper], self.alive.pop(absorbed))
        self.alive[keeper] = story
        row, gone = self.rows[keeper], self.rows.pop(absorbed)
        self.matrix[row] = _direction(story.centroid)
        self.first[row], self.last[row] = story.first_seen.timestamp(), story.last_seen.timestamp()
        self.last[gone] = -np.inf


def _direction(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def split_story(
    members: Sequence[ArticleSignal], config: ClusterConfig | None = None
) -> list[list[Id]]:
    """A story's reports regrouped from scratch: one group if it still reads as one event,
    several (largest first) if it drifted or a merge went wrong.

    The reports are clustered again in time order and the groups merged as the periodic pass
    would. A group stands alone only if it has at least ``split_min_size`` reports and its
    centroid is farther than ``split_cosine`` from the largest group's, or the two groups tell
    of other years (``_tell_other_years``): look-alike events (two title defences of one boxer
    against one challenger, four years apart) read alike to the embedding but not to their
    dates. Every other report goes back to the standing group nearest to it, so a split never
    scatters single reports.
    """
    config = config or ClusterConfig()
    clusterer = OnlineClusterer(config)
    clusterer.run(sorted(members, key=lambda m: (m.published, str(m.id))))
    clusterer.merge()
    by_id = {m.id: m for m in members}
    groups: dict[int, list[ArticleSignal]] = {}
    for article_id, story_id in clusterer.assignments.items():
        groups.setdefault(story_id, []).append(by_id[article_id])
    ranked = sorted(groups.values(), key=lambda g: (-len(g), str(g[0].id)))
    main = _mean_direction(ranked[0])
    largest = story_from("largest", ranked[0])
    standing = [ranked[0]] + [
        g
        for g in ranked[1:]
        if len(g) >= config.split_min_size
        and (
            _mean_direction(g) @ main < config.split_cosine
            or _tell_other_years(story_from("group", g), largest, config)
        )
    ]
    if len(standing) == 1:
        return [[m.id for m in members]]
    centroids = np.stack([_mean_direction(g) for g in standing])
    for group in ranked:
        if not any(group is g for g in standing):
            for report in group:
                standing[int(np.argmax(centroids @ report.vector))].append(report)
    return [[m.id for m in g] for g in standing]


def _mean_direction(reports: Sequence[ArticleSignal]) -> np.ndarray:
    return _direction(np.mean([r.vector for r in reports], axis=0))


def merge_stories(a: StorySignal, b: StorySignal) -> StorySignal:
    """``b`` folded into ``a`` (keeps ``a``'s id): size-weighted centroid, summed key counts."""
    size = a.size + b.size
    centroid = (a.centroid * a.size + b.centroid * b.size) / size
    return replace(
        a,
        centroid=centroid.astype(np.float32),
        entity_keys=a.entity_keys + b.entity_keys,
        first_seen=min(a.first_seen, b.first_seen),
        last_seen=max(a.last_seen, b.last_seen),
        size=size,
    )


def _core_keys(story: StorySignal, config: ClusterConfig) -> set[str]:
    return {k for k, n in story.entity_keys.items() if n / story.size >= config.core_share}


@dataclass
class OnlineClusterer:
    """Single-pass clustering of a stream with ``choose_story``; deterministic for a given order."""

    config: ClusterConfig = field(default_factory=ClusterConfig)
    stories: dict[Id, StorySignal] = field(default_factory=dict)
    assignments: dict[Id, int] = field(default_factory=dict)
    reports: dict[Id, ArticleSignal] = field(default_factory=dict)
    regrouped: dict[int, int] = field(default_factory=dict)  # story id -> size when regrouped
    next_id: int = 0  # never reused, so ids stay unique after merges and splits

    def add(self, article: ArticleSignal) -> int:
        """Assign one report, creating a story when none fits; returns the story id."""
        choice = choose_story(article, list(self.stories.values()), self.config)
        if choice.story_id is None:
            story_id = self._new_id()
            self.stories[story_id] = new_story(story_id, article)
        else:
            story_id = int(choice.story_id)
            self.stories[story_id] = update_centroid(self.stories[story_id], article)
        self.assignments[article.id] = story_id
        self.reports[article.id] = article
        return story_id

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def run(self, articles: Iterable[ArticleSignal]) -> dict[Id, int]:
        """Assign every report in order; returns report id -> story id."""
        for article in articles:
            self.add(article)
        return self.assignments

    def consolidate(self, refile_limit: int = 100) -> None:
        """The worker's consolidation after a round of filing: merge, refile, regroup."""
        self.merge()
        self.refile(refile_limit)
        self.split()

    def merge(self) -> int:
        """Run the periodic merge pass over every story; returns how many were absorbed."""
        self.stories, absorbed = merge_pass(list(self.stories.values()), self.config)
        self._fold(absorbed)
        return len(absorbed)

    def refile(self, limit: int = 100) -> int:
        """Consolidation's refiling (``refile_pass``) of the newest ``limit`` stories of
        ``refile_size`` reports or fewer, newest first; returns how many were absorbed."""
        members = self._members()
        small = [s for s in sorted(members) if len(members[s]) <= self.config.refile_size]
        newest_first = [(s, members[s]) for s in reversed(small[-limit:])]
        folds = refile_pass(newest_first, list(self.stories.values()), self.config)
        for absorbed, keeper in folds.items():
            self.stories[keeper] = merge_stories(self.stories[keeper], self.stories.pop(absorbed))
        self._fold(folds)
        return len(folds)

    def _fold(self, absorbed: dict[Id, Id]) -> None:
        """Reports of absorbed stories follow them to their keepers (through chains of folds),
        and every keeper is due a regrouping."""
        for keeper in absorbed.values():
            self.regrouped.pop(int(keeper), None)
        for report_id, story_id in self.assignments.items():
            while story_id in absorbed:
                story_id = int(absorbed[story_id])
            self.assignments[report_id] = story_id

    def _members(self) -> dict[int, list[ArticleSignal]]:
        members: dict[int, list[ArticleSignal]] = {}
        for report_id, story_id in self.assignments.items():
            members.setdefault(story_id, []).append(self.reports[report_id])
        return members

    def split(self, min_reports: int = 4) -> int:
        """Run the periodic split pass over stories of ``min_reports`` or more that are due a
        regrouping (``regroup_growth``); returns how many new stories it made."""
        made = 0
        for story_id, reports in sorted(self._members().items()):
            last = self.regrouped.get(story_id)
            if len(reports) < min_reports or (
                last is not None and len(reports) < last * self.config.regroup_growth
            ):
                continue
            parts = split_story(reports, self.config)
            for part in parts[1:]:
                self._move(part, story_id, self._new_id())
                made += 1
            self.regrouped[story_id] = len(parts[0])
        return made

    def _move(self, report_ids: list[Id], old: int, new: int) -> None:
        moved = [self.reports[r] for r in report_ids]
        kept = [
            self.reports[r] for r, s in self.assignments.items() if s == old and r not in report_ids
        ]
        self.stories[new] = story_from(new, moved)
        self.stories[old] = story_from(old, kept)
        for report_id in report_ids:
            self.assignments[report_id] = new
