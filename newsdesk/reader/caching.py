"""Rendered pages and page parts, kept until the archive changes.

Every reader page shows the archive as of some moment, and the archive changes only when new
reports arrive. ``archive_version`` names that moment (the newest article's id, read from the
database at most every few seconds per process, so a cached page costs no query); a page or
fragment is cached under it, so a new report retires them all at once and a reader sees it
within seconds. Entries also expire after ``PAGE_SECONDS``, which bounds how stale the
relative times ("3 minutes ago") and story rankings on a page can get.

Pages are kept in the cache every web process shares (``reader.pagestore``): a page one worker
rendered is served by all of them. Anonymous readers get whole pages from it, with ``ETag``
and ``Last-Modified`` so a browser's revalidation is answered ``304 Not Modified``; signed-in
readers get the same cached page with their own header, buttons and comment form filled in
(``reader.personal``)."""

from __future__ import annotations

import copy
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from newsdesk.news.models import Article
from newsdesk.reader import personal

PAGE_SECONDS = 60
# How long a process trusts the archive version it last read.
VERSION_SECONDS = 5
_VERSION_KEY = "archive-version"
# Pages are shared by every web process (``reader.pagestore``); the archive's version is kept
# per process, so a cached page costs one read of the shared cache.
pages = caches["pages"]

View = Callable[..., HttpResponse]


def archive_version() -> int:
    """The newest article's id, kept in the process's cache for ``VERSION_SECONDS``."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = Article.objects.aggregate(newest=Max("id"))["newest"] or 0
        cache.set(_VERSION_KEY, version, VERSION_SECONDS)
    return int(version)


def shared_page(view: View) -> View:
    """Render the view's page once for every reader, and serve each their own copy of it.

    The page is rendered with placeholders for its personal parts (``reader.personal``) and
    cached with the copy anonymous readers get (placeholders filled in for nobody, with ETag
    and Last-Modified); a signed-in reader's copy has them filled in for them on each
    request. A page is cached only when answered 200; it varies on ``Cookie`` so a browser
    never shows a cached anonymous page after signing in."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = f"page:{archive_version()}:{request.get_full_path()}"
        stored: _Page | None = pages.get(key)
        if stored is None:
            setattr(request, personal.SHARED, True)
            try:
                response = view(request, *args, **kwargs)
            finally:
                delattr(request, personal.SHARED)
            if response.status_code != 200 or response.cookies or response.streaming:
                return _filled(response, request)
            page = response.content.decode(response.charset)
            stored = _Page(page, response.charset, response["Content-Type"], time.time())
            if not request.user.is_authenticated:
                stored.fill_anonymous(request)
            pages.set(key, stored, PAGE_SECONDS)
        if request.user.is_authenticated:
            mine = personal.fill(stored.html, request).encode(stored.charset)
            response = HttpResponse(mine, stored.content_type)
            patch_vary_headers(response, ["Cookie"])
            return response
        if stored.anonymous is None:
            stored.fill_anonymous(request)
            # Kept no longer than the page it was made from.
            pages.set(key, stored, max(1, int(stored.modified + PAGE_SECONDS - time.time())))
        return _conditional(
            request, stored.anonymous or b"", stored.content_type, stored.etag, stored.modified
        )

    return cached_view


@dataclass
class _Page:
    """A page as cached: rendered for every reader, and the copy for readers who are not
    signed in once one has asked for it (a page only signed-in readers open never needs it)."""

    html: str
    charset: str
    content_type: str
    modified: float
    anonymous: bytes | None = None
    etag: str = ""

    def fill_anonymous(self, request: HttpRequest) -> None:
        """Make the copy for readers who are not signed in, and its ETag."""
        self.anonymous = personal.fill(self.html, _anonymous(request)).encode(self.charset)
        self.etag = quote_etag(hashlib.blake2b(self.anonymous, digest_size=12).hexdigest())


def _anonymous(request: HttpRequest) -> HttpRequest:
    """The request as a reader who is not signed in and has no messages waiting makes it."""
    stand_in = copy.copy(request)
    stand_in.META = dict(request.META)  # whatever a part marks there stays on the stand-in
    stand_in.user = AnonymousUser()
    stand_in.__dict__.pop("_messages", None)
    return stand_in


def _filled(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """A page that is not cached (an error, a redirect), with its parts for this reader."""
    if not response.streaming and response.content:
        page = response.content.decode(response.charset)
        response.content = personal.fill(page, request).encode(response.charset)
    return response


def _conditional(
    request: HttpRequest, content: bytes, content_type: str, etag: str, modified: float
) -> HttpResponse:
    """The stored page, or ``304`` when the browser's copy is this one."""
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    match = request.headers.get("If-None-Match")
    fresh = etag in (match or "") if match else since is not None and since >= int(modified)
    response = HttpResponseNotModified() if fresh else HttpResponse(content, content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, ["Cookie"])
    return response
