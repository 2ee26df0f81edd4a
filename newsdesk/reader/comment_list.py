"""An article's comments as its page shows them: the newest ``COMMENTS_PER_PAGE``, oldest
first, under how many there are and a link to the older ones (loaded in place with htmx, or
opened as a page without JavaScript).

Written in Python rather than as a template: a signed-in reader's article page writes its
comments each time (so a comment shows at once to its author), and through the template engine
they cost that page more than the rest of its personal parts. Values are escaped as the
template engine would; a comment's text goes through the same ``urlize`` and ``linebreaksbr``
filters, once per process for each text.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django.template.defaultfilters import linebreaksbr, urlize
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsdesk.comments.models import Comment
from newsdesk.news.queries import CommentPage
from newsdesk.reader.links import link
from newsdesk.reader.times import ago

# An article page shows this many of its newest comments; "Older comments" pages back.
COMMENTS_PER_PAGE = 50

NO_COMMENTS = '    <p class="empty">No comments yet...</p>\n'


def comment_list(page: CommentPage, article_id: int) -> SafeString:
    """The page of comments with, when the article has more, their count and the link to the
    ones before them."""
    if not page.items:
        return mark_safe(NO_COMMENTS)
    lines = []
    if page.total is not None and page.older is not None:
        lines.append(
            f'    <p class="comment-count">The newest {len(page.items)} of {page.total:,}'
            " comments.</p>"
        )
    lines += [
        _older_link(page, article_id),
        '    <ol class="comment-list">',
        *(_comment(comment) for comment in page.items),
        "    </ol>\n",
    ]
    return mark_safe("\n".join(line for line in lines if line))


def _older_link(page: CommentPage, article_id: int) -> str:
    """The link to the comments before these, which htmx puts in its own place."""
    if page.older is None:
        return ""
    url = f"{link('reader:comments', article_id)}?before={page.older.token()}"
    return (
        f'    <p class="older-comments"><a href="{url}" hx-get="{url}"'
        ' hx-target="closest .older-comments" hx-swap="outerHTML">Older comments</a></p>'
    )


def _comment(comment: Comment) -> str:
    moment = timezone.localtime(comment.created_at).isoformat()
    return (
        '      <li class="comment">\n'
        f'        <p class="meta"><strong>{escape(comment.user.username)}</strong> · '
        f'<time datetime="{moment}">{ago(comment.created_at)}</time></p>\n'
        f'        <div class="comment-body">{_text(comment.body)}</div>\n'
        "      </li>"
    )


@lru_cache(maxsize=2048)
def _text(body: str) -> str:
    """A comment's text escaped, its links made links and its lines kept, as the template's
    ``urlize|linebreaksbr`` did; a comment never changes once posted, and ``urlize`` tries every
    word as a link."""
    return linebreaksbr(urlize(body, autoescape=True), autoescape=True)
