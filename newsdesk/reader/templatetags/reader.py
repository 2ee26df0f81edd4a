"""Template filters for article text, and the site's sections for the header."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.db.models import Model
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.lib.text import excerpt
from newsdesk.news.models import Article, Source, Story
from newsdesk.nlp.topics import SECTIONS, Section

register = template.Library()


@register.filter
def body_html(value: str) -> SafeString:
    """The stored body, cleaned again with the allow-list it was stored with: cheap, and it keeps
    hand edits in the admin from ever reaching readers unsanitized. Relative links were made
    absolute when the body was stored; any left are dropped."""
    return mark_safe(sanitize_html(value, base_url=""))


@register.filter
def summary_excerpt(article: object, max_chars: int = 240) -> str:
    """A clean excerpt for lists: the standfirst, else the opening sentences of the body."""
    # Lists read only the opening of the text (queries.card_articles); other callers, the text.
    text = (
        getattr(article, "standfirst", "")
        or getattr(article, "text_start", "")
        or getattr(article, "text", "")
    )
    return excerpt(str(text), max_chars)


@register.simple_tag
def site_sections() -> tuple[Section, ...]:
    """The sections every page's header links to."""
    return SECTIONS


@register.filter
def url_of(item: Model) -> str:
    """``item.get_absolute_url()`` for the archive's rows, without resolving the URL pattern
    each time: a list of 30 cards resolved 60 of them, a tenth of the page's time."""
    name, arg = _ROUTES[type(item)]
    prefix = _path_prefix(name, get_script_prefix())
    return f"{prefix}{getattr(item, arg)}/"


_ROUTES: dict[type[Model], tuple[str, str]] = {
    Article: ("reader:article", "pk"),
    Source: ("reader:source", "slug"),
    Story: ("reader:story", "pk"),
}


@lru_cache(maxsize=32)
def _path_prefix(name: str, script_prefix: str) -> str:
    """The route's path up to its one argument (e.g. ``/article/``), per script prefix."""
    marker = "0"
    return reverse(name, args=[marker]).removesuffix(f"{marker}/")
