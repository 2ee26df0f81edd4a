"""The parts of a reader page that differ between readers, kept out of the page itself.

A page is rendered once for everyone (``caching.shared_page``) with a placeholder where each
personal part goes: the header's account links, flash messages, save and follow buttons, and
the article's comments (a reader who just posted one sees it at once). Each reader's copy is
the cached page with the placeholders filled in for them, so a signed-in reader pays for their
own buttons and header, not for the page. Outside a shared render (pages that are never
cached), ``part`` renders the part straight away.

A placeholder is an HTML comment carrying a key derived from the secret key, so text in an
article can never be taken for one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable
from functools import cache, lru_cache
from html import escape
from typing import NamedTuple
from urllib.parse import quote, unquote

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from newsdesk.comments.forms import CommentForm
from newsdesk.following.context import unread_count
from newsdesk.following.state import read_along
from newsdesk.following.templatetags.following import (
    bookmark_markup,
    follow_markup,
    form_token,
)
from newsdesk.news import queries
from newsdesk.reader.comment_list import COMMENTS_PER_PAGE, comment_list

# Set on the request while its page is rendered for every reader.
SHARED = "_newsdesk_shared_render"

Part = Callable[..., str]


class _Reader(NamedTuple):
    """What a part's template reads of its reader."""

    is_authenticated: bool
    username: str
    is_staff: bool


class _Place(NamedTuple):
    """What a part's template reads of the request: the page it is on."""

    path: str


# Where a part links back to the page it is on, it is written with this path in its place.
_PATH_MARK = "/7310519223372036/"


def _render(name: str, request: HttpRequest, **context: Hashable) -> str:
    """A part's template with just what it shows: without the request, so none of the
    context processors a page runs (its header's queries among them) run again for a part.
    Written once per process for each reader and context (``_written``), with stand-ins for
    the page's path and the CSRF token that this request's own replace: readers spread over
    a million articles, and the header and comment form of a page never opened before were
    written through the template engine again for its path alone."""
    user = request.user
    reader = _Reader(bool(user.is_authenticated), user.get_username(), bool(user.is_staff))
    path = request.path
    # A path that quoting and escaping leave as it is reads the same wherever a template
    # puts it; any other is written into the part itself.
    marked = path == escape(quote(path, safe="/"))
    page = _PATH_MARK if marked else path
    written = _written(name, reader, page, get_script_prefix(), tuple(context.items()))
    if marked:
        written = written.replace(_PATH_MARK, path)
    # Only a signed-in reader's parts hold forms: an anonymous page sets no CSRF cookie.
    if not reader.is_authenticated:
        return written
    return written.replace(_token_mark(), form_token(request))


@lru_cache(maxsize=4096)
def _written(
    name: str,
    reader: _Reader,
    path: str,
    script_prefix: str,  # the links start with it
    context: tuple[tuple[str, Hashable], ...],
) -> str:
    """A part as its template writes it, the CSRF token left as ``_token_mark()``: the
    header's links, a follow button, a comment form are the same markup each time a reader
    opens a page, and the template engine cost more than the rest of a signed-in page."""
    stand_ins = {"request": _Place(path), "user": reader, "csrf_token": _token_mark()}
    # The comment form's fields, for the part that shows it.
    return get_template(name).render(dict(context) | stand_ins | {"comment_form": CommentForm()})


def _account(request: HttpRequest) -> str:
    return _render("reader/_account.html", request, unread_alerts=unread_count(request))


def _messages(request: HttpRequest) -> str:
    waiting = get_messages(request)
    if not waiting:
        return ""
    context = {"request": request, "messages": waiting}
    return get_template("reader/_messages.html").render(context)


def _save(request: HttpRequest, article_id: str) -> str:
    return bookmark_markup(request, int(article_id))


def _comments(request: HttpRequest, article_id: str) -> str:
    """The article's newest comments (each showing how long ago it was written, so written
    each time), then the form to add one or the link to sign in."""
    sql, params = queries.comment_page_statement(int(article_id), None, COMMENTS_PER_PAGE)
    # A signed-in reader's state is read in the same statement, if no part has read it yet.
    rows = read_along(request, sql, params)
    page = queries.comment_page_of(rows, int(article_id), None, COMMENTS_PER_PAGE)
    listed = comment_list(page, int(article_id))
    # The form is the same for every article but the one its action names: written once per
    # reader, with a stand-in for the article put in here.
    form = _render("reader/_comment_form.html", request, article_id=_article_mark())
    return listed + form.replace(_article_mark(), article_id)


PARTS: dict[str, Part] = {
    "account": _account,
    "messages": _messages,
    "save": _save,
    "follow": follow_markup,
    "comments": _comments,
}


@cache
def _key() -> str:
    return hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=8).hexdigest()


@cache
def _token_mark() -> str:
    """Where a written part's CSRF token goes (text no token, path or name can hold)."""
    return f"csrf-{_key()}"


@cache
def _article_mark() -> str:
    """Where a written comment form's article id goes (text no id, path or token can hold)."""
    return f"article-{_key()}"


@cache
def _placeholders() -> re.Pattern[str]:
    return re.compile(rf"<!--{_key()}:(\w+)((?::[^:>]*)*)-->")


def shared(request: HttpRequest) -> bool:
    return getattr(request, SHARED, False)


def part(request: HttpRequest, name: str, *args: object) -> SafeString:
    """The part for this reader, or its placeholder while the page is rendered for everyone."""
    if shared(request):
        encoded = "".join(f":{_encoded(arg)}" for arg in args)
        return mark_safe(f"<!--{_key()}:{name}{encoded}-->")
    return mark_safe(PARTS[name](request, *(str(arg) for arg in args)))


def _encoded(arg: object) -> str:
    """An argument as a placeholder carries it (a row's id as it is: thirty a list)."""
    return str(arg) if isinstance(arg, int) else quote(str(arg), safe="")


def fill(page: str, request: HttpRequest) -> str:
    """The shared page with every placeholder replaced by this reader's part. The comments
    are written first where a page has them: they read the reader's state with them, which
    the header's and the buttons' parts then take from the request."""

    def one(found: re.Match[str]) -> str:
        args = [unquote(arg) for arg in found.group(2).split(":")[1:]]
        return PARTS[found.group(1)](request, *args)

    at = page.find(f"<!--{_key()}:comments:")
    comments = _placeholders().match(page, at) if at >= 0 else None
    if comments is None:
        return _placeholders().sub(one, page)
    written = one(comments)
    start, end = comments.span()
    return _placeholders().sub(one, page[:start]) + written + _placeholders().sub(one, page[end:])
