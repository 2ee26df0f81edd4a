"""The JSON API, version 1: ``/api/v1/``, documented at ``/api/v1/docs`` (OpenAPI 3 at
``/api/v1/openapi.json``). Views are thin: queries, search, AI and subscriptions live below."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger

from newsdesk.api import schemas, state
from newsdesk.api.auth import RateLimited, Session, TokenAuth, count_shared, signed_in
from newsdesk.api.pagination import DEFAULT_LIMIT, BadCursor, clamp_limit, keyset_page
from newsdesk.api.schemas import (
    ArticleDetail,
    ArticleFilters,
    ArticlePage,
    CompareOut,
    ErrorOut,
    HashtagPage,
    HashtagParams,
    ImportedOut,
    LinesOut,
    QuestionIn,
    SearchParams,
    SourceIn,
    SourceOut,
    StoryDetail,
    StoryPage,
    TimelineOut,
)
from newsdesk.api.search import search_articles
from newsdesk.feeds import OpmlError
from newsdesk.news import queries
from newsdesk.news.models import Article, Hashtag, Source, Story
from newsdesk.pipeline import ai
from newsdesk.pipeline.fetching import shared_fetcher
from newsdesk.pipeline.sources import SourceError, add_source, export_opml, import_opml
from newsdesk.throttle import Limit

api = NinjaAPI(
    title="newsdesk API",
    version="1",
    description=(
        "Read the archive (articles, stories, sources, hashtags, search), its grounded AI "
        "features, and keep your reading state. Authenticate with `Authorization: Bearer "
        "<token>` (make one on your account page). Lists are newest first with cursor "
        "pagination: pass `next_cursor` back as `cursor`."
    ),
    auth=[TokenAuth(), Session()],
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": True}),
)

ERRORS: dict[int, type] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}
WRITE_ERRORS: dict[int, type] = {**ERRORS, 403: ErrorOut}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error(
    request: HttpRequest, status: int, code: str, message: str, **headers: str
) -> HttpResponse:
    response = api.create_response(
        request, {"error": {"code": code, "message": message}}, status=status
    )
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return _error(request, error.status, error.code, error.message)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    # Wrong types and out-of-range values are the caller's error: 400, with where it was.
    problems = "; ".join(
        f"{'.'.join(str(part) for part in problem.get('loc', ()))}: {problem.get('msg', '')}"
        for problem in error.errors
    )
    return _error(request, 400, "invalid", problems or "invalid request")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", str(error) or "not found")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "send a valid token or sign in")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _error(request, error.status_code, "error", str(error))


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    return _error(
        request, 429, "rate_limited", str(error), **{"Retry-After": str(error.retry_after)}
    )


@api.exception_handler(BadCursor)
def _bad_cursor(request: HttpRequest, error: BadCursor) -> HttpResponse:
    return _error(request, 400, "invalid", "cursor: not one this API gave out")


def _staff(request: HttpRequest) -> None:
    """Subscriptions change the whole site, so only its owner and admins may change them."""
    if not getattr(signed_in(request), "is_staff", False):
        raise ApiError(403, "forbidden", "only staff may change subscriptions")


# --- reading ----------------------------------------------------------------------------------


@api.get("/articles", response={200: ArticlePage, **ERRORS}, tags=["articles"])
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]) -> ArticlePage:
    """Articles, newest first; republished copies left out."""
    rows = queries.listed_articles()
    if filters.source is not None:
        rows = rows.filter(source=get_object_or_404(Source, slug=filters.source))
    if filters.story is not None:
        rows = rows.filter(story=get_object_or_404(Story, pk=filters.story))
    if filters.hashtag is not None:
        tag = get_object_or_404(Hashtag, slug=filters.hashtag)
        rows = rows.filter(articlehashtag__hashtag=tag)
    if filters.language:
        rows = rows.filter(language=filters.language)
    if filters.since is not None:
        if filters.since.tzinfo is None:
            raise ApiError(400, "invalid", "since: give a time zone (e.g. 2026-01-01T00:00Z)")
        rows = rows.filter(published_at__gt=filters.since)
    user_id = signed_in(request).pk
    if filters.unread:
        rows = state.unread(rows, user_id)
    if filters.saved:
        rows = state.saved(rows, user_id)
    return _article_page(rows, filters.cursor, filters.limit)


def _article_page(rows: QuerySet[Article], cursor: str | None, limit: int) -> ArticlePage:
    # A list shows no text: leave the largest column unread.
    items, next_cursor = keyset_page(rows.defer("text"), cursor, limit)
    return ArticlePage(items=[schemas.article_out(a) for a in items], next_cursor=next_cursor)


@api.get("/articles/{article_id}", response={200: ArticleDetail, **ERRORS}, tags=["articles"])
def article_detail(request: HttpRequest, article_id: int) -> ArticleDetail:
    """One article with its body, hashtags, story and what to read next."""
    article = _article(article_id)
    user_id = signed_in(request).pk
    return schemas.article_detail(
        article,
        queries.related_articles(article),
        read=bool(state.read_ids(user_id, [article])),
        saved=bool(state.saved_ids(user_id, [article.pk])),
    )


def _article(article_id: int) -> Article:
    try:
        return queries.article_for_page(article_id)
    except Article.DoesNotExist as missing:
        raise Http404(f"no article {article_id}") from missing


@api.get("/stories", response={200: StoryPage, **ERRORS}, tags=["stories"])
def list_stories(
    request: HttpRequest, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> StoryPage:
    """Stories by their latest report, newest first."""
    rows = Story.objects.filter(article_count__gt=0).defer("centroid", "entity_counts")
    items, next_cursor = keyset_page(rows, cursor, limit, field="last_seen_at")
    return StoryPage(items=[schemas.story_out(s) for s in items], next_cursor=next_cursor)


@api.get("/stories/top", response={200: list[schemas.StoryOut], **ERRORS}, tags=["stories"])
def top_stories(request: HttpRequest) -> list[schemas.StoryOut]:
    """The front page's top stories, ranked."""
    return [schemas.story_out(story) for story in queries.top_stories()]


@api.get("/stories/{story_id}", response={200: StoryDetail, **ERRORS}, tags=["stories"])
def story_detail(request: HttpRequest, story_id: int) -> StoryDetail:
    """A story with every outlet's report."""
    story = get_object_or_404(Story.objects.defer("centroid"), pk=story_id)
    return schemas.story_detail(story, queries.story_articles(story))


@api.get("/sources", response={200: list[SourceOut], **ERRORS}, tags=["sources"])
def list_sources(request: HttpRequest) -> list[SourceOut]:
    return [schemas.source_out(source) for source in Source.objects.filter(is_active=True)]


@api.get("/hashtags", response={200: HashtagPage, **ERRORS}, tags=["hashtags"])
def list_hashtags(request: HttpRequest, params: Query[HashtagParams]) -> HashtagPage:
    """Hashtags by slug; ``next_cursor`` is the last slug shown."""
    rows = Hashtag.objects.order_by("slug")
    if params.prefix:
        rows = rows.filter(slug__startswith=params.prefix.lower())
    if params.cursor:
        rows = rows.filter(slug__gt=params.cursor)
    limit = clamp_limit(params.limit)
    found = list(rows[: limit + 1])
    items = found[:limit]
    return HashtagPage(
        items=[schemas.hashtag_out(tag) for tag in items],
        next_cursor=items[-1].slug if len(found) > limit else None,
    )


@api.get("/search", response={200: ArticlePage, **ERRORS}, tags=["articles"])
def search(request: HttpRequest, params: Query[SearchParams]) -> ArticlePage:
    """Articles whose headline or standfirst has every word of ``q``."""
    return _article_page(search_articles(params.q), params.cursor, params.limit)


# --- AI features ------------------------------------------------------------------------------


def _article_scope(article_id: int) -> ai.Scope:
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
    return ai.article_scope(article)


def _story_scope(story_id: int) -> ai.Scope:
    return ai.story_scope(get_object_or_404(Story.objects.defer("centroid"), pk=story_id))


def _article_story_scope(article_id: int) -> ai.Scope | None:
    """Story-wide features of an article read its whole story (None when it has none)."""
    article = get_object_or_404(Article.objects.select_related("story"), pk=article_id)
    return ai.story_scope(article.story) if article.story else None


def _who(request: HttpRequest) -> str:
    """The key the site counts a signed-in reader's questions under."""
    return f"user:{signed_in(request).pk}"


def _ask(request: HttpRequest, scope: ai.Scope, question: str) -> LinesOut:
    # Questions cost the most: they count against the reader's question limit on the site.
    count_shared(Limit("ai-questions", settings.AI_QUESTIONS_PER_MINUTE, 60), _who(request))
    return schemas.lines_out(ai.answer(scope, question.strip()))


AI = ["ai"]


@api.get("/articles/{article_id}/summary", response={200: LinesOut, **ERRORS}, tags=AI)
def article_summary(request: HttpRequest, article_id: int) -> LinesOut:
    """A grounded summary: every line cites the sentences it comes from."""
    return schemas.lines_out(ai.summary(_article_scope(article_id)))


@api.get("/articles/{article_id}/key-points", response={200: LinesOut, **ERRORS}, tags=AI)
def article_key_points(request: HttpRequest, article_id: int) -> LinesOut:
    return schemas.lines_out(ai.key_points(_article_scope(article_id)))


@api.post("/articles/{article_id}/ask", response={200: LinesOut, **ERRORS}, tags=AI)
def article_ask(request: HttpRequest, article_id: int, body: QuestionIn) -> LinesOut:
    """Answer a question from the article alone, or say it does not say."""
    return _ask(request, _article_scope(article_id), body.question)


@api.get("/articles/{article_id}/compare", response={200: CompareOut, **ERRORS}, tags=AI)
def article_compare(request: HttpRequest, article_id: int) -> CompareOut:
    """How the outlets reporting the article's story agree and differ."""
    scope = _article_story_scope(article_id)
    return schemas.compare_out(ai.coverage(scope) if scope else None)


@api.get("/articles/{article_id}/background", response={200: list[TimelineOut], **ERRORS}, tags=AI)
def article_background(request: HttpRequest, article_id: int) -> list[TimelineOut]:
    """The story's timeline so far."""
    scope = _article_story_scope(article_id)
    return schemas.timeline_out(ai.background(scope) if scope else [])


@api.post("/stories/{story_id}/ask", response={200: LinesOut, **ERRORS}, tags=AI)
def story_ask(request: HttpRequest, story_id: int, body: QuestionIn) -> LinesOut:
    """Answer from every outlet's report, each answer with its outlet."""
    return _ask(request, _story_scope(story_id), body.question)


@api.get("/stories/{story_id}/compare", response={200: CompareOut, **ERRORS}, tags=AI)
def story_compare(request: HttpRequest, story_id: int) -> CompareOut:
    return schemas.compare_out(ai.coverage(_story_scope(story_id)))


@api.get("/stories/{story_id}/background", response={200: list[TimelineOut], **ERRORS}, tags=AI)
def story_background(request: HttpRequest, story_id: int) -> list[TimelineOut]:
    return schemas.timeline_out(ai.background(_story_scope(story_id)))


# --- your reading state -----------------------------------------------------------------------

ME = ["reading state"]


def _set(
    request: HttpRequest, article_id: int, read: bool | None, saved: bool | None
) -> Status[None]:
    article = get_object_or_404(Article.objects.only("id"), pk=article_id)
    user_id = signed_in(request).pk
    if read is not None:
        state.set_read(user_id, [article.pk], read)
    if saved is not None:
        state.set_saved(user_id, [article.pk], saved)
    return Status(204, None)


@api.put("/articles/{article_id}/read", response={204: None, **ERRORS}, tags=ME)
def mark_read(request: HttpRequest, article_id: int) -> Status[None]:
    return _set(request, article_id, read=True, saved=None)


@api.delete("/articles/{article_id}/read", response={204: None, **ERRORS}, tags=ME)
def mark_unread(request: HttpRequest, article_id: int) -> Status[None]:
    return _set(request, article_id, read=False, saved=None)


@api.put("/articles/{article_id}/saved", response={204: None, **ERRORS}, tags=ME)
def save(request: HttpRequest, article_id: int) -> Status[None]:
    return _set(request, article_id, read=None, saved=True)


@api.delete("/articles/{article_id}/saved", response={204: None, **ERRORS}, tags=ME)
def unsave(request: HttpRequest, article_id: int) -> Status[None]:
    return _set(request, article_id, read=None, saved=False)


# --- subscriptions (staff) --------------------------------------------------------------------

SOURCES = ["sources"]


@api.post("/sources", response={201: SourceOut, **WRITE_ERRORS}, tags=SOURCES)
def create_source(request: HttpRequest, body: SourceIn) -> Status[SourceOut]:
    """Subscribe to a feed or a home page (its feeds are discovered). Staff only."""
    _staff(request)
    try:
        feed = add_source(body.url, shared_fetcher(), name=body.name)
    except SourceError as error:
        raise ApiError(400, "source", str(error)) from error
    return Status(201, schemas.source_out(feed.source))


@api.get("/opml", response={200: None, **WRITE_ERRORS}, tags=SOURCES)
def opml_export(request: HttpRequest) -> HttpResponse:
    """Every subscription as OPML. Staff only."""
    _staff(request)
    response = HttpResponse(export_opml(), content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsdesk.opml"'
    return response


@api.post(
    "/opml",
    response={200: ImportedOut, **WRITE_ERRORS},
    tags=SOURCES,
    openapi_extra={
        "requestBody": {"content": {"text/x-opml": {"schema": {"type": "string"}}}},
    },
)
def opml_import(request: HttpRequest) -> ImportedOut:
    """Subscribe to every feed of the OPML document sent as the body. Staff only."""
    _staff(request)
    try:
        feeds = import_opml(request.body)
    except OpmlError as error:
        raise ApiError(400, "opml", str(error)) from error
    sources = {feed.source_id: feed.source for feed in feeds}
    return ImportedOut(subscribed=[schemas.source_out(s) for s in sources.values()])
