"""The pipeline's stages, in order: the one declaration of what runs, on which rows, in what
batches. The worker's scheduler and tasks and the foreground ``newsdesk ingest`` only drive
this list, so a new stage is one module in ``pipeline/`` and one line here.

    feeds ─► pages ─► articles (enrichment, stories, a model's AI text) ─► consolidation
                                                                       ─► search index ─► alerts
                                                                       ─► alert digests by email

A stage's rows are due when their state says so (``due``); the drivers claim them with leases
(``newsdesk.jobs.leases``) so that any number of workers share the work, and hand their ids to
``run`` in batches of ``batch_size``. ``after`` runs once after a round that did any work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Model, QuerySet

from newsdesk.pipeline import ai, alerts, digests, enrichment, feeds, pages, search, stories


@dataclass(frozen=True)
class Stage:
    name: str
    due: Callable[[datetime], QuerySet[Model]]
    run: Callable[[Sequence[int]], object]
    batch_size: int = 1
    # Mostly waiting on the network: the foreground pass runs its batches in threads.
    io_bound: bool = False
    after: Callable[[], object] | None = None
    # Loads what ``run`` needs (models): a foreground pass runs it while earlier stages fetch.
    warm_up: Callable[[], object] | None = None
    # Part of a batch's work that needs neither the database nor a lock (a model's forward
    # pass): given the batch's ids it reads what that part needs and returns it, and a pass
    # runs it in a thread while the batch before is still being run.
    ahead: Callable[[Sequence[int]], Callable[[], object]] | None = None


def in_order(*steps: Callable[[Sequence[int]], object]) -> Callable[[Sequence[int]], None]:
    """One batch through several steps, one after the other."""

    def run(ids: Sequence[int]) -> None:
        for step in steps:
            step(ids)

    return run


FEEDS = Stage("feeds", feeds.due, feeds.refresh_feeds, io_bound=True)
PAGES = Stage("pages", pages.due, pages.process_pages, io_bound=True)
# Models run several times faster on batches; 32 keeps one task short enough to retry cheaply.
# New reports may show that two stories are one event, or that one drifted into two: the
# consolidation pass follows every round of enrichment.
ARTICLES = Stage(
    "articles",
    enrichment.due,
    in_order(enrichment.enrich_articles, ai.precompute),
    batch_size=32,
    after=stories.consolidate_stories,
    warm_up=enrichment.warm_up,
    ahead=enrichment.embedding_ahead,
)

# Enriched articles (and articles whose publisher changed their words) into the search index.
SEARCH = Stage("search", search.due, search.index_articles, batch_size=200)

# Indexed articles against readers' followed stories and saved searches (which read the index).
ALERTS = Stage("alerts", alerts.due, alerts.alert_articles, batch_size=200)

# Readers' unread alerts by email, each reader hourly or daily as they chose.
DIGESTS = Stage("digests", digests.due, digests.send_digests, batch_size=20, io_bound=True)

STAGES: tuple[Stage, ...] = (FEEDS, PAGES, ARTICLES, SEARCH, ALERTS, DIGESTS)


def stage(name: str) -> Stage:
    """The stage called ``name`` (tasks carry names, not functions)."""
    return next(candidate for candidate in STAGES if candidate.name == name)
