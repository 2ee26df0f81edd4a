"""Reader pages. Views stay thin: queries live in newsdesk.news.queries."""

from __future__ import annotations

from functools import partial

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from newsdesk.following.state import read_along
from newsdesk.news import queries
from newsdesk.news.models import Article, Story, StoryRedirect
from newsdesk.nlp.topics import SECTION_NAMES
from newsdesk.reader.article_page import article_page
from newsdesk.reader.caching import shared_page
from newsdesk.reader.cards import day_lists, day_sections
from newsdesk.reader.comment_list import COMMENTS_PER_PAGE, comment_list

PER_PAGE = 30
# A story page shows this many reports at a time; "Later reports" pages through the rest.
REPORTS_PER_PAGE = 30
TOP_STORIES_SECONDS = 60


def _cursor(request: HttpRequest, name: str) -> queries.Cursor | None:
    return queries.Cursor.parse(request.GET.get(name))


def _along(request: HttpRequest) -> queries.Fetch:
    """Runs a list page's statement with its signed-in reader's state read along: the page's
    save buttons and header need it, and on the page's first render it would be one more round
    trip to the database."""
    return partial(read_along, request)


def _list_context(
    request: HttpRequest, page: queries.Slice, **context: object
) -> dict[str, object]:
    return {"page": page, "days": day_sections(day_lists(request, page.items)), **context}


@shared_page
def front(request: HttpRequest) -> HttpResponse:
    page = queries.latest_page(_cursor(request, "before"), PER_PAGE, _along(request))
    # Ranking stories is the costly part of the page and changes only when articles arrive:
    # a short cache keeps the front page fast under load.
    stories = (
        cache.get_or_set("front:top-stories", queries.top_stories, TOP_STORIES_SECONDS)
        if page.is_first
        else []
    )
    return render(request, "reader/front.html", _list_context(request, page, top_stories=stories))


@shared_page
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        shown = queries.article_view(article_id)
    except Article.DoesNotExist as missing:
        raise Http404("No such article.") from missing
    tag_ids = [tag.pk for tag in shown.hashtags]
    related = queries.related_articles(shown.article, tag_ids=tag_ids)
    return article_page(request, shown.article, shown.hashtags, shown.copies, related)


@shared_page
def source(request: HttpRequest, slug: str) -> HttpResponse:
    publisher = queries.source_for_page(slug)
    if publisher is None:
        raise Http404("No such source.")
    page = queries.source_page(publisher, _cursor(request, "before"), PER_PAGE, _along(request))
    return render(request, "reader/source.html", _list_context(request, page, source=publisher))


@shared_page
def hashtag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = queries.hashtag_for_page(slug)
    if tag is None:
        raise Http404("No such hashtag.")
    page = queries.hashtag_page(tag, _cursor(request, "before"), PER_PAGE, _along(request))
    stories = queries.hashtag_stories(tag) if page.is_first else []
    return render(
        request, "reader/hashtag.html", _list_context(request, page, hashtag=tag, stories=stories)
    )


@shared_page
def section(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SECTION_NAMES:
        raise Http404("No such section.")
    page = queries.section_page(slug, _cursor(request, "before"), PER_PAGE, _along(request))
    context = _list_context(request, page, section_slug=slug, section_name=SECTION_NAMES[slug])
    return render(request, "reader/section.html", context)


@shared_page
def story(request: HttpRequest, story_id: int) -> HttpResponse:
    after = _cursor(request, "after")
    shown = queries.story_view(story_id, after, REPORTS_PER_PAGE, _along(request))
    if shown is None:
        # A story merged into another forwards to it, so old links keep working.
        moved = StoryRedirect.objects.filter(old_id=story_id).values_list("story_id", flat=True)
        if not moved:
            raise Http404("No such story.")
        return redirect("reader:story", moved[0], permanent=True)
    # Each report's language once the story has a second one.
    many = len(shown.languages) > 1
    days = day_lists(request, shown.page.items, clock=True, show_language=many)
    context = {"page": shown.page, "days": days, "story": shown.story}
    context |= {"outlets": shown.outlets, "languages": shown.languages}
    return render(request, "reader/story.html", context)


@require_GET
def comments(request: HttpRequest, article_id: int) -> HttpResponse:
    """An article's older comments, before the cursor: put in its page by htmx under the
    "Older comments" link (or opened as a page without JavaScript). Never cached, as the
    comments below them on the article page are not."""
    article = get_object_or_404(Article.objects.only("id", "headline"), pk=article_id)
    page = queries.comment_page(article_id, _cursor(request, "before"), COMMENTS_PER_PAGE)
    listed = comment_list(page, article_id)
    if getattr(request, "htmx", False):
        return HttpResponse(listed)
    return render(request, "reader/comments.html", {"article": article, "comments": listed})


@require_GET
def ask_form(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    """The question form, loaded into the page by htmx (or opened as a page without
    JavaScript): its CSRF token is the one personal thing on an article or story page, so
    keeping it out of them lets their pages be cached whole for every anonymous reader."""
    model = Story if kind == "story" else Article
    get_object_or_404(model.objects.only("id"), pk=object_id)
    template = "reader/_ask_form.html" if getattr(request, "htmx", False) else "reader/ask.html"
    return render(request, template, {"scope_kind": kind, "object_id": object_id})
