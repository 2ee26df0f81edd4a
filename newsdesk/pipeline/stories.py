"""Stories against the database: file each enriched report into a story, keep every story's
display fields (lead report, title, counts, rank) current, and repair online clustering with
periodic merge and split passes. The decisions are ``newsdesk.stories``'s; this module reads
the rows they need and writes what they decide."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple, cast

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Q, QuerySet

from newsdesk.following.services import move_story_follows
from newsdesk.lib.vectors import from_blob, to_blob
from newsdesk.news.limits import clip
from newsdesk.news.models import Article, Story, StoryRedirect
from newsdesk.news.vectors import story_vectors
from newsdesk.nlp.entities import Entity
from newsdesk.pipeline.crosslingual import (
    ENGLISH,
    Crossing,
    ForeignLeads,
    choose_across_languages,
    choose_foreign_story,
    may_name,
    names_told_elsewhere,
    stored_crossing,
)
from newsdesk.stories.cluster import (
    HEADLINE_ONLY,
    ArticleSignal,
    ClusterConfig,
    Id,
    StorySignal,
    choose_story,
    merge_pass,
    merge_stories,
    new_story,
    refile_pass,
    split_story,
    story_from,
    update_centroid,
)
from newsdesk.stories.ranking import hot_score
from newsdesk.stories.signals import article_keys, headline_word_keys

# Clustering presets by the name ``NEWSDESK_STORY_PRESET`` gives: full articles by default;
# "headlines" for archives whose feeds carry headlines only.
PRESETS = {"default": ClusterConfig(), "headlines": HEADLINE_ONLY}
# Consolidation revisits stories with a report within this span of the newest report.
CONSOLIDATION_WINDOW = timedelta(days=3)
# At most this many stories are revisited by one consolidation pass.
CONSOLIDATION_LIMIT = 20000
# At most this many stories told only in other languages, the newest first, are filed again
# across languages by one consolidation pass: each costs a look at every live story's names.
CROSS_LANGUAGE_LIMIT = 200
# Consolidation files the reports of small recent stories again (``refile_size`` of the
# preset), at most this many stories a pass, the newest first (each costs a read of the
# closest stories per report).
REFILE_LIMIT = 100
# A refresh as a report joins looks for the story's lead among the current lead and this many of
# its newest reports.
LEAD_WINDOW = 16
# What clustering reads of a story.
STATE_FIELDS = ("id", "centroid", "entity_counts", "first_seen_at", "last_seen_at", "article_count")


def article_signal(
    article: Article, entities: Sequence[Entity], vector: np.ndarray
) -> ArticleSignal:
    """What clustering knows of a report: its date, meaning and names."""
    keys = article_keys(entities, f"{article.headline}. {article.standfirst} {article.text}")
    if cluster_config().headline_words:
        keys |= headline_word_keys(article.headline)
    return ArticleSignal(
        id=article.pk,
        published=article.published_at,
        vector=vector,
        entity_keys=keys,
        headline=article.headline,
    )


def stored_signal(article: Article) -> ArticleSignal:
    """The signal of an enriched article, rebuilt from what enrichment stored."""
    entities = [Entity(**entity) for entity in article.entities or []]
    return article_signal(article, entities, from_blob(article.embedding or b""))


def story_signal(story: Story) -> StorySignal:
    return _signal(*(getattr(story, name) for name in STATE_FIELDS))


def _signal(
    story_id: int,
    centroid: bytes | None,
    entity_counts: dict[str, int],
    first_seen: datetime,
    last_seen: datetime,
    article_count: int,
) -> StorySignal:
    return StorySignal(
        id=story_id,
        centroid=from_blob(centroid or b""),
        entity_keys=Counter(entity_counts),
        first_seen=first_seen,
        last_seen=last_seen,
        size=article_count or 1,
    )


def _states(stories: QuerySet[Story]) -> list[StorySignal]:
    """The clustering state of ``stories``, oldest id first, read as plain values: filing reads
    some thirty stories per report, and building model instances cost more than the rest."""
    return [_signal(*row) for row in stories.order_by("id").values_list(*STATE_FIELDS)]


def cluster_config() -> ClusterConfig:
    return PRESETS[settings.STORY_PRESET]


def serialize_clustering() -> None:
    """Clustering reads the candidate stories and then writes: two workers doing that at once
    could each start a story for the same event. SQLite's IMMEDIATE transactions already admit
    one writer at a time; on PostgreSQL an advisory lock does the same. Call it inside the
    transaction that files or consolidates."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7201)")


def candidate_stories(signal: ArticleSignal, config: ClusterConfig) -> list[StorySignal]:
    """The ``config.shortlist`` live stories closest to a report, freshly read, oldest id first
    (a fixed order, so the outcome depends only on the input)."""
    since = signal.published - config.max_gap
    shortlist, _, _ = story_vectors().ranked(signal.vector, since, config.shortlist)
    return _states(Story.objects.filter(pk__in=shortlist.tolist()))


class Filing(NamedTuple):
    """The story a report was filed into, and whether the report started it."""

    story: Story
    started: bool


def file_into_story(
    signal: ArticleSignal,
    crossing: Crossing | None = None,
    report: Article | None = None,
    leads: ForeignLeads | None = None,
) -> Filing:
    """The story a report joins (or the new one it starts), its state updated with the report.
    A report not in English comes with its ``crossing`` and is compared across languages.
    ``report`` is the article as enrichment holds it (a story it starts then shows it at once,
    see ``_start_story``), ``leads`` its batch's ``ForeignLeads``. Runs inside the caller's
    transaction, after ``serialize_clustering``."""
    config = cluster_config()
    if crossing is not None:
        choice, signal = choose_across_languages(signal, crossing, config)
        candidates = _state_of(choice.story_id)
    else:
        candidates = candidate_stories(signal, config)
        choice = choose_story(signal, candidates, config)
        if choice.story_id is None:
            choice, signal = choose_foreign_story(signal, config, report, leads)
            candidates = _state_of(choice.story_id)
    if choice.story_id is None:
        return Filing(_start_story(signal, report), started=True)
    # The chosen story's state was just read with the candidates; filing writes only that
    # state and ``refresh_story`` the display fields, so the row is not read again.
    story = Story(pk=choice.story_id)
    _store_state(story, update_centroid(next(c for c in candidates if c.id == story.pk), signal))
    return Filing(story, started=False)


def _start_story(signal: ArticleSignal, report: Article | None) -> Story:
    """The story a report starts, written in one statement: its state and, given the
    ``report`` (an original: a copy of another outlet's report does not lead a story), the
    display fields ``refresh_story`` would give it, its one report leading it."""
    story = Story(title=clip(Story, "title", signal.headline))
    _set_state(story, new_story(0, signal))
    lead = report if report is not None and report.duplicate_of_id is None else None
    if lead is not None:
        _set_display(story, 1, 1, (lead.pk, lead.headline, lead.standfirst))
    story.save(force_insert=True)
    if lead is not None:
        _note(story)
    return story


def _state_of(story_id: Id | None) -> list[StorySignal]:
    """The clustering state of the story chosen across languages (none for a new story)."""
    if story_id is None:
        return []
    return _states(Story.objects.filter(pk=story_id))


def consolidate_stories(window: timedelta = CONSOLIDATION_WINDOW) -> tuple[int, int]:
    """The periodic repair of online clustering over recent stories: merge stories that turned
    out to report one event (in one language, then across languages), then split stories that
    drifted. Returns (merged, split off)."""
    merged = (
        merge_similar_stories(window)
        + merge_across_languages(window)
        + refile_small_stories(window)
    )
    return merged, split_drifted_stories(window)


def merge_similar_stories(window: timedelta = CONSOLIDATION_WINDOW) -> int:
    """Fold together recent stories that ``should_merge``; returns how many were absorbed."""
    with transaction.atomic():
        serialize_clustering()
        stories = {row.pk: row for row in _recent_stories(window).only(*STATE_FIELDS)}
        signals = [story_signal(story) for story in stories.values()]
        survivors, absorbed = merge_pass(signals, cluster_config())
        for absorbed_id, keeper_id in absorbed.items():
            Article.objects.filter(story_id=absorbed_id).update(story_id=keeper_id)
            _forward(int(absorbed_id), int(keeper_id))
            stories[int(absorbed_id)].delete()
        for keeper_id in set(absorbed.values()):
            _store_merged_state(stories[int(keeper_id)], survivors[keeper_id])
    return len(absorbed)


def merge_across_languages(window: timedelta = CONSOLIDATION_WINDOW) -> int:
    """Fold each recent story told only in other languages into the story of its event in
    English, when the English coverage has caught up since. A foreign report that came before
    any English one of its event started a story of its own, and the English reports that
    followed only looked for it by the names they spell; here its reports are filed again across
    languages, as if they arrived now, against the English stories as they are now. Small
    stories told only in English are then filed across languages the same way. Returns how
    many stories were absorbed."""
    with transaction.atomic():
        serialize_clustering()
        recent = list(_recent_stories(window).values_list("id", flat=True))
        english = set(
            Article.objects.filter(story_id__in=recent, language__in=ENGLISH)
            .values_list("story_id", flat=True)
            .distinct()
        )
        if not english:
            return 0
        foreign = [story_id for story_id in reversed(recent) if story_id not in english]
        absorbed = _fold(foreign[:CROSS_LANGUAGE_LIMIT], lambda i: _english_story_of(i, english))
        return absorbed + _fold(_small_english_only(window, english), _foreign_story_of)


def _small_english_only(window: timedelta, english: set[int]) -> list[int]:
    """Recent stories of ``refile_size`` reports or fewer told only in English that name
    something a report in another language names, newest first, at most
    ``CROSS_LANGUAGE_LIMIT``; none when no recent story has a report in another language (one
    query for an archive in English alone)."""
    sizes = list(_recent_stories(window).values_list("id", "article_count"))
    told_elsewhere = names_told_elsewhere([story_id for story_id, _ in sizes])
    if not told_elsewhere:
        return []
    names = frozenset().union(*told_elsewhere.values())
    limit = cluster_config().refile_size
    small = [
        story_id
        for story_id, size in reversed(sizes)
        if story_id in english and story_id not in told_elsewhere and size <= limit
    ]
    naming = {
        story_id
        for story_id, entities in Article.objects.filter(story_id__in=small).values_list(
            "story_id", "entities"
        )
        if may_name(entities or [], names)
    }
    return [story_id for story_id in small if story_id in naming][:CROSS_LANGUAGE_LIMIT]


def _foreign_story_of(story_id: int) -> int | None:
    """The one story with reports in other languages that every report of an English-only story
    chooses when filed across languages. An English report written from another angle than the
    rest of its event's English coverage can come before any report in another language: it
    started a story of its own then, and only the English path looked at it again."""
    chosen = {
        choose_foreign_story(stored_signal(article), cluster_config())[0].story_id
        for article in Article.objects.filter(story_id=story_id, duplicate_of__isnull=True)
    }
    chosen.discard(story_id)
    if len(chosen) != 1 or None in chosen:
        return None
    return int(cast(int, chosen.pop()))


def _english_story_of(story_id: int, english: set[int]) -> int | None:
    """The one story among ``english`` that a foreign story's reports choose when filed across
    languages: at least one of them chooses it and none chooses another. Had they arrived after
    it, that one would have joined it, and the rest, in its language, would have followed."""
    reports = Article.objects.filter(story_id=story_id, duplicate_of__isnull=True).exclude(
        multilingual_embedding=None
    )
    chosen = set()
    for article in reports:
        choice, _ = choose_across_languages(
            stored_signal(article), stored_crossing(article), cluster_config(), within=english
        )
        if choice.story_id is not None:
            chosen.add(int(choice.story_id))
    return chosen.pop() if len(chosen) == 1 else None


def _fold(story_ids: Iterable[int], keeper_of: Callable[[int], int | None]) -> int:
    """Fold each story into the one ``keeper_of`` names for it (if any); returns how many were
    absorbed. Runs inside the caller's transaction, after ``serialize_clustering``."""
    absorbed = 0
    for story_id in story_ids:
        keeper = keeper_of(story_id)
        if keeper is not None:
            _absorb(story_id, keeper)
            absorbed += 1
    return absorbed


def _absorb(absorbed_id: int, keeper_id: int) -> None:
    """Move a story's reports into the keeper, forward its address and fold its state in."""
    stories = {s.pk: s for s in Story.objects.filter(pk__in=[absorbed_id, keeper_id])}
    state = merge_stories(story_signal(stories[keeper_id]), story_signal(stories[absorbed_id]))
    Article.objects.filter(story_id=absorbed_id).update(story_id=keeper_id)
    _forward(absorbed_id, keeper_id)
    stories[absorbed_id].delete()
    _store_merged_state(stories[keeper_id], state)


def _store_merged_state(keeper: Story, state: StorySignal) -> None:
    """A keeper's state and display fields after a merge, and a regrouping due: the reports
    it took in may be another event's."""
    _store_state(keeper, state)
    refresh_story(keeper, everyone=True)
    Story.objects.filter(pk=keeper.pk).update(regrouped_count=None)


def refile_small_stories(window: timedelta = CONSOLIDATION_WINDOW) -> int:
    """Fold each recent story of ``refile_size`` reports or fewer into the story its reports
    would join if they arrived now. A report that came early, or from an angle (the market's
    reaction, a profile of the victim), may have found its event's story too young to match;
    since then that story has grown its names and its centroid. Its reports (in English) are
    filed again by the online rule against the other stories (``refile_pass``), and the small
    story moves when all of them choose the same one. The small stories' reports and the states
    of the stories they may join are read once per pass, not once per report. Returns how many
    stories were absorbed."""
    with transaction.atomic():
        serialize_clustering()
        config = cluster_config()
        sizes = _recent_stories(window).values_list("id", "article_count")
        small = [story_id for story_id, size in sizes if size <= config.refile_size]
        reports = _english_reports_of(small[-REFILE_LIMIT:])
        if not reports:
            return 0
        earliest = min(r.published for members in reports.values() for r in members)
        around = Story.objects.filter(
            last_seen_at__gte=earliest - config.max_gap, centroid__isnull=False
        )
        newest_first = sorted(reports.items(), reverse=True)
        folds = refile_pass(newest_first, _states(around), config)
        for absorbed_id, keeper_id in folds.items():
            _absorb(int(absorbed_id), int(keeper_id))
        return len(folds)


def _english_reports_of(story_ids: Sequence[int]) -> dict[int, list[ArticleSignal]]:
    """The stored signals of the stories' reports in English, by story, in one read."""
    reports: dict[int, list[ArticleSignal]] = {}
    articles = Article.objects.filter(
        story_id__in=story_ids, duplicate_of__isnull=True, language__in=ENGLISH
    ).exclude(embedding=None)
    for article in articles.order_by("id"):
        story_id = cast(int, article.story_id)  # among ``story_ids``
        reports.setdefault(story_id, []).append(stored_signal(article))
    return reports


def split_drifted_stories(window: timedelta = CONSOLIDATION_WINDOW, min_reports: int = 4) -> int:
    """Regroup each recent story of ``min_reports`` or more from its reports' stored signals, and
    give every part that reads as another event a story of its own; returns how many were made.
    The largest part keeps the story's id, so its address, followers and alerts stay with most
    of its reports. A story is regrouped after a merge and otherwise once it has grown by
    ``regroup_growth`` since it was last regrouped: a story read as one event does not drift
    with one more report, and regrouping every story at every pass costs its size each time.
    """
    made = 0
    with transaction.atomic():
        serialize_clustering()
        growth = cluster_config().regroup_growth
        due = Q(regrouped_count=None) | Q(article_count__gte=F("regrouped_count") * growth)
        for story in _recent_stories(window, min_reports, due):
            made += _regroup(story)
    return made


def _regroup(story: Story) -> int:
    """Split the parts of one story that read as other events off it; returns how many."""
    # Reports in other languages are left out of the regrouping (their clustering vectors and
    # names do not read them) and stay with the story.
    members = {
        a.pk: stored_signal(a)
        for a in Article.objects.filter(story=story, language__in=ENGLISH).exclude(embedding=None)
    }
    Story.objects.filter(pk=story.pk).update(regrouped_count=story.article_count)
    if not members:
        return 0
    parts = sorted(split_story(list(members.values()), cluster_config()), key=len, reverse=True)
    for part in parts[1:]:
        first = min(members[int(i)].published for i in part)
        new = Story.objects.create(title="", first_seen_at=first, last_seen_at=first)
        Article.objects.filter(pk__in=part).update(story=new)
        _store_state(new, story_from(new.pk, [members[int(i)] for i in part]))
        refresh_story(new, everyone=True)
    if len(parts) > 1:
        _store_state(story, story_from(story.pk, [members[int(i)] for i in parts[0]]))
        refresh_story(story, everyone=True)
        Story.objects.filter(pk=story.pk).update(regrouped_count=story.article_count)
    return len(parts) - 1


def _forward(absorbed_id: int, keeper_id: int) -> None:
    """The absorbed story's address (and any that already forwarded to it) now lead to the
    keeper, and its followers follow the keeper."""
    StoryRedirect.objects.filter(story_id=absorbed_id).update(story_id=keeper_id)
    StoryRedirect.objects.update_or_create(old_id=absorbed_id, defaults={"story_id": keeper_id})
    move_story_follows(absorbed_id, keeper_id)


def _recent_stories(
    window: timedelta, min_reports: int = 0, where: Q | None = None
) -> QuerySet[Story]:
    """Stories with a report within ``window`` of the newest report (and matching ``where``),
    oldest first, at most ``CONSOLIDATION_LIMIT``. Counted from the newest report rather than
    from now, so that an archive filled from week-old items is consolidated too."""
    newest: datetime | None = Story.objects.aggregate(newest=Max("last_seen_at"))["newest"]
    if newest is None:
        return Story.objects.none()
    return (
        Story.objects.filter(
            last_seen_at__gte=newest - window,
            centroid__isnull=False,
            article_count__gte=min_reports,
        )
        .filter(where or Q())
        .order_by("id")[:CONSOLIDATION_LIMIT]
    )


def _store_state(story: Story, state: StorySignal) -> None:
    _set_state(story, state)
    story.save(update_fields=["centroid", "entity_counts", "first_seen_at", "last_seen_at"])


def _set_state(story: Story, state: StorySignal) -> None:
    story.centroid = to_blob(state.centroid)
    story.entity_counts = dict(state.entity_keys)
    story.first_seen_at, story.last_seen_at = state.first_seen, state.last_seen


def refresh_story(story: Story, everyone: bool = False) -> None:
    """Counts, lead report (closest to the centroid), title, description and rank.

    Filing refreshes a story at every report that joins it, and a report that joins can only
    take the lead or leave it where it was: the lead is looked for among the current lead and
    the ``LEAD_WINDOW`` newest reports, so a refresh costs the same in a story of ten reports
    and of a thousand. After a merge or a split, among ``everyone``.
    """
    reports = Article.objects.filter(story=story, duplicate_of__isnull=True).exclude(embedding=None)
    members = _lead_candidates(story, reports, everyone)
    if not members:
        return
    centroid = from_blob(story.centroid or b"")
    closeness = [float(from_blob(row[3] or b"") @ centroid) for row in members]
    lead_id, headline, standfirst, _ = members[int(np.argmax(closeness))]
    articles = Article.objects.filter(story=story).count()
    sources = reports.order_by().values("source_id").distinct().count()
    _store_display(story, articles, sources, (lead_id, headline, standfirst))


def _store_display(story: Story, articles: int, sources: int, lead: tuple[int, str, str]) -> None:
    _set_display(story, articles, sources, lead)
    story.save(
        update_fields=[
            "article_count",
            "source_count",
            "lead_article",
            "title",
            "description",
            "score",
        ]
    )
    _note(story)


def _set_display(story: Story, articles: int, sources: int, lead: tuple[int, str, str]) -> None:
    lead_id, headline, standfirst = lead
    story.article_count = articles
    story.source_count = sources
    story.lead_article_id = lead_id
    story.title = clip(Story, "title", headline)
    story.description = standfirst
    story.score = hot_score(sources, articles, story.last_seen_at)


def _note(story: Story) -> None:
    """Its centroid and last report were stored with its state (``_store_state``) or read
    with it: filing the next report finds the story as the database now has it."""
    story_vectors().note(story.pk, story.centroid, story.last_seen_at, story.article_count)


def _lead_candidates(
    story: Story, reports: QuerySet[Article], everyone: bool
) -> list[tuple[int, str, str, bytes]]:
    """(id, headline, standfirst, embedding) of the reports that may lead the story."""
    fields = ("id", "headline", "standfirst", "embedding")
    if everyone:
        return list(reports.values_list(*fields))
    newest = list(reports.order_by("-published_at", "-id").values_list(*fields)[:LEAD_WINDOW])
    lead = Story.objects.filter(pk=story.pk).values("lead_article_id")
    current = reports.filter(pk__in=lead).exclude(pk__in=[row[0] for row in newest])
    return newest + list(current.values_list(*fields))
