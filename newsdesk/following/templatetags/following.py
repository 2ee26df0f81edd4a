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
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdesk.following.state import reader_state
from newsdesk.reader.links import link, route_pieces
from newsdesk.serving.csrf import masked_token

register = template.Library()
T = TypeVar("T")


def _cached(request: HttpRequest, name: str, load: Callable[[], T]) -> T:
    if not hasattr(request, name):
        setattr(request, name, load())
    return getattr(request, name)


def form_token(request: HttpRequest) -> str:
    """The CSRF token of every form on a reader's page, escaped: one per request, as each call
    of ``get_token`` masks the secret anew (``serving.csrf``, drawn faster)."""
    return _cached(request, "_newsdesk_csrf_input", lambda: escape(masked_token(request)))


def bookmark_form(request: HttpRequest, article_id: int, *, saved: bool, back: str) -> str:
    """The save toggle of a signed-in reader: a form that posts back to ``back`` (or, with
    htmx, swaps in its new state). Every form on a page carries the same CSRF token."""
    head, middle, tail = _save_form(form_token(request), escape(back), saved)
    return f"{head}{article_id}{middle}{article_id}{tail}"


def _save_form(token: str, back: str, saved: bool) -> tuple[str, str, str]:
    """A save toggle's markup around its article's id, which its action names twice; ``token``
    and ``back`` escaped."""
    before, after = route_pieces("following:bookmark", 1)
    label = "Saved ✓" if saved else "Save"
    return (
        f'<form class="inline-form toggle" method="post" action="{before}',
        f'{after}" hx-post="{before}',
        f'{after}" hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken"'
        f' value="{token}"><input type="hidden" name="next" value="{back}"><button'
        f' type="submit" class="toggle-button" aria-pressed="{"true" if saved else "false"}">'
        f"{label}</button></form>",
    )


class _SaveButtons:
    """A signed-in reader's save toggles on one page: the same markup but for the article's
    id and whether it is saved, written twice per request instead of once per card (a list
    page shows thirty)."""

    def __init__(self, request: HttpRequest) -> None:
        self.saved = reader_state(request).saved
        token, back = form_token(request), escape(request.get_full_path())
        self.forms = {state: _save_form(token, back, state) for state in (False, True)}

    def markup(self, article_id: int) -> str:
        head, middle, tail = self.forms[article_id in self.saved]
        return f"{head}{article_id}{middle}{article_id}{tail}"


def bookmark_markup(request: HttpRequest, article_id: int) -> str:
    """The save button of an article for this reader: its toggle, or a link to sign in."""
    if not request.user.is_authenticated:
        return _cached(
            request,
            "_newsdesk_save_hint",
            lambda: (
                f'<p class="follow-hint"><a href="{link("accounts:login")}?next='
                f'{escape(quote(request.get_full_path(), safe="/"))}">Sign in to save</a></p>'
            ),
        )
    return _cached(request, "_newsdesk_save_buttons", lambda: _SaveButtons(request)).markup(
        article_id
    )


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
