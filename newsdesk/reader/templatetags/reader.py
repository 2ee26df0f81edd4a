"""Template filters for article text, and the site's sections for the header."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.lib.text import excerpt
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
