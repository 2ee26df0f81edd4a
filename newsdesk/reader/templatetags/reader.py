"""Template tags for article text, cards and the site's sections for the header."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_htmx.jinja import htmx_script

from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.news.models import Article, Hashtag, Source, Story
from newsdesk.nlp.topics import SECTIONS
from newsdesk.reader import article_page, assets, times
from newsdesk.reader import cards as card_html
from newsdesk.reader.cards import EXCERPT_CHARS, summary
from newsdesk.reader.links import link
from newsdesk.reader.personal import part

register = template.Library()


@register.filter
def body_html(value: str) -> SafeString:
    """The stored body, cleaned again with the allow-list it was stored with: cheap, and it keeps
    hand edits in the admin from ever reaching readers unsanitized. Relative links were made
    absolute when the body was stored; any left are dropped."""
    return mark_safe(sanitize_html(value, base_url=""))


@register.filter
def summary_excerpt(article: object, max_chars: int = EXCERPT_CHARS) -> str:
    """A clean excerpt for lists: the standfirst, else the opening sentences of the body."""
    return summary(article, max_chars)


@register.simple_tag(takes_context=True)
def section_links(context: template.Context) -> SafeString:
    """The header's links to the site's sections, the one the page is on marked as current:
    every page shows them, so they are written once per process for each section's page (and
    once for every other page) instead of through the template engine each time."""
    path = context["request"].path
    current = next((shown.slug for shown in SECTIONS if path == f"/section/{shown.slug}/"), "")
    return mark_safe(_section_links(current, get_script_prefix()))


@lru_cache(maxsize=32)
def _section_links(current: str, script_prefix: str) -> str:
    """The section links with ``current`` marked (script prefix in the key: links start with it)."""
    return "\n        ".join(
        f'<li><a href="{link("reader:section", section.slug)}"'
        + (' aria-current="page"' if section.slug == current else "")
        + f">{escape(section.name)}</a></li>"
        for section in SECTIONS
    )


@register.filter
def ago(value: datetime) -> str:
    """How long ago, as humanize's ``naturaltime`` says it (``times.ago``), for less."""
    return times.ago(value)


_ROUTES: dict[type[Model], tuple[str, str]] = {
    Article: ("reader:article", "pk"),
    Hashtag: ("reader:hashtag", "slug"),
    Source: ("reader:source", "slug"),
    Story: ("reader:story", "pk"),
}


@register.filter
def url_of(item: Model) -> str:
    """``item.get_absolute_url()`` for the archive's rows, without resolving the URL pattern
    each time (``links.link``)."""
    name, arg = _ROUTES[type(item)]
    return link(name, getattr(item, arg))


@register.simple_tag(takes_context=True)
def cards(
    context: template.Context,
    items: Iterable[Article],
    clock: bool = False,
    show_language: bool = False,
) -> SafeString:
    """The cards of a list (``reader.cards``), with the reader's save buttons."""
    return card_html.cards(context["request"], items, clock=clock, show_language=show_language)


@register.simple_tag
def story_cards(stories: Iterable[Story]) -> SafeString:
    """Cards of stories (``reader.cards``)."""
    return card_html.story_cards(stories)


@register.simple_tag(takes_context=True)
def card(
    context: template.Context, item: Article, clock: bool = False, show_language: bool = False
) -> SafeString:
    """One card, for pages that list articles their own way (a reader's saved articles)."""
    return cards(context, [item], clock, show_language)


@register.simple_tag(name="link")
def link_tag(name: str, *args: object) -> str:
    """``{% url %}`` for pages every reader opens, without resolving the route each time."""
    return link(name, *args)


@register.simple_tag(takes_context=True)
def personal(context: template.Context, name: str, *args: object) -> SafeString:
    """A part of the page that differs between readers (``reader.personal``)."""
    return part(context["request"], name, *args)


@register.simple_tag
def ai_panel(scope_kind: str, object_id: int) -> SafeString:
    """A story page's AI features block (``reader.article_page``)."""
    return article_page.ai_panel(scope_kind, object_id, has_story=True)


@register.simple_tag
def asset(path: str) -> str:
    """``{% static %}`` for the files every page links to (``reader.assets``)."""
    return assets.asset(path)


@register.simple_tag
def htmx() -> SafeString:
    """django-htmx's ``{% htmx_script %}`` (pages carry no CSP nonce), written once per
    process for each script prefix and DEBUG setting, which it depends on."""
    return _htmx(get_script_prefix(), settings.DEBUG)


@lru_cache(maxsize=8)
def _htmx(script_prefix: str, debug: bool) -> SafeString:
    return htmx_script()


@receiver(setting_changed)
def _forget_htmx(**changed: object) -> None:
    """django-htmx's script follows the settings it was written under (tests change them)."""
    _htmx.cache_clear()
