"""Template filters for article text."""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from newsdesk.lib.text import excerpt

register = template.Library()

# The body was sanitized when it was stored; cleaning again at render time is cheap and keeps
# hand edits in the admin from ever reaching readers unsanitized.
_BODY_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "br",
    "figure",
    "figcaption",
    "img",
}
_BODY_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}


@register.filter
def body_html(value: str) -> SafeString:
    cleaned = nh3.clean(
        value,
        tags=_BODY_TAGS,
        attributes=_BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 just above


@register.filter
def summary_excerpt(article: object, max_chars: int = 240) -> str:
    """A clean excerpt for lists: the standfirst, else the opening sentences of the body."""
    text = getattr(article, "standfirst", "") or getattr(article, "text", "")
    return excerpt(text, max_chars)
