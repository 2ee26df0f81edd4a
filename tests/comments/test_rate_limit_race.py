"""The comment limit holds when one reader's posts arrive at the same moment: counting and
storing are one step, so with four comments posted and a limit of five, ten simultaneous
posts store one."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.db.models.signals import pre_save

from newsdesk.comments.models import Comment
from newsdesk.comments.services import CommentRefused, post_comment
from tests.factories import make_article

SIMULTANEOUS = 10


@pytest.fixture
def slow_inserts():
    """A busy database: each comment takes a moment to store, as under load, which leaves
    time between counting and storing for the other posts."""

    def pause(**kwargs: object) -> None:
        time.sleep(0.05)

    pre_save.connect(pause, sender=Comment, dispatch_uid="slow-comment-inserts")
    yield
    pre_save.disconnect(dispatch_uid="slow-comment-inserts", sender=Comment)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("slow_inserts")
def test_it_never_stores_more_simultaneous_comments_than_the_limit(reader, settings):
    settings.COMMENT_RATE_LIMIT = 5
    article = make_article()
    for number in range(4):
        post_comment(article, reader, f"Earlier comment {number}.")
    start = threading.Barrier(SIMULTANEOUS)
    refused: list[CommentRefused] = []

    def post(number: int) -> None:
        connection.ensure_connection()  # so that the posts, not the connecting, start together
        start.wait()
        try:
            post_comment(article, reader, f"Comment number {number}.")
        except CommentRefused as error:
            refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(SIMULTANEOUS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Comment.objects.filter(user=reader).count() == 5
    assert len(refused) == SIMULTANEOUS - 1
