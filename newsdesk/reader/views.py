"""Reader pages. Views stay thin: queries live in newsdesk.news.queries."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from newsdesk.comments.forms import CommentForm
from newsdesk.news import queries
from newsdesk.news.models import Article, Hashtag, Source, Story, StoryRedirect

PER_PAGE = 30
TOP_STORIES_SECONDS = 60


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


def _local_day(article: Article) -> date:
    return timezone.localdate(article.published_at)


def _by_day(articles: list[Article]) -> list[tuple[date, list[Article]]]:
    """Group a time-ordered list under day headings, in the reader's time zone."""
    return [(day, list(items)) for day, items in groupby(articles, key=_local_day)]


def front(request: HttpRequest) -> HttpResponse:
    page = queries.paginate(queries.listed_articles(), _page_number(request), PER_PAGE)
    # Ranking stories is the costly part of the page and changes only when articles arrive:
    # a short cache keeps the front page fast under load.
    stories = cache.get_or_set("front:top-stories", queries.top_stories, TOP_STORIES_SECONDS)
    context = {
        "page": page,
        "days": _by_day(page.items),
        "top_stories": stories if page.number == 1 else [],
    }
    return render(request, "reader/front.html", context)


def article(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        item = queries.article_for_page(article_id)
    except Article.DoesNotExist as missing:
        raise Http404("No such article.") from missing
    context = {
        "article": item,
        "comments": queries.visible_comments(item),
        "related": queries.related_articles(item),
        "comment_form": CommentForm(),
    }
    return render(request, "reader/article.html", context)


def source(request: HttpRequest, slug: str) -> HttpResponse:
    publisher = get_object_or_404(Source, slug=slug)
    page = queries.paginate(queries.source_articles(publisher), _page_number(request), PER_PAGE)
    return render(
        request,
        "reader/source.html",
        {"source": publisher, "page": page, "days": _by_day(page.items)},
    )


def hashtag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Hashtag, slug=slug)
    page = queries.paginate(queries.hashtag_articles(tag), _page_number(request), PER_PAGE)
    context = {
        "hashtag": tag,
        "page": page,
        "days": _by_day(page.items),
        "stories": queries.hashtag_stories(tag) if page.number == 1 else [],
    }
    return render(request, "reader/hashtag.html", context)


def story(request: HttpRequest, story_id: int) -> HttpResponse:
    event = Story.objects.filter(pk=story_id).first()
    if event is None:
        # A merged story lives on in the one it joined.
        forward = get_object_or_404(StoryRedirect.objects.select_related("story"), old_id=story_id)
        return redirect(forward.story, permanent=True)
    reports = queries.story_articles(event)
    context = {
        "story": event,
        "days": [(day, list(items)) for day, items in groupby(reports, key=_local_day)],
        "languages": sorted({report.language for report in reports if report.language}),
        "outlets": sorted({report.source.name for report in reports}),
    }
    return render(request, "reader/story.html", context)
