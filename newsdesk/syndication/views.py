"""One view serves every feed: the selection's version (ids and times of its entries) is the
ETag and Last-Modified, so readers polling an unchanged feed get ``304`` after one small query,
and a changed feed is rendered once per version and then served from the cache."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import condition

from newsdesk.syndication.generators import FORMATS, Channel, render
from newsdesk.syndication.selections import Selection, latest_moment, select

CACHE_SECONDS = 600
# A reader's private feed stays out of the shared cache: revoking its key must close it at once.
PRIVATE_KINDS = {"personal", "saved"}


def _selection(request: HttpRequest, kind: str, key: str, fmt: str) -> tuple[Selection, list]:
    """The selection and its version, worked out once per request (both condition callbacks
    and the view need them)."""
    memo = getattr(request, "_feed_selection", None)
    if memo is None:
        if fmt not in FORMATS:
            raise Http404("No such feed format.")
        selection = select(kind, request, key)
        memo = (selection, selection.version())
        request._feed_selection = memo  # type: ignore[attr-defined]
    return memo


def _etag(request: HttpRequest, kind: str, fmt: str, key: str = "") -> str:
    selection, version = _selection(request, kind, key, fmt)
    fingerprint = repr((request.get_full_path(), selection.title, version))
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, kind: str, fmt: str, key: str = "") -> datetime | None:
    return latest_moment(_selection(request, kind, key, fmt)[1])


@condition(etag_func=_etag, last_modified_func=_last_modified)
def feed(request: HttpRequest, kind: str, fmt: str, key: str = "") -> HttpResponse:
    selection, _ = _selection(request, kind, key, fmt)
    cache_key = f"feed:{_etag(request, kind, fmt, key)}"
    cached = None if kind in PRIVATE_KINDS else cache.get(cache_key)
    if cached is None:
        channel = Channel(
            title=f"{selection.title} · newsdesk",
            link=request.build_absolute_uri(selection.page),
            description=selection.description,
            feed_url=request.build_absolute_uri(),
        )
        cached = render(channel, selection.entries(request), fmt)
        if kind not in PRIVATE_KINDS:
            cache.set(cache_key, cached, CACHE_SECONDS)
    content, content_type = cached
    return HttpResponse(content, content_type=content_type)
