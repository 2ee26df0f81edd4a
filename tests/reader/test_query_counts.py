"""Pages run a bounded number of SQL queries whatever the size of the archive."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.comments.models import Comment
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    cache.clear()  # measure the uncached page: the worst case
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(n: int, reader) -> object:
    source = make_source()
    articles = [make_article(source, hashtags=("Port", "Strike")) for _ in range(n)]
    make_story(*articles)
    for article in articles[:n]:
        Comment.objects.create(article=article, user=reader, body="Noted.")
        Comment.objects.create(article=articles[0], user=reader, body="Again.")
    return articles[0]


@pytest.mark.parametrize("url", ["/", "/?page=2"])
def test_the_front_page_query_count_does_not_grow(client, reader, url):
    fill(3, reader)
    small = count_queries(client, url)
    fill(40, reader)
    assert count_queries(client, url) == small


def test_the_article_page_query_count_does_not_grow(client, reader):
    small_article = fill(3, reader)
    small = count_queries(client, small_article.get_absolute_url())
    big_article = fill(40, reader)
    assert count_queries(client, big_article.get_absolute_url()) <= small
    assert small <= 6


def test_a_story_page_reads_its_story_outlets_and_reports_in_one_statement(client):
    story = make_story(*(make_article(make_source()) for _ in range(40)))
    # The archive's version (the page cache's key), then the story's page.
    assert count_queries(client, story.get_absolute_url()) == 2
    assert count_queries(client, f"{story.get_absolute_url()}?after=0-1") == 2


# A page's statements for a signed-in reader's first render: the session with the reader's
# row, the archive's version, the tag's or outlet's row where the page names one, then the
# page's cards with the reader's state read along.
FIRST_RENDERS = {"story": 3, "latest": 3, "hashtag": 4, "source": 4}
# Past every article: the list pages are read from a cursor (no top stories).
PAST_ALL = "?before=4102444800000000-0"


@pytest.mark.parametrize("page", FIRST_RENDERS)
def test_a_signed_in_readers_first_render_reads_their_state_in_the_pages_statement(
    signed_in_client, reader, page
):
    from newsdesk.following.models import Bookmark

    outlet = make_source()
    articles = [make_article(outlet, hashtags=("Port",)) for _ in range(40)]
    story = make_story(*articles)
    Bookmark.objects.bulk_create(Bookmark(user=reader, article=a) for a in articles)
    url = {
        "story": story.get_absolute_url(),
        "latest": f"/{PAST_ALL}",
        "hashtag": f"{articles[0].hashtags.get().get_absolute_url()}{PAST_ALL}",
        "source": f"{outlet.get_absolute_url()}{PAST_ALL}",
    }[page]
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        html = signed_in_client.get(url).content.decode()
    assert len(queries) == FIRST_RENDERS[page]
    assert html.count('aria-pressed="true"') == 30  # every card saved, as the state says
