"""The article page (its main column in the site's layout) and the AI panel of article and
story pages, written in Python rather than as templates.

Readers spread over the whole archive, so most article pages a web process is asked for are
rendered for the first time, and through the template engine (a few dozen variable lookups,
filters, ``if`` and ``for`` nodes and an include) the main column cost more than everything
else on the page. Every value from the database is escaped here as the template engine would
(``html.escape``, which Django's ``escape`` wraps); the body's HTML is the one thing written
as it is, after the same sanitizing the ``body_html`` filter applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.http import HttpRequest, HttpResponse
from django.template import Context
from django.template.defaultfilters import truncatechars
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe

from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.news.models import Article, Hashtag
from newsdesk.reader import layout
from newsdesk.reader.assets import asset
from newsdesk.reader.cards import cards
from newsdesk.reader.links import link
from newsdesk.reader.personal import part
from newsdesk.reader.times import ago
from newsdesk.syndication.templatetags.feeds import feed_links


def article_page(
    request: HttpRequest,
    article: Article,
    hashtags: Sequence[Hashtag],
    copies: Sequence[Article],
    related: Sequence[Article],
) -> HttpResponse:
    """The whole page: the site's layout (``reader.layout``) with the article's title, feeds,
    description, canonical link and main column put in."""
    description = truncatechars(article.standfirst, 200)
    head = (
        f'<meta name="description" content="{escape(description)}">\n'
        f'<link rel="canonical" href="{escape(article.canonical_url)}">'
    )
    main = article_main(request, article, hashtags, copies, related)
    return layout.page(
        request,
        title=escape(article.headline),
        feeds=feed_links(Context({"request": request, "article": article})),
        head=head,
        content=f"\n{main}\n",
        scripts=f'<script src="{asset("reader/citations.js")}" defer></script>',
    )


def article_main(
    request: HttpRequest,
    article: Article,
    hashtags: Sequence[Hashtag],
    copies: Sequence[Article],
    related: Sequence[Article],
) -> SafeString:
    """The page's ``<article>``: header, text, hashtags, AI features, comments and related
    articles, in the order the ``data-block`` attributes name them."""
    return mark_safe(
        '<article class="article" aria-labelledby="headline">\n'
        f"{_header(request, article)}\n{_body(article, copies)}\n{_hashtags(hashtags)}\n"
        '  <section class="block ai" data-block="ai" aria-labelledby="ai-heading" id="ai">\n'
        '    <h2 id="ai-heading">AI features</h2>\n'
        f"{ai_panel('article', article.pk, has_story=bool(article.story_id))}\n  </section>\n\n"
        '  <section class="block comments" data-block="comments"'
        ' aria-labelledby="comments-heading" id="comments">\n'
        '    <h2 id="comments-heading">Comments</h2>\n'
        f"{part(request, 'comments', article.pk)}\n  </section>\n\n"
        f"{_related(request, related)}\n</article>"
    )


def _header(request: HttpRequest, article: Article) -> str:
    """Headline, standfirst, byline with times, the reader's buttons, the story's link."""
    local = timezone.localtime(article.published_at)
    outlet = escape(article.source.name)
    lines = [
        '  <header class="article-header" data-block="header">',
        f'    <h1 id="headline">{escape(article.headline)}</h1>',
    ]
    if article.standfirst:
        lines.append(f'    <p class="standfirst">{escape(article.standfirst)}</p>')
    lines += [
        '    <p class="meta byline">',
        f'      <a class="source" href="{link("reader:source", article.source.slug)}">{outlet}</a>',
    ]
    if article.author:
        lines.append(f'      <span class="author">By {escape(article.author)}</span>')
    lines.append(
        f'      <time datetime="{dateformat.format(local, "c")}">{ago(article.published_at)}'
        f" · {escape(dateformat.format(local, 'j F Y, H:i T'))}</time>"
    )
    if article.was_updated and article.updated_at is not None:
        lines.append(f'      <span class="updated">Updated {ago(article.updated_at)}</span>')
    lines.append("    </p>")
    buttons = part(request, "save", article.pk)
    if article.story_id:
        buttons += part(request, "follow", "story", article.story_id, "this story")
    lines.append(f'    <div class="actions">{buttons}</div>')
    story = article.story if article.story_id else None
    if story is not None and story.source_count > 1:
        count = story.source_count
        story_link = link("reader:story", story.pk)
        lines.append(
            f'    <p class="coverage-link"><a href="{story_link}">Full coverage: {count} outlets'
            " report this story</a></p>"
        )
    lines.append("  </header>\n")
    return "\n".join(lines)


def _body(article: Article, copies: Sequence[Article]) -> str:
    """The text (its stored HTML, sanitized again as the ``body_html`` filter does, else its
    paragraphs), the attribution, the link to the original and the other outlets' copies."""
    if article.body_html:
        text = sanitize_html(article.body_html, base_url="")
    else:
        text = "".join(f"<p>{escape(line)}</p>" for line in article.text.splitlines() if line)
    lines = [
        f'  <section class="body" id="body" data-block="body" data-article="{article.pk}"'
        ' aria-label="Article text">',
        f"    {text}",
    ]
    if article.attribution:
        lines.append(f'    <p class="attribution">{escape(article.attribution)}</p>')
    outlet = escape(article.source.name)
    lines.append(
        f'    <p class="original">Published by {outlet}. <a href="{escape(article.canonical_url)}"'
        ' rel="nofollow noopener">Read the original article</a>.</p>'
    )
    if copies or article.duplicate_of_id:
        lines.append('    <p class="also">Also published by')
        original = article.duplicate_of
        if original is not None:
            href = link("reader:article", original.pk)
            lines.append(f'      <a href="{href}">{escape(original.source.name)}</a>')
        others = ", ".join(
            f'<a href="{link("reader:article", copy.pk)}">{escape(copy.source.name)}</a>'
            for copy in copies
        )
        lines += [f"      {others}.", "    </p>"]
    lines.append("  </section>\n")
    return "\n".join(lines)


def _hashtags(hashtags: Sequence[Hashtag]) -> str:
    if hashtags:
        listed = "".join(
            f'<li><a href="{link("reader:hashtag", tag.slug)}">#{escape(tag.name)}</a></li>'
            for tag in hashtags
        )
        shown = f'    <ul class="tags">{listed}</ul>'
    else:
        shown = (
            '    <p class="empty">No hashtags yet: they appear once the article has been'
            " analysed.</p>"
        )
    return (
        '  <section class="block hashtags" data-block="hashtags"'
        ' aria-labelledby="hashtags-heading">\n'
        f'    <h2 id="hashtags-heading">Hashtags</h2>\n{shown}\n  </section>\n'
    )


def _related(request: HttpRequest, related: Sequence[Article]) -> str:
    shown = (
        f'    <ol class="cards">\n    {cards(request, related)}\n    </ol>'
        if related
        else '    <p class="empty">No related articles yet.</p>'
    )
    return (
        '  <section class="block related" data-block="related"'
        ' aria-labelledby="related-heading">\n'
        f'    <h2 id="related-heading">Related articles</h2>\n{shown}\n  </section>'
    )


# The AI features of an article, then of a story, as (label, route) for each kind of page.
_Features = tuple[tuple[str, str], ...]
_ARTICLE_ONLY: _Features = (("Summary", "reader:ai-summary"), ("Key points", "reader:ai-points"))
_STORY_FEATURES: dict[str, _Features] = {
    "article": (("Compare coverage", "reader:ai-compare"), ("Background", "reader:ai-background")),
    "story": (
        ("Compare coverage", "reader:story-ai-compare"),
        ("Background", "reader:story-ai-background"),
    ),
}
_ASK_FORMS = {"article": "reader:ai-ask-form", "story": "reader:story-ai-ask-form"}


def ai_panel(scope_kind: str, object_id: int, *, has_story: bool) -> SafeString:
    """The AI features block: buttons load fragments with htmx, and without JavaScript open as
    pages. The question form is loaded after the page: its CSRF token would make the page
    personal, and uncacheable."""
    features: _Features = _ARTICLE_ONLY if scope_kind == "article" else ()
    if has_story:
        features += _STORY_FEATURES[scope_kind]
    buttons = "\n".join(
        f'    <a class="button secondary" href="{url}" hx-get="{url}" hx-target="#ai-output"'
        f' hx-swap="innerHTML">{label}</a>'
        for label, url in ((label, link(route, object_id)) for label, route in features)
    )
    source = "the outlets' reports" if scope_kind == "story" else "the article"
    form = link(_ASK_FORMS[scope_kind], object_id)
    return mark_safe(
        '<div class="ai-panel">\n'
        f'  <p class="ai-intro">Every sentence below comes from {source} and links to the'
        " sentence it is taken from.</p>\n"
        '  <div class="ai-buttons" role="group" aria-label="AI features">\n'
        f"{buttons}\n  </div>\n"
        f'  <div class="ask" hx-get="{form}" hx-trigger="load" hx-swap="outerHTML">'
        f'<a href="{form}">Ask about this {scope_kind}</a></div>\n'
        '  <div id="ai-output" aria-live="polite"></div>\n</div>'
    )
