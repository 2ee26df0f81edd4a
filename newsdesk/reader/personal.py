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
from collections.abc import Callable
from functools import cache
from urllib.parse import quote, unquote

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from newsdesk.comments.forms import CommentForm
from newsdesk.following.context import unread_alerts
from newsdesk.following.templatetags.following import bookmark_markup, follow_context
from newsdesk.news import queries

# Set on the request while its page is rendered for every reader.
SHARED = "_newsdesk_shared_render"

Part = Callable[..., str]


def _render(name: str, request: HttpRequest, **context: object) -> str:
    """A part's template with just what it shows: without the request, so none of the
    context processors a page runs (its header's queries among them) run again for a part."""
    user = request.user
    # Only a signed-in reader's parts hold forms: an anonymous page sets no CSRF cookie.
    token = get_token(request) if user.is_authenticated else ""
    context |= {"request": request, "user": user, "csrf_token": token}
    return get_template(name).render(context)


def _account(request: HttpRequest) -> str:
    return _render("reader/_account.html", request, **unread_alerts(request))


def _messages(request: HttpRequest) -> str:
    waiting = get_messages(request)
    return _render("reader/_messages.html", request, messages=waiting) if waiting else ""


def _save(request: HttpRequest, article_id: str) -> str:
    return bookmark_markup(request, int(article_id))


def _follow(request: HttpRequest, kind: str, target: str, label: str) -> str:
    return _render(
        "following/_follow.html", request, **follow_context(request, kind, target, label)
    )


def _comments(request: HttpRequest, article_id: str) -> str:
    return _render(
        "reader/_comments.html",
        request,
        article_id=int(article_id),
        comments=queries.visible_comments(int(article_id)),
        comment_form=CommentForm(),
    )


PARTS: dict[str, Part] = {
    "account": _account,
    "messages": _messages,
    "save": _save,
    "follow": _follow,
    "comments": _comments,
}


@cache
def _key() -> str:
    return hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=8).hexdigest()


@cache
def _placeholders() -> re.Pattern[str]:
    return re.compile(rf"<!--{_key()}:(\w+)((?::[^:>]*)*)-->")


def shared(request: HttpRequest) -> bool:
    return getattr(request, SHARED, False)


def part(request: HttpRequest, name: str, *args: object) -> SafeString:
    """The part for this reader, or its placeholder while the page is rendered for everyone."""
    if shared(request):
        encoded = "".join(f":{quote(str(arg), safe='')}" for arg in args)
        return mark_safe(f"<!--{_key()}:{name}{encoded}-->")
    return mark_safe(PARTS[name](request, *(str(arg) for arg in args)))


def fill(page: str, request: HttpRequest) -> str:
    """The shared page with every placeholder replaced by this reader's part."""

    def one(found: re.Match[str]) -> str:
        args = [unquote(arg) for arg in found.group(2).split(":")[1:]]
        return PARTS[found.group(1)](request, *args)

    return _placeholders().sub(one, page)
