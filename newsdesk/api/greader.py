"""The Google Reader API, as FreshRSS and Miniflux serve it, so Reeder, NetNewsWire, FeedMe,
Read You and Fluent Reader can read newsdesk.

The mapping: subscriptions are sources (``feed/<source id>``), folders are the reader's labels
on sources, a label that is no folder names a hashtag, starred is saved, items are articles.

What clients expect, checked with libgreader against a live server (tests/api/test_greader_client):
- ClientLogin answers ``key=value`` lines and the client splits each on every ``=``: a token
  must hold no ``=``, so keys are hex.
- ``/token`` is fetched right after login and sent back as ``T`` with every POST; the header
  ``Authorization: GoogleLogin auth=<token>`` already authenticates and a cookie is never used,
  so ``T`` guards nothing and is not checked.
- ``subscription/edit`` with ``ac=subscribe`` sends the bare feed URL as ``s``, without the
  ``feed/`` prefix other apps send; both are accepted. Writes answer the plain text ``OK``.
- Stream ids come in the path (``stream/contents/feed/12``, URL-quoted) as well as in ``s``.
- An item is read or starred when its ``categories`` end in ``/state/com.google/read`` or
  ``/starred``; its link is the ``alternate`` whose type is ``text/html``; ``origin.streamId``
  must equal a subscription's id; ``crawlTimeMsec`` is a string of milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt

from newsdesk.api import state
from newsdesk.api.auth import RateLimited, count_request, count_shared
from newsdesk.api.models import AccessToken, ReaderFolder, ReaderPassword
from newsdesk.api.pagination import BadCursor, keyset_page
from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.news.models import Article, Feed, Hashtag, Source
from newsdesk.news.queries import listed_articles
from newsdesk.pipeline.fetching import shared_fetcher
from newsdesk.pipeline.sources import SourceError, add_source
from newsdesk.throttle import Limit

ITEM_PREFIX = "tag:google.com,2005:reader/item/"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
# "user/1234/state/..." means the same as "user/-/state/...".
_USER_PART = re.compile(r"^user/[^/]+/")
_HEX_ID = re.compile(r"^[0-9a-fA-F]{16}$")
MAX_ITEMS = 1000
MAX_IDS = 10_000
# Sessions kept per reader: one per app and device is plenty.
MAX_APP_SESSIONS = 20

View = Callable[..., HttpResponse]


class BadRequest(ValueError):
    """The client sent something we cannot read; answered 400 with the message."""


# --- authentication ---------------------------------------------------------------------------


@csrf_exempt
def client_login(request: HttpRequest) -> HttpResponse:
    """``Email`` and ``Passwd`` (the API password from the account page) for a session token."""
    params = request.POST if request.method == "POST" else request.GET
    username = params.get("Email", "").strip()
    password = params.get("Passwd", "")
    try:
        count_shared(Limit("reader-login", settings.API_LOGIN_ATTEMPTS, 60), username.lower())
    except RateLimited as limited:
        return _limited(limited)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    stored = ReaderPassword.objects.filter(user=user).first() if user else None
    if user is None or stored is None:
        make_password(password)  # as slow as a check, so timing tells no user names
        return _bad_login()
    if not check_password(password, stored.password):
        return _bad_login()
    _, key = AccessToken.issue(user, AccessToken.Kind.READER, name="ClientLogin")
    # Each sign-in is a session; apps that sign in again and again keep only the latest few.
    stale = AccessToken.objects.filter(user=user, kind=AccessToken.Kind.READER).order_by(
        "-created_at", "-pk"
    )[MAX_APP_SESSIONS:]
    AccessToken.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    return HttpResponse(f"SID={key}\nLSID=null\nAuth={key}\n", content_type="text/plain")


def _bad_login() -> HttpResponse:
    return HttpResponse("Error=BadAuthentication\n", status=401, content_type="text/plain")


def _limited(limited: RateLimited) -> HttpResponse:
    response = HttpResponse(
        "Error=RateLimited\n", status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


def _signed_in(view: View) -> View:
    """The app's ``GoogleLogin auth=`` header names a session from ClientLogin."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        key = header.partition("auth=")[2].strip() if header.startswith("GoogleLogin") else ""
        token = AccessToken.find(key, AccessToken.Kind.READER)
        if token is None:
            return HttpResponse("Unauthorized", status=401, content_type="text/plain")
        try:
            count_request(f"token:{token.pk}")
        except RateLimited as limited:
            return _limited(limited)
        request.user = token.user
        try:
            return view(request, *args, **kwargs)
        except (BadRequest, BadCursor) as error:
            return HttpResponse(str(error), status=400, content_type="text/plain")

    return wrapped


def _post_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse("POST only", status=405, headers={"Allow": "POST"})
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    assert isinstance(user, AbstractBaseUser), "greader: _signed_in runs first"
    return user


def _ok() -> HttpResponse:
    return HttpResponse("OK", content_type="text/plain")


@_signed_in
def token(request: HttpRequest) -> HttpResponse:
    # Apps send it back as T with every write; see the module docstring for why it is unchecked.
    return HttpResponse("newsdesk" + "0" * 49, content_type="text/plain")


@_signed_in
def user_info(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    joined = getattr(user, "date_joined", None)
    return JsonResponse(
        {
            "userId": str(user.pk),
            "userName": user.get_username(),
            "userProfileId": str(user.pk),
            "userEmail": getattr(user, "email", ""),
            "isBloggerUser": False,
            "signupTimeSec": int(joined.timestamp()) if joined else 0,
            "isMultiLoginEnabled": False,
        }
    )


# --- ids --------------------------------------------------------------------------------------


def long_item_id(article_id: int) -> str:
    return f"{ITEM_PREFIX}{article_id:016x}"


def parse_item_id(value: str) -> int:
    """An item id in any form apps send: long (hex), bare 16 hex digits, or decimal."""
    value = value.strip()
    try:
        if value.startswith(ITEM_PREFIX):
            return int(value[len(ITEM_PREFIX) :], 16)
        if value.isdigit():
            return int(value)
        if _HEX_ID.match(value):
            return int(value, 16)
    except ValueError:
        pass
    raise BadRequest(f"greader: {value!r} is not an item id")


def _stream_id(source: Source) -> str:
    return f"feed/{source.pk}"


def _normal(stream: str) -> str:
    return _USER_PART.sub("user/-/", stream.strip())


def _source_for(stream: str) -> Source | None:
    """``feed/<source id>``, or ``feed/<feed URL>`` as some apps send after subscribing."""
    key = stream.removeprefix("feed/")
    if key.isdigit():
        return Source.objects.filter(pk=int(key)).first()
    feed = Feed.objects.filter(url=key).select_related("source").first()
    return feed.source if feed else None


def _stream(user_id: int, stream: str) -> QuerySet[Article]:
    """The articles of a stream id; unknown streams are the client's error."""
    stream = _normal(stream)
    articles = listed_articles()
    if stream in ("", READING_LIST):
        return articles
    if stream == STARRED:
        return state.saved(articles, user_id)
    if stream == READ:
        return articles.exclude(pk__in=state.unread(articles, user_id).values("pk"))
    if stream.startswith("feed/"):
        source = _source_for(stream)
        if source is None:
            raise BadRequest(f"greader: no subscription {stream}")
        return articles.filter(source=source)
    if stream.startswith(LABEL):
        label = stream.removeprefix(LABEL)
        folder = ReaderFolder.objects.filter(user_id=user_id, label=label)
        if folder.exists():
            return articles.filter(source_id__in=folder.values("source_id"))
        tag = Hashtag.objects.filter(Q(slug=label.lower()) | Q(name=label)).first()
        if tag is not None:
            return articles.filter(articlehashtag__hashtag=tag)
    raise BadRequest(f"greader: unknown stream {stream}")


# --- subscriptions and tags -------------------------------------------------------------------


def _folders(user_id: int) -> dict[int, list[str]]:
    labels: dict[int, list[str]] = {}
    for source_id, label in ReaderFolder.objects.filter(user_id=user_id).values_list(
        "source_id", "label"
    ):
        labels.setdefault(source_id, []).append(label)
    return labels


@_signed_in
def subscription_list(request: HttpRequest) -> HttpResponse:
    user_id = _user(request).pk
    labels = _folders(user_id)
    feed_urls: dict[int, str] = {}
    for source_id, url in Feed.objects.order_by("-id").values_list("source_id", "url"):
        feed_urls[source_id] = url
    subscriptions = [
        {
            "id": _stream_id(source),
            "title": source.name,
            "categories": [
                {"id": f"{LABEL}{label}", "label": label} for label in labels.get(source.pk, [])
            ],
            "url": feed_urls.get(source.pk, source.home_url),
            "htmlUrl": source.home_url,
            "iconUrl": source.logo_url,
            "sortid": f"{source.pk:08X}",
            "firstitemmsec": str(int(source.created_at.timestamp() * 1000)),
        }
        for source in Source.objects.filter(is_active=True)
    ]
    return JsonResponse({"subscriptions": subscriptions})


def _may_subscribe(user: AbstractBaseUser) -> bool:
    """Subscriptions are the whole site's: its owner and admins change them."""
    return bool(getattr(user, "is_staff", False))


@_signed_in
@_post_only
def subscription_edit(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    action = request.POST.get("ac", "edit")
    streams = request.POST.getlist("s")
    if not streams:
        raise BadRequest("greader: s (the subscription) is required")
    if action in ("subscribe", "unsubscribe") and not _may_subscribe(user):
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    for stream in streams:
        if action == "subscribe":
            source = _subscribe(stream.removeprefix("feed/"), request.POST.get("t", ""))
        else:
            found = _source_for(stream)
            if found is None:
                raise BadRequest(f"greader: no subscription {stream}")
            source = found
        if action == "unsubscribe":
            # Everyone reads the same sources: unsubscribing stops polling, keeps the archive.
            Source.objects.filter(pk=source.pk).update(is_active=False)
            Feed.objects.filter(source=source).update(is_active=False)
            continue
        _edit_folders(user.pk, source, request.POST.getlist("a"), request.POST.getlist("r"))
        title = request.POST.get("t", "").strip()
        if action == "edit" and title and _may_subscribe(user):
            Source.objects.filter(pk=source.pk).update(name=title[:200])
    return _ok()


def _subscribe(url: str, name: str) -> Source:
    try:
        feed = add_source(url, shared_fetcher(), name=name)
    except SourceError as error:
        raise BadRequest(str(error)) from error
    source = feed.source
    if not source.is_active:
        Source.objects.filter(pk=source.pk).update(is_active=True)
        Feed.objects.filter(source=source).update(is_active=True)
    return source


def _edit_folders(user_id: int, source: Source, add: list[str], remove: list[str]) -> None:
    for stream in add:
        if _normal(stream).startswith(LABEL):
            label = _normal(stream).removeprefix(LABEL)[:100]
            ReaderFolder.objects.get_or_create(user_id=user_id, source=source, label=label)
    for stream in remove:
        if _normal(stream).startswith(LABEL):
            label = _normal(stream).removeprefix(LABEL)
            ReaderFolder.objects.filter(user_id=user_id, source=source, label=label).delete()


@_signed_in
@_post_only
def quickadd(request: HttpRequest) -> HttpResponse:
    if not _may_subscribe(_user(request)):
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    url = request.POST.get("quickadd", "").removeprefix("feed/")
    source = _subscribe(url, "")
    return JsonResponse(
        {"query": url, "numResults": 1, "streamId": _stream_id(source), "streamName": source.name}
    )


@_signed_in
def tag_list(request: HttpRequest) -> HttpResponse:
    labels = sorted(
        set(ReaderFolder.objects.filter(user_id=_user(request).pk).values_list("label", flat=True))
    )
    tags = [{"id": STARRED}] + [{"id": f"{LABEL}{label}", "type": "folder"} for label in labels]
    return JsonResponse({"tags": tags})


@_signed_in
def unread_count(request: HttpRequest) -> HttpResponse:
    """Unread articles per subscription, per folder and in all, within the unread window."""
    user_id = _user(request).pk
    per_source = {
        row["source_id"]: (row["count"], row["newest"])
        for row in state.unread(listed_articles(), user_id)
        .order_by()
        .values("source_id")
        .annotate(count=Count("id"), newest=Max("published_at"))
    }
    counts = [
        _count(f"feed/{source_id}", count, newest)
        for source_id, (count, newest) in per_source.items()
    ]
    by_label: dict[str, list[tuple[int, datetime]]] = {}
    for source_id, labels in _folders(user_id).items():
        for label in labels:
            if source_id in per_source:
                by_label.setdefault(label, []).append(per_source[source_id])
    for label, rows in by_label.items():
        counts.append(_count(f"{LABEL}{label}", sum(c for c, _ in rows), max(n for _, n in rows)))
    if per_source:
        total = sum(count for count, _ in per_source.values())
        newest = max(moment for _, moment in per_source.values())
        counts.append(_count(READING_LIST, total, newest))
    return JsonResponse({"max": MAX_ITEMS, "unreadcounts": counts})


def _count(stream: str, count: int, newest: datetime) -> dict[str, Any]:
    return {"id": stream, "count": count, "newestItemTimestampUsec": str(_usec(newest))}


def _usec(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


# --- streams ----------------------------------------------------------------------------------


def _int_param(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise BadRequest(f"greader: {name} must be a number") from error


def _filtered(request: HttpRequest, user_id: int, stream: str) -> QuerySet[Article]:
    """A stream with the filters every stream call takes: ``xt`` (exclude read), ``it``
    (only starred), ``ot`` (not older than, seconds), ``nt`` (not newer than)."""
    articles = _stream(user_id, stream)
    for excluded in request.GET.getlist("xt"):
        if _normal(excluded) == READ:
            articles = state.unread(articles, user_id)
        elif _normal(excluded) == STARRED:
            articles = articles.exclude(pk__in=state.saved(listed_articles(), user_id).values("pk"))
    for included in request.GET.getlist("it"):
        if _normal(included) == STARRED:
            articles = state.saved(articles, user_id)
        elif _normal(included) == READ:
            articles = articles.exclude(
                pk__in=state.unread(listed_articles(), user_id).values("pk")
            )
    oldest = _int_param(request, "ot", 0)
    newest = _int_param(request, "nt", 0)
    if oldest:
        articles = articles.filter(published_at__gte=datetime.fromtimestamp(oldest, UTC))
    if newest:
        articles = articles.filter(published_at__lte=datetime.fromtimestamp(newest, UTC))
    return articles


def _page(
    request: HttpRequest, stream: str, limit: int, *, ids_only: bool = False
) -> tuple[list[Article], str | None]:
    articles = _filtered(request, _user(request).pk, stream)
    if ids_only:
        # Apps ask for up to 10,000 ids at once: read two columns, not whole rows.
        articles = articles.select_related(None).only("id", "published_at")
    else:
        articles = _with_bodies(articles)
    return keyset_page(
        articles,
        request.GET.get("c") or None,
        _int_param(request, "n", 20),
        newest_first=request.GET.get("r") != "o",
        max_limit=limit,
    )


def _with_bodies(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Items carry the article body, which lists leave out: read it in the same query."""
    return articles.defer(None).defer("embedding", "entities", "text")


@_signed_in
def stream_contents(request: HttpRequest, stream: str = "") -> HttpResponse:
    stream = stream or request.GET.get("s", READING_LIST)
    items, continuation = _page(request, stream, MAX_ITEMS)
    body = _items_body(request, stream, items)
    if continuation:
        body["continuation"] = continuation
    return JsonResponse(body)


@_signed_in
def stream_item_ids(request: HttpRequest) -> HttpResponse:
    stream = request.GET.get("s", READING_LIST)
    items, continuation = _page(request, stream, MAX_IDS, ids_only=True)
    refs = [
        {"id": str(item.pk), "directStreamIds": [], "timestampUsec": str(_usec(item.published_at))}
        for item in items
    ]
    body: dict[str, Any] = {"itemRefs": refs}
    if continuation:
        body["continuation"] = continuation
    return JsonResponse(body)


@_signed_in
@_post_only
def stream_items_contents(request: HttpRequest) -> HttpResponse:
    ids = [parse_item_id(value) for value in request.POST.getlist("i")[:MAX_ITEMS]]
    found = _with_bodies(listed_articles()).in_bulk(ids)
    items = [found[i] for i in ids if i in found]
    return JsonResponse(_items_body(request, READING_LIST, items))


def _items_body(request: HttpRequest, stream: str, items: list[Article]) -> dict[str, Any]:
    user_id = _user(request).pk
    read = state.read_ids(user_id, items)
    starred = state.saved_ids(user_id, [item.pk for item in items])
    labels = _folders(user_id)
    return {
        "id": stream,
        "updated": int(max((i.published_at for i in items), default=datetime.now(UTC)).timestamp()),
        "items": [
            _item(request, item, item.pk in read, item.pk in starred, labels) for item in items
        ],
    }


def _item(
    request: HttpRequest, article: Article, read: bool, starred: bool, labels: dict[int, list[str]]
) -> dict[str, Any]:
    categories = [READING_LIST] + [f"{LABEL}{label}" for label in labels.get(article.source_id, [])]
    if read:
        categories.append(READ)
    if starred:
        categories.append(STARRED)
    page = request.build_absolute_uri(reverse("reader:article", args=[article.pk]))
    body = sanitize_html(article.body_html, article.url) if article.body_html else ""
    content = body or f"<p>{escape(article.standfirst)}</p>"
    content += f'<p><a href="{page}">Read on {escape(settings.SITE_NAME)}</a></p>'
    return {
        "id": long_item_id(article.pk),
        "crawlTimeMsec": str(int(article.fetched_at.timestamp() * 1000)),
        "timestampUsec": str(_usec(article.published_at)),
        "published": int(article.published_at.timestamp()),
        "updated": int((article.updated_at or article.published_at).timestamp()),
        "title": article.headline,
        "author": article.author or article.source.name,
        "canonical": [{"href": article.url}],
        "alternate": [{"href": article.url, "type": "text/html"}],
        "categories": categories,
        "origin": {
            "streamId": _stream_id(article.source),
            "title": article.source.name,
            "htmlUrl": article.source.home_url,
        },
        "summary": {"direction": "ltr", "content": content},
    }


# --- state ------------------------------------------------------------------------------------


@_signed_in
@_post_only
def edit_tag(request: HttpRequest) -> HttpResponse:
    """Mark items read or unread, starred or not (``a`` adds a state, ``r`` removes one)."""
    user_id = _user(request).pk
    ids = [parse_item_id(value) for value in request.POST.getlist("i")]
    ids = list(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for tags, on in ((request.POST.getlist("a"), True), (request.POST.getlist("r"), False)):
        for tag in map(_normal, tags):
            if tag == READ:
                state.set_read(user_id, ids, on)
            elif tag == STARRED:
                state.set_saved(user_id, ids, on)
    return _ok()


@_signed_in
@_post_only
def mark_all_as_read(request: HttpRequest) -> HttpResponse:
    """Everything in stream ``s`` up to ``ts`` (microseconds; default now) becomes read."""
    user_id = _user(request).pk
    stream = _normal(request.POST.get("s", READING_LIST))
    stamp = request.POST.get("ts", "")
    try:
        before = datetime.fromtimestamp(int(stamp) / 1_000_000, UTC) if stamp else None
    except ValueError as error:
        raise BadRequest("greader: ts must be microseconds") from error
    if stream == READING_LIST:
        state.mark_all_read(user_id, before)
    else:
        state.mark_stream_read(user_id, _stream(user_id, stream), before)
    return _ok()
