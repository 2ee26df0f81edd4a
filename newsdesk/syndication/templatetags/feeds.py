"""``{% feed_links %}``: the ``<link rel="alternate">`` tags that let feed readers discover
the feeds of the page being shown (its source, hashtag, section or story) and the site's own."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from newsdesk.reader.links import link

register = template.Library()

_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def _page_feeds(context: template.Context) -> list[tuple[str, str, str]]:
    """(title, kind, key) of the feeds this page is about, most specific first."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    kwargs: dict[str, Any] = match.kwargs if match else {}
    found: list[tuple[str, str, str]] = []
    if name == "reader:source":
        found.append((f"{context['source'].name}", "source", kwargs["slug"]))
    elif name == "reader:hashtag":
        found.append((f"{context['hashtag']}", "hashtag", kwargs["slug"]))
    elif name == "reader:section":
        found.append((f"{context['section_name']}", "section", kwargs["slug"]))
    elif name == "reader:story":
        found.append((f"Story: {context['story'].title}", "story", str(kwargs["story_id"])))
    elif name == "reader:article" and getattr(context.get("article"), "story_id", None):
        article = context["article"]
        found.append((f"Story: {article.story.title}", "story", str(article.story_id)))
    found += [("Top stories", "top", ""), ("Latest", "latest", "")]
    return found


@register.simple_tag(takes_context=True)
def feed_links(context: template.Context) -> SafeString:
    """The tags, escaped as ``format_html`` would, written with ``html.escape`` directly: every
    page carries six of them, and ``format_html``'s lazy wrappers cost a tenth of an article
    page written for the first time."""
    links = []
    for title, kind, key in _page_feeds(context):
        for fmt, mime in _TYPES.items():
            url = (
                link("syndication:feed", kind, key, fmt)
                if key
                else link("syndication:collection", kind, fmt)
            )
            shown = escape(f"{title} ({fmt.upper()})")
            links.append(
                f'<link rel="alternate" type="{mime}" title="{shown}" href="{escape(url)}">'
            )
    return mark_safe("\n  ".join(links))
