"""An article page shows its newest comments, with how many there are and a link that pages
back through the older ones: however many comments an article has, its page reads and writes
one page of them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.comments.models import Comment
from newsdesk.reader.comment_list import COMMENTS_PER_PAGE
from tests.factories import make_article

pytestmark = pytest.mark.django_db

OLDER = re.compile(r'class="older-comments"><a href="([^"]+)"')


def comment_on(article, reader, count: int, *, start: int = 0, same_moment: bool = False):
    """``count`` comments, "Comment <n>" written n minutes after the first (all at once when
    ``same_moment``)."""
    first = timezone.now() - timedelta(days=2)
    Comment.objects.bulk_create(
        Comment(
            article=article,
            user=reader,
            body=f"Comment {n}.",
            created_at=first if same_moment else first + timedelta(minutes=n),
        )
        for n in range(start, start + count)
    )


def shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="comment-body">Comment (\d+)\.', html)]


def article_page(client, article) -> str:
    caches["pages"].clear()
    return client.get(article.get_absolute_url()).content.decode()


def all_pages_back(client, html: str) -> list[int]:
    """Every comment, following "Older comments" as htmx does, oldest first."""
    seen = shown(html)
    while found := OLDER.search(html):
        html = client.get(found.group(1).replace("&amp;", "&"), HTTP_HX_REQUEST="true")
        html = html.content.decode()
        seen = shown(html) + seen
    return seen


def test_an_article_page_shows_its_newest_comments_oldest_first_and_how_many_it_has(client, reader):
    article = make_article()
    comment_on(article, reader, 120)
    Comment.objects.filter(body="Comment 119.").update(is_hidden=True)
    html = article_page(client, article)
    assert shown(html) == list(range(69, 119))
    assert "The newest 50 of 119 comments." in html
    assert OLDER.search(html)


def test_older_comments_page_back_to_the_first_without_missing_or_repeating_one(client, reader):
    article = make_article()
    comment_on(article, reader, 2 * COMMENTS_PER_PAGE + 7)
    html = article_page(client, article)
    assert all_pages_back(client, html) == list(range(2 * COMMENTS_PER_PAGE + 7))


def test_comments_written_at_the_same_moment_are_paged_by_their_order_of_arrival(client, reader):
    article = make_article()
    comment_on(article, reader, COMMENTS_PER_PAGE + 5, same_moment=True)
    html = article_page(client, article)
    assert all_pages_back(client, html) == list(range(COMMENTS_PER_PAGE + 5))


def test_a_page_of_comments_or_fewer_has_no_count_and_no_older_link(client, reader):
    article = make_article()
    comment_on(article, reader, COMMENTS_PER_PAGE)
    html = article_page(client, article)
    assert shown(html) == list(range(COMMENTS_PER_PAGE))
    assert "comment-count" not in html and "older-comments" not in html


def test_older_comments_open_as_a_page_without_javascript(client, reader):
    article = make_article(headline="Ferry <returns>")
    comment_on(article, reader, COMMENTS_PER_PAGE + 3)
    older = OLDER.search(article_page(client, article))
    assert older
    html = client.get(older.group(1).replace("&amp;", "&")).content.decode()
    assert shown(html) == [0, 1, 2]
    assert "Older comments on" in html and "Ferry &lt;returns&gt;" in html
    assert f'href="{article.get_absolute_url()}#comments"' in html


def test_older_comments_of_an_article_that_does_not_exist_are_not_found(client):
    assert client.get("/article/999999/comments/").status_code == 404


def test_a_signed_in_reader_gets_the_same_page_of_comments(signed_in_client, reader):
    article = make_article()
    comment_on(article, reader, COMMENTS_PER_PAGE + 1)
    html = article_page(signed_in_client, article)
    assert shown(html) == list(range(1, COMMENTS_PER_PAGE + 1))
    assert "The newest 50 of 51 comments." in html and 'class="form comment-form"' in html


def test_a_comment_is_escaped_its_links_made_links_and_its_lines_kept(client, reader):
    article = make_article()
    body = "See https://example.org/a?b=1&c=2 <b>now</b>\nSecond line"
    Comment.objects.create(article=article, user=reader, body=body)
    html = article_page(client, article)
    assert (
        '<div class="comment-body">See <a href="https://example.org/a?b=1&amp;c=2"'
        ' rel="nofollow">https://example.org/a?b=1&amp;c=2</a> &lt;b&gt;now&lt;/b&gt;<br>'
        "Second line</div>"
    ) in html


def count_queries(client, url: str) -> int:
    cache.clear()
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_article_page_costs_the_same_queries_with_a_thousand_comments(
    client, signed_in_client, reader, signed_in
):
    visitor = signed_in_client if signed_in else client
    article = make_article()
    comment_on(article, reader, COMMENTS_PER_PAGE + 1)
    a_page_more = count_queries(visitor, article.get_absolute_url())
    comment_on(article, reader, 1000, start=COMMENTS_PER_PAGE + 1)
    assert count_queries(visitor, article.get_absolute_url()) == a_page_more


def test_each_article_pages_comment_form_posts_to_its_own_article(signed_in_client):
    for article in (make_article(), make_article()):
        html = article_page(signed_in_client, article)
        actions = re.findall(r'action="([^"]+)" class="form comment-form"', html)
        assert actions == [f"/comments/article/{article.pk}/"]
