"""Rows the reader's statements read by hand are model instances as the ORM would make them."""

from __future__ import annotations

import pytest
from django.db.models.signals import post_init

from newsdesk.news import queries
from newsdesk.news.models import Article, Hashtag
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_row_read_by_hand_is_a_saved_row_that_reads_its_other_columns_when_asked():
    stored = make_article(headline="Ferries run again", author="Mira Okafor")
    row = queries._loaded(Article, {"id": stored.pk, "headline": "Ferries run again"})
    assert row.pk == stored.pk and not row._state.adding and row._state.db == "default"
    assert row.get_deferred_fields() >= {"author", "text", "source_id"}
    assert row.author == "Mira Okafor"
    assert row == stored


def test_a_model_something_listens_to_hears_of_rows_read_by_hand():
    heard: list[Hashtag] = []

    def listener(instance: Hashtag, **kwargs: object) -> None:
        heard.append(instance)

    post_init.connect(listener, sender=Hashtag)
    try:
        row = queries._loaded(Hashtag, {"id": 7, "name": "Ports", "slug": "ports"})
    finally:
        post_init.disconnect(listener, sender=Hashtag)
    assert heard == [row] and row.name == "Ports"


def test_a_page_reads_the_tag_or_outlet_its_address_names_with_what_it_shows():
    from newsdesk.news.models import Source

    article = make_article(headline="Cranes move", hashtags=("Port strike",))
    tag = Hashtag.objects.get()
    shown = queries.hashtag_for_page(tag.slug)
    assert shown == tag and (shown.name, shown.slug) == (tag.name, tag.slug)
    outlet = Source.objects.get(pk=article.source_id)
    read = queries.source_for_page(outlet.slug)
    assert read == outlet
    assert [getattr(read, name) for name in ("name", "home_url", "logo_url", "description")] == [
        getattr(outlet, name) for name in ("name", "home_url", "logo_url", "description")
    ]
    assert queries.hashtag_for_page("nothing") is None
    assert queries.source_for_page("nobody") is None
