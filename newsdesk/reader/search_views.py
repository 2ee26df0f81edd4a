"""The search page: one card per story found, by words, by meaning, or both."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from newsdesk.news import hybrid
from newsdesk.news.queries import Page
from newsdesk.search import parse

PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    query = parse(text)
    results = hybrid.find(query) if not query.is_empty else []
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    shown = results[(number - 1) * PER_PAGE : number * PER_PAGE]
    context = {
        "q": text,
        "query": query,
        "cards": hybrid.cards(shown, query),
        "page": Page(items=shown, number=number, has_next=len(results) > number * PER_PAGE),
        "total": len(results),
    }
    return render(request, "reader/search.html", context)
