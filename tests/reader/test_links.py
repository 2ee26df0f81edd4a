"""``links.link`` gives the very string ``reverse`` gives, for every kind of route a page links
to, under any script prefix."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from newsdesk.reader.links import link

ROUTES = [
    ("reader:front", ()),
    ("reader:article", (12345,)),
    ("reader:source", ("the-harbour-times",)),
    ("reader:ai-summary", (7,)),
    ("syndication:feed", ("hashtag", "port-strike", "atom")),
    ("syndication:collection", ("top", "rss")),
    ("accounts:login", ()),
]


@pytest.mark.parametrize(("name", "args"), ROUTES)
def test_a_link_is_what_reverse_gives(name, args):
    assert link(name, *args) == reverse(name, args=args)


@override_settings(FORCE_SCRIPT_NAME="/news/")
def test_links_follow_the_sites_script_prefix():
    set_script_prefix("/news/")
    try:
        assert (
            link("reader:article", 5) == "/news/article/5/" == reverse("reader:article", args=[5])
        )
    finally:
        set_script_prefix("/")
    assert link("reader:article", 5) == "/article/5/"
