"""Page links a visitor edits by hand: a huge or mangled page or cursor gives a page (or a
404), never a server error."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_story

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
QUERIES = [
    f"page={HUGE}",
    "page=-5",
    f"before=1-{HUGE}",
    f"before={HUGE}-1",
    "before=1700000000000000-9223372036854775808",
    "before=-1--1",
]


@pytest.mark.parametrize("query", QUERIES)
def test_it_answers_a_hand_edited_page_link_with_a_page(client, query):
    article = make_article(hashtags=("Flood",))
    story = make_story(article)
    for path in ("/", f"/source/{article.source.slug}/", "/hashtag/flood/"):
        assert client.get(f"{path}?{query}").status_code == 200, path
    story_query = query.replace("before=", "after=")
    assert client.get(f"/story/{story.pk}/?{story_query}").status_code == 200
    assert client.get(f"/search/?q=harbour&{query}").status_code == 200
