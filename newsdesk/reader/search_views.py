"""The search page: one card per story found, by words, by meaning, or both."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from newsdesk.news import hybrid
from newsdesk.news.models import Article
from newsdesk.news.queries import Page
from newsdesk.search import parse

PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    query = parse(text)
    older = _number(request.GET.get("older"), 0) or None
    results = hybrid.search(query, below=older) if not query.is_empty else hybrid.Results([])
    number = max(1, _number(request.GET.get("page"), 1))
    shown = results.found[(number - 1) * PER_PAGE : number * PER_PAGE]
    context = {
        "q": text,
        "query": query,
        "cards": hybrid.cards(shown, query),
        "page": Page(items=shown, number=number, has_next=len(results.found) > number * PER_PAGE),
        "total": len(results.found),
        "older": older,
        "stopped_at": results.stopped_at,
        "searched_since": _published(results.stopped_at),
    }
    return render(request, "reader/search.html", context)


def _number(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _published(article_id: int | None) -> datetime | None:
    """When the oldest article a search read was published, to say how far back it looked."""
    if article_id is None:
        return None
    oldest_read = Article.objects.filter(pk__gte=article_id).order_by("pk")
    return oldest_read.values_list("published_at", flat=True).first()
