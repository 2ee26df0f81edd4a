"""AI feature fragments, loaded on demand with htmx (or as a plain page without JavaScript)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from newsdesk import throttle
from newsdesk.ai import NOT_IN_ARTICLE
from newsdesk.news.models import Article, Story
from newsdesk.pipeline import ai
from newsdesk.pipeline.ai import Scope
from newsdesk.security import client_address
from newsdesk.throttle import Limit

MAX_QUESTION_CHARS = 300
TOO_MANY_REQUESTS = 429
# What a story's block says when none of its outlets' reports answers a question.
NOT_IN_REPORTS = "The reports do not say."


def _article_scope(article_id: int) -> tuple[Article, Scope]:
    article = get_object_or_404(Article.objects.select_related("source", "story"), pk=article_id)
    return article, ai.article_scope(article)


def _story_scope(story_id: int) -> tuple[Story, Scope]:
    story = get_object_or_404(Story, pk=story_id)
    return story, ai.story_scope(story)


def _scope(kind: str, object_id: int) -> Scope:
    if kind == "story":
        return _story_scope(object_id)[1]
    return _article_scope(object_id)[1]


def _fragment(
    request: HttpRequest, template: str, context: dict, status: int = 200
) -> HttpResponse:
    """The fragment for htmx; wrapped in the site's layout when opened as a page."""
    htmx = getattr(request, "htmx", False)  # set by django-htmx's middleware
    context["layout"] = "reader/ai/fragment.html" if htmx else "reader/ai/page.html"
    return render(request, f"reader/ai/{template}", context, status=status)


def _too_many(request: HttpRequest, message: str) -> HttpResponse:
    """HTTP 429 with the reason, shown in the AI block (htmx swaps 429s in: see base.html)."""
    return _fragment(request, "answer.html", {"error": message}, status=TOO_MANY_REQUESTS)


def _limited_per_address(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """At most ``AI_FEATURES_PER_MINUTE`` requests per address to the AI features: a summary
    not precomputed yet, a comparison or a timeline costs real work on every cache miss."""

    @wraps(view)
    def limited(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        limit = Limit("ai-features", settings.AI_FEATURES_PER_MINUTE, 60)
        if throttle.hit(limit, client_address(request)):
            return _too_many(
                request, "Many AI requests came from your address; try again in a minute."
            )
        return view(request, *args, **kwargs)

    return limited


@require_GET
@_limited_per_address
def summary(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    result = ai.summary(_scope(kind, object_id))
    return _fragment(request, "lines.html", {"title": "Summary", "result": result, "kind": kind})


@require_GET
@_limited_per_address
def key_points(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    result = ai.key_points(_scope(kind, object_id))
    context = {"title": "Key points", "result": result, "bullets": True, "kind": kind}
    return _fragment(request, "lines.html", context)


@require_POST
def ask(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    question = request.POST.get("question", "").strip()[:MAX_QUESTION_CHARS]
    if not question:
        return _fragment(request, "answer.html", {"error": "Type a question first."})
    if _over_question_limit(request):
        return _too_many(
            request, "You have asked many questions in the last minute; try again shortly."
        )
    result = ai.answer(_scope(kind, object_id), question)
    not_answered = NOT_IN_REPORTS if kind == "story" else NOT_IN_ARTICLE
    context = {"question": question, "result": result, "not_answered": not_answered, "kind": kind}
    return _fragment(request, "answer.html", context)


def _over_question_limit(request: HttpRequest) -> bool:
    """Per reader when signed in, per address otherwise; counted in the shared throttle cache,
    so the limit holds across every web process."""
    who = (
        f"user:{request.user.pk}"
        if request.user.is_authenticated
        else f"ip:{client_address(request)}"
    )
    return throttle.hit(Limit("ai-questions", settings.AI_QUESTIONS_PER_MINUTE, 60), who)


@require_GET
@_limited_per_address
def compare(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    scope = _coverage_scope(kind, object_id)
    coverage = ai.coverage(scope) if scope else None
    return _fragment(request, "compare.html", {"coverage": coverage})


@require_GET
@_limited_per_address
def background(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    scope = _coverage_scope(kind, object_id)
    entries = ai.background(scope) if scope else []
    return _fragment(request, "background.html", {"entries": entries})


def _coverage_scope(kind: str, object_id: int) -> Scope | None:
    """Story-wide features read the article's whole story; None when it has no story."""
    if kind == "story":
        return _story_scope(object_id)[1]
    article = get_object_or_404(Article.objects.select_related("story"), pk=object_id)
    if article.story is None:
        return None
    return ai.story_scope(article.story)
