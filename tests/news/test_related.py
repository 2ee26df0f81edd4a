"""Related articles: same story first, one outlet at a time, then the nearest stories."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from newsdesk.news.models import Article, Story
from newsdesk.news.queries import related_articles
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


def unit(*values: float) -> bytes:
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(values)] = values
    return (vector / np.linalg.norm(vector)).tobytes()


def story_of(*articles: Article, centroid: bytes, age: timedelta = timedelta(0)) -> Story:
    story = Story.objects.create(
        title=articles[0].headline,
        centroid=centroid,
        last_seen_at=timezone.now() - age,
        lead_article=articles[0],
        article_count=len(articles),
    )
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
    return story


def test_other_outlets_come_before_a_second_report_from_the_same_outlet():
    gazette, wire, courier = make_source("Gazette"), make_source("Wire"), make_source("Courier")
    article = make_article(gazette)
    wire_1 = make_article(wire, headline="wire one")
    wire_2 = make_article(wire, headline="wire two")
    courier_1 = make_article(courier, headline="courier one")
    story_of(article, wire_1, wire_2, courier_1, centroid=unit(1))
    article.refresh_from_db()
    headlines = [a.headline for a in related_articles(article, limit=3)]
    assert headlines.index("courier one") < headlines.index("wire two")
    assert headlines.index("wire one") < headlines.index("wire two")


def test_the_nearest_story_in_meaning_comes_next_and_unrelated_ones_not_at_all():
    article = make_article(headline="Flood in Brenholm", embedding=unit(1, 0.1))
    story_of(article, centroid=unit(1, 0.1))
    near = make_article(headline="Storm Edda rainfall record")
    story_of(near, centroid=unit(1, 0.4))
    far = make_article(headline="Football transfer")
    story_of(far, centroid=unit(0, 0, 1))
    article.refresh_from_db()
    headlines = [a.headline for a in related_articles(article, limit=2)]
    assert headlines[0] == "Storm Edda rainfall record"
    assert "Football transfer" not in headlines


def test_a_recent_close_story_beats_an_old_slightly_closer_one():
    article = make_article(headline="Rate cut", embedding=unit(1, 0.0))
    old = make_article(headline="Old rate story")
    story_of(old, centroid=unit(1, 0.05), age=timedelta(days=10))
    fresh = make_article(headline="Fresh rate story")
    story_of(fresh, centroid=unit(1, 0.2))
    article.refresh_from_db()
    headlines = [a.headline for a in related_articles(article, limit=2)]
    assert headlines == ["Fresh rate story", "Old rate story"]


def test_a_story_with_enough_other_reports_gives_its_cards_in_one_statement(
    django_assert_num_queries,
):
    gazette, wire, courier = make_source("Gazette"), make_source("Wire"), make_source("Courier")
    article = make_article(gazette, headline="gazette")
    newest_first = [
        (wire, "Wire 1"),
        (wire, "Wire 2"),
        (courier, "Courier 1"),
        (courier, "Courier 2"),
    ]
    reports = [
        make_article(source, headline=headline, published_at=timezone.now() - timedelta(hours=age))
        for age, (source, headline) in enumerate(newest_first, start=1)
    ]
    story_of(article, *reports, centroid=unit(1))
    article = Article.objects.select_related("story").get(pk=article.pk)
    with django_assert_num_queries(1):
        related = related_articles(article, limit=3, tag_ids=[])
    assert [card.headline for card in related] == ["Wire 1", "Courier 1", "Wire 2"]
    assert [card.source.name for card in related] == ["Wire", "Courier", "Wire"]
