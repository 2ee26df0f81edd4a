"""``{% feed_links %}``: the ``<link rel="alternate">`` tags that let feed readers discover
the feeds of the page being shown (its source, hashtag, section or story) and the site's own."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
    links = []
    for title, kind, key in _page_feeds(context):
        for fmt, mime in _TYPES.items():
            url = (
                link("syndication:feed", kind, key, fmt)
                if key
                else link("syndication:collection", kind, fmt)
            )
            links.append((mime, f"{title} ({fmt.upper()})", url))
    return format_html_join(
        "\n  ", '<link rel="alternate" type="{}" title="{}" href="{}">', links
    ) or format_html("")
