"""Cards link to the same addresses the rows' own ``get_absolute_url`` gives."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import set_script_prefix

from newsdesk.reader.templatetags.reader import url_of
from tests.factories import make_article, make_story

pytestmark = pytest.mark.django_db


def test_a_card_links_to_the_article_its_outlet_and_its_story():
    article = make_article()
    story = make_story(article)
    for row in (article, article.source, story):
        assert url_of(row) == row.get_absolute_url()


@override_settings(FORCE_SCRIPT_NAME="/news/")
def test_links_follow_the_sites_script_prefix():
    article = make_article()
    set_script_prefix("/news/")
    try:
        assert url_of(article) == f"/news/article/{article.pk}/" == article.get_absolute_url()
    finally:
        set_script_prefix("/")
