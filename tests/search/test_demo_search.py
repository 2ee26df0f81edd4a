"""Search over the demo outlets after a real pass through the pipeline: a question in other
words than the reports' finds the story by meaning, and words and meaning together rank it
first."""

from __future__ import annotations

import pytest

from newsdesk.jobs.demo import load_demo
from newsdesk.news import hybrid
from newsdesk.news.models import Article
from newsdesk.search import parse
from tests.factories import demo_gold_events

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]


def test_search_finds_demo_stories_by_words_and_by_meaning(publisher):
    load_demo(publisher)
    assert not Article.objects.filter(indexed_at__isnull=True).exists()
    strike = stories_of("calderwick-port-strike")

    [first, *_] = hybrid.find(parse("why are dockers striking"))
    assert first.story_id in strike and first.by_meaning

    [first, *_] = hybrid.find(parse("calderwick strike"))
    assert first.story_id in strike and first.kind == "words and meaning"

    by_words = hybrid.find(parse("calderwick strike"), semantic=False)
    assert all(result.by_words and not result.by_meaning for result in by_words)


def stories_of(event: str) -> set[int]:
    """The stories holding the demo's reports of an event: search finds the event, whichever of
    its stories a report the clustering left apart (an angle told by one outlet) is in."""
    urls = [url for url, told in demo_gold_events().items() if told == event]
    return set(Article.objects.filter(canonical_url__in=urls).values_list("story_id", flat=True))
