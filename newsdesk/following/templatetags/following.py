"""Save and follow buttons. Which articles a reader saved and what they follow are read once
per request, however many cards a page shows.

Both are written in Python. A list page shows thirty save buttons (``bookmark_markup``), and
thirty template renders, each with its own CSRF token and login link, cost more than the rest
of the card. A page's follow button (``follow_markup``) names its story, outlet or tag and links
back to the page: readers spread over a million articles, so a signed-in reader's button was
a template render on almost every page they opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote

from django import template
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdesk.following.state import reader_state
from newsdesk.reader.links import link

register = template.Library()
T = TypeVar("T")


def _cached(request: HttpRequest, name: str, load: Callable[[], T]) -> T:
    if not hasattr(request, name):
        setattr(request, name, load())
    return getattr(request, name)


def form_token(request: HttpRequest) -> str:
    """The CSRF token of every form on a reader's page, escaped: one per request, as each call
    of ``get_token`` masks the secret anew."""
    return _cached(request, "_newsdesk_csrf_input", lambda: escape(get_token(request)))


def bookmark_form(request: HttpRequest, article_id: int, *, saved: bool, back: str) -> str:
    """The save toggle of a signed-in reader: a form that posts back to ``back`` (or, with
    htmx, swaps in its new state). Every form on a page carries the same CSRF token."""
    action = link("following:bookmark", article_id)
    token = form_token(request)
    label = "Saved ✓" if saved else "Save"
    return (
        f'<form class="inline-form toggle" method="post" action="{action}" hx-post="{action}"'
        f' hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<input type="hidden" name="next" value="{escape(back)}"><button type="submit"'
        f' class="toggle-button" aria-pressed="{"true" if saved else "false"}">{label}</button>'
        "</form>"
    )


def bookmark_markup(request: HttpRequest, article_id: int) -> str:
    """The save button of an article for this reader: its toggle, or a link to sign in."""
    back = request.get_full_path()
    if not request.user.is_authenticated:
        return _cached(
            request,
            "_newsdesk_save_hint",
            lambda: (
                f'<p class="follow-hint"><a href="{link("accounts:login")}?next='
                f'{escape(quote(back, safe="/"))}">Sign in to save</a></p>'
            ),
        )
    saved = article_id in reader_state(request).saved
    return bookmark_form(request, article_id, saved=saved, back=back)


@register.simple_tag(takes_context=True)
def bookmark_button(context: template.Context, article: object) -> SafeString:
    return mark_safe(bookmark_markup(context["request"], int(getattr(article, "pk", 0))))


def follow_form(
    request: HttpRequest, kind: str, target: str, label: str, *, followed: bool, back: str
) -> str:
    """The follow toggle of a signed-in reader for a story, outlet, tag or search (``target``
    names it for its ``kind``): a form that posts back to ``back`` (or, with htmx, swaps in
    its new state)."""
    action = link("following:follow", kind)
    shown = escape(label)
    state = f"Following {shown} ✓" if followed else f"Follow {shown}"
    return (
        f'<form class="inline-form toggle" method="post" action="{action}" hx-post="{action}"'
        ' hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken"'
        f' value="{form_token(request)}"><input type="hidden" name="target"'
        f' value="{escape(target)}"><input type="hidden" name="label" value="{shown}">'
        f'<input type="hidden" name="next" value="{escape(back)}"><button type="submit"'
        f' class="toggle-button" aria-pressed="{"true" if followed else "false"}">{state}'
        "</button></form>"
    )


def follow_markup(request: HttpRequest, kind: str, target: object, label: str) -> str:
    """The follow button of a page for this reader: its toggle, or a link to sign in."""
    back = request.get_full_path()
    if not request.user.is_authenticated:
        return (
            f'<p class="follow-hint"><a href="{link("accounts:login")}?next='
            f'{escape(quote(back, safe="/"))}">Sign in to follow</a></p>'
        )
    followed = (kind, str(target)) in reader_state(request).followed
    return follow_form(request, kind, str(target), label, followed=followed, back=back)


@register.simple_tag(takes_context=True)
def follow_button(context: template.Context, kind: str, target: object, label: str) -> SafeString:
    return mark_safe(follow_markup(context["request"], kind, target, label))
