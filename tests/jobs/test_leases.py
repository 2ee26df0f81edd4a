"""Claiming work: each due row goes to one claimer, in order, until its lease runs out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.jobs import leases
from newsdesk.news.models import Article
from newsdesk.pipeline import pages
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def pending(count: int) -> list[int]:
    return [make_article(page_status=Article.PageStatus.PENDING).pk for _ in range(count)]


def claim_pages(limit: int = 500) -> list[int]:
    return list(leases.claim(pages.due(timezone.now()), limit=limit))


def test_due_rows_are_claimed_in_queue_order():
    ids = pending(5)
    assert claim_pages() == sorted(ids)


def test_a_claimed_row_is_not_claimed_again_while_its_lease_runs(monkeypatch):
    monkeypatch.setattr(leases, "CLAIM_CHUNK", 2)  # several chunks, several transactions
    pending(5)
    first = claim_pages()
    assert len(first) == 5
    assert claim_pages() == []


def test_rows_another_worker_holds_are_skipped_and_expired_leases_are_free():
    held, free, expired = pending(3)
    now = timezone.now()
    Article.objects.filter(pk=held).update(lease_until=now + timedelta(minutes=5))
    Article.objects.filter(pk=expired).update(lease_until=now - timedelta(minutes=5))
    assert claim_pages() == [free, expired]


def test_at_most_limit_rows_are_claimed():
    ids = pending(4)
    assert claim_pages(limit=3) == sorted(ids)[:3]
    assert claim_pages() == [sorted(ids)[3]]


def test_nothing_is_claimed_when_fewer_rows_than_asked_for_are_free():
    ids = pending(3)
    assert list(leases.claim(pages.due(timezone.now()), at_least=4)) == []
    assert list(leases.claim(pages.due(timezone.now()), at_least=3)) == sorted(ids)
