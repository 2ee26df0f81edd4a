"""Read queries for the reader site.

Every function returns a bounded list with its relations already joined or prefetched, so a
page runs the same handful of SQL queries whether the archive holds a hundred or a million
articles. The reader's lists page by keyset (the last card's time and id, see ``Cursor``),
never by OFFSET, so the thousandth page costs what the first does; each of their queries is
one range of an index in the order the list shows (``tests/news/test_query_plans.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model, Prefetch, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import ModelSignal, post_init, pre_init
from django.utils import timezone

from newsdesk.comments.models import Comment
from newsdesk.news.models import (
    Article,
    ArticleHashtag,
    ArticleSection,
    Hashtag,
    Source,
    Story,
)
from newsdesk.news.vectors import close_stories
from newsdesk.serving.plans import planned_once


def listed_articles() -> QuerySet[Article]:
    """Articles as lists show them: with their source, republished copies left out."""
    return (
        Article.objects.filter(duplicate_of__isnull=True)
        .select_related("source")
        .defer("body_html", "embedding", "entities")
        .order_by("-published_at", "-id")
    )


# A card's excerpt is cut from this much of the text (``reader.summary_excerpt``'s longest is
# 240 characters), so lists never read whole article texts.
CARD_TEXT_CHARS = 720


# What a card shows of an article (``a``) and its outlet (``s``), with the opening of the text for
# a card whose article has no standfirst: the text lies past the row's first page, so a card
# with a standfirst never reads it.
_CARD_COLUMNS = (
    "a.id, a.headline, a.standfirst, a.published_at, a.language, a.source_id, a.story_id,"
    " a.duplicate_of_id, s.name, s.slug,"
    f" CASE WHEN a.standfirst = '' THEN SUBSTR(a.text, 1, {CARD_TEXT_CHARS}) ELSE '' END"
)
_CARD_WIDTH = 11  # the columns of _CARD_COLUMNS


def _card_select(links: str = "") -> str:
    """The start of a statement reading cards (``_CARD_COLUMNS``) from the article (``a``), its
    outlet and, when a link table (hashtags, sections) makes the list, from that table
    (``link``)."""
    articles = f"{Article._meta.db_table} AS a"
    if links:
        articles = f"{links} AS link JOIN {articles} ON a.id = link.article_id"
    return planned_once(
        f"SELECT {_CARD_COLUMNS} FROM {articles}"
        f" JOIN {Source._meta.db_table} AS s ON s.id = a.source_id"
    )


# Runs a page's statement, given its SQL, parameters and number of columns: ``_run``, or a
# caller's that reads more in the same round trip (``following.state.read_along``, a signed-in
# reader's state, as the first render of their page would otherwise read it in one more).
Fetch = Callable[[str, list[Any], int], list[tuple]]


def _run(sql: str, params: list[Any], width: int) -> list[tuple]:
    """The statement's rows, nothing read along."""
    return _fetch(sql, params)


def _cards(sql: str, params: list[Any], fetch: Fetch = _run) -> list[Article]:
    """Cards read by a statement from ``_card_select``. Written out rather than built by the
    ORM, which cost a list more than running its statement."""
    outlets: dict[int, Source] = {}
    return [_card(row, outlets) for row in fetch(sql, params, _CARD_WIDTH)]


def _card(row: tuple, outlets: dict[int, Source]) -> Article:
    """A card from its ``_CARD_COLUMNS``: the article with only what a card shows
    (``text_start`` the opening of its text), and its outlet's name and slug (one row for each
    outlet in ``outlets``, which the caller keeps for its list)."""
    article_id, headline, standfirst, published, language, source_id = row[:6]
    story_id, duplicate_of_id, outlet, slug, text_start = row[6:]
    item = _loaded(
        Article,
        {
            "id": article_id,
            "headline": headline,
            "standfirst": standfirst,
            "published_at": _moment(published),
            "language": language,
            "source_id": source_id,
            "story_id": story_id,
            "duplicate_of_id": duplicate_of_id,
        },
    )
    if source_id not in outlets:
        outlets[source_id] = _loaded(Source, {"id": source_id, "name": outlet, "slug": slug})
    item.source = outlets[source_id]
    item.text_start = text_start  # type: ignore[attr-defined]
    return item


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


# Row ids are 64-bit signed integers in every database newsdesk runs on.
_LARGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Cursor:
    """Where a page of a time-ordered list starts: the time and id of the card before it.

    Written into links as ``<microseconds since 1970>-<id>``, so a link stays valid however
    many articles arrive, and reading the page it names is one index range from that point."""

    published_at: datetime
    id: int

    @classmethod
    def after(cls, article: Article) -> Cursor:
        return cls(article.published_at, article.pk)

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """The cursor a link carries; None (the list's start) for a missing or mangled one."""
        micros, _, ident = (token or "").partition("-")
        if not (micros.isdigit() and ident.isdigit()):
            return None
        try:
            when = _EPOCH + timedelta(microseconds=int(micros))
        except OverflowError:
            return None
        if int(ident) > _LARGEST_ID:  # no such row, and the database could not even compare
            return None
        return cls(when, int(ident))

    def token(self) -> str:
        return f"{(self.published_at - _EPOCH) // _MICROSECOND}-{self.id}"

    def beyond(self, time_column: str, id_column: str, *, newest_first: bool) -> tuple[str, list]:
        """The condition (and its parameters) for rows past this cursor in a list ordered by
        (time, id). The bare range on the time column is what lets the database seek in the
        index instead of scanning to it."""
        op = "<" if newest_first else ">"
        when = connection.ops.adapt_datetimefield_value(self.published_at)
        sql = (
            f"{time_column} {op}= %s AND ({time_column} {op} %s"
            f" OR ({time_column} = %s AND {id_column} {op} %s))"
        )
        return sql, [when, when, when, self.id]


@dataclass(frozen=True)
class Slice:
    """One page of a keyset-paged list: its items and the cursor of the next page, if any."""

    items: list[Article]
    next: Cursor | None
    is_first: bool


def _list_page(
    links: str,
    where: str,
    params: list[Any],
    cursor: Cursor | None,
    per_page: int,
    *,
    newest_first: bool = True,
    fetch: Fetch = _run,
) -> Slice:
    """A page of cards: one range of the list's index from the cursor, in the list's (time,
    id) order (the link table's, when a link table makes the list), and one row more, which
    tells whether a next page exists."""
    sql, values = _list_statement(links, where, params, cursor, per_page, newest_first)
    return _slice(_cards(sql, values, fetch), cursor, per_page)


def _list_statement(
    links: str,
    where: str,
    params: list[Any],
    cursor: Cursor | None,
    per_page: int,
    newest_first: bool,
) -> tuple[str, list[Any]]:
    """The statement (and its parameters) reading ``_list_page``'s cards."""
    order = ("link.published_at", "link.article_id") if links else ("a.published_at", "a.id")
    if cursor:
        past, values = cursor.beyond(*order, newest_first=newest_first)
        where, params = f"{where} AND {past}", [*params, *values]
    direction = " DESC" if newest_first else ""
    sql = (
        f"{_card_select(links)} WHERE {where}"
        f" ORDER BY {order[0]}{direction}, {order[1]}{direction} LIMIT %s"
    )
    return sql, [*params, per_page + 1]


def _slice(rows: list[Article], cursor: Cursor | None, per_page: int) -> Slice:
    """The page of a list read one card past ``per_page``, which tells whether a next exists."""
    items = rows[:per_page]
    following = Cursor.after(items[-1]) if len(rows) > per_page else None
    return Slice(items=items, next=following, is_first=cursor is None)


_LISTED = "a.duplicate_of_id IS NULL"


def latest_page(cursor: Cursor | None, per_page: int, fetch: Fetch = _run) -> Slice:
    """A page of the latest news, newest first (republished copies left out)."""
    return _list_page("", _LISTED, [], cursor, per_page, fetch=fetch)


def source_page(source: Source, cursor: Cursor | None, per_page: int, fetch: Fetch = _run) -> Slice:
    """A page of one outlet's articles, newest first."""
    where = f"a.source_id = %s AND {_LISTED}"
    return _list_page("", where, [source.pk], cursor, per_page, fetch=fetch)


def hashtag_page(
    hashtag: Hashtag, cursor: Cursor | None, per_page: int, fetch: Fetch = _run
) -> Slice:
    """A page of the articles carrying a tag, newest first: one range of the tag's links
    (which carry their article's time), each joined to its article."""
    table = ArticleHashtag._meta.db_table
    where = f"link.hashtag_id = %s AND {_LISTED}"
    return _list_page(table, where, [hashtag.pk], cursor, per_page, fetch=fetch)


def section_page(section: str, cursor: Cursor | None, per_page: int, fetch: Fetch = _run) -> Slice:
    """A page of the articles in a section of the site (its slug), newest first."""
    table = ArticleSection._meta.db_table
    where = f"link.section = %s AND {_LISTED}"
    return _list_page(table, where, [section], cursor, per_page, fetch=fetch)


@dataclass(frozen=True)
class Page:
    """One page of a newest-first list; no COUNT(*), which is slow on a big archive."""

    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(queryset: QuerySet, number: int, per_page: int) -> Page:
    number = max(1, number)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)


def top_stories(limit: int = 6, window: timedelta = timedelta(days=3)) -> list[Story]:
    """The highest-ranked stories still in the news, each with its lead article and source."""
    return list(
        Story.objects.filter(last_seen_at__gte=timezone.now() - window, article_count__gt=0)
        .select_related("lead_article__source")
        .defer("centroid", "lead_article__body_html", "lead_article__embedding")
        .order_by("-score", "-last_seen_at")[:limit]
    )


def article_for_page(article_id: int) -> Article:
    """The article with everything its page shows, in four queries; the columns only the
    pipeline reads (entities, the story's centroid and entity counts) are left in the
    database, as building them cost the page more than rendering it. The original of a
    republished copy (one article in a hundred) is read when the page shows it."""
    hashtags = Prefetch("hashtags", queryset=Hashtag.objects.order_by("articlehashtag__id"))
    copies = Prefetch(
        "republications",
        queryset=Article.objects.select_related("source").only("id", "source__name").order_by("id"),
    )
    return (
        Article.objects.select_related("source", "story")
        .defer("entities", "story__centroid", "story__entity_counts", "story__description")
        .prefetch_related(hashtags, copies)
        .get(pk=article_id)
    )


# Related articles by hashtag read at most this many of the article's tags.
RELATED_TAGS = 8


@dataclass(frozen=True)
class CommentPage:
    """Some of an article's comments, oldest first: the newest ``per_page`` before a cursor,
    the cursor of the older ones when there are more, and how many the article shows in all
    (for its newest comments, as its page says it; None for older ones)."""

    items: list[Comment]
    older: Cursor | None
    total: int | None


_SHOWN_COMMENT = "c.article_id = %s AND c.is_hidden = %s"


def comment_page(article_id: int, before: Cursor | None, per_page: int) -> CommentPage:
    """A page of the article's comments a reader sees, each with its author's name: one range
    of the article's shown comments in their index, newest first from the cursor, and one row
    more, which tells whether older ones exist. An article with thousands of comments costs what
    one with a page of them does, but for counting them (from that index alone), which only the
    newest page of an article with more than a page does. Written out rather than built by the
    ORM, as a signed-in reader's article page reads them each time."""
    sql, params = comment_page_statement(article_id, before, per_page)
    return comment_page_of(_fetch(sql, params), article_id, before, per_page)


def comment_page_statement(
    article_id: int, before: Cursor | None, per_page: int
) -> tuple[str, list[Any]]:
    """The statement ``comment_page`` runs (for a caller that runs it with another): its rows
    are a comment's id, text, time, author's id and name."""
    where, params = _SHOWN_COMMENT, [article_id, False]
    if before:
        past, bounds = before.beyond("c.created_at", "c.id", newest_first=True)
        where, params = f"{where} AND {past}", [*params, *bounds]
    sql = planned_once(
        "SELECT c.id, c.body, c.created_at, c.user_id, u.username"
        f" FROM {Comment._meta.db_table} AS c JOIN {get_user_model()._meta.db_table} AS u"
        f" ON u.id = c.user_id WHERE {where} ORDER BY c.created_at DESC, c.id DESC LIMIT %s"
    )
    return sql, [*params, per_page + 1]


def comment_page_of(
    rows: Iterable[tuple], article_id: int, before: Cursor | None, per_page: int
) -> CommentPage:
    """The page ``comment_page_statement``'s rows make (in any order)."""
    user_model = get_user_model()
    comments = []
    for comment_id, body, created, user_id, username in rows:
        values = {"id": comment_id, "body": body, "created_at": _moment(created)}
        comment = _loaded(Comment, values | {"article_id": article_id, "user_id": user_id})
        comment.user = _loaded(user_model, {"id": user_id, "username": username})
        comments.append(comment)
    comments.sort(key=lambda comment: (comment.created_at, comment.pk), reverse=True)
    shown = comments[:per_page]
    older = Cursor(shown[-1].created_at, shown[-1].pk) if len(comments) > per_page else None
    total = None
    if before is None:
        total = _comment_count(article_id) if older else len(shown)
    return CommentPage(items=shown[::-1], older=older, total=total)


def _comment_count(article_id: int) -> int:
    sql = f"SELECT COUNT(*) FROM {Comment._meta.db_table} AS c WHERE {_SHOWN_COMMENT}"
    return int(_fetch(sql, [article_id, False])[0][0])


def hashtag_for_page(slug: str) -> Hashtag | None:
    """The tag a hashtag page's address names (``_by_slug``)."""
    return _by_slug(Hashtag, slug, ("id", "name"))


def source_for_page(slug: str) -> Source | None:
    """The outlet a source page's address names, with what its header shows (``_by_slug``)."""
    return _by_slug(Source, slug, ("id", "name", "home_url", "logo_url", "description"))


def _by_slug(model: type[_Row], slug: str, columns: tuple[str, ...]) -> _Row | None:
    """The row named by ``slug``, with ``columns`` (any other is read if asked for): read by
    hand, as building the ORM's statement cost a list page more than its own list query."""
    sql = f"SELECT {', '.join(columns)} FROM {model._meta.db_table} WHERE slug = %s"
    rows = _fetch(sql, [slug])
    if not rows:
        return None
    return _loaded(model, dict(zip(columns, rows[0], strict=True)) | {"slug": slug})


@dataclass(frozen=True)
class StoryView:
    """A story as its page shows it: its row (none of the pipeline's centroid and names), the
    names of the outlets reporting it and the languages of their reports, sorted, and a page
    of its reports."""

    story: Story
    outlets: list[str]
    languages: list[str]
    page: Slice


_STORY_COLUMNS = ("title", "description", "first_seen_at", "last_seen_at")


def story_view(
    story_id: int, cursor: Cursor | None, per_page: int, fetch: Fetch = _run
) -> StoryView | None:
    """The story's page in one statement, as each is a round trip to a database server: its
    row, its outlets and languages from the story's index (however few of its reports the
    page shows), and a page of its reports as they came in, oldest first (copies included: a
    story page shows every outlet's report). Each kind of row is padded to the same columns.
    The outlets are told apart by id before their names are read: a few dozen rows to join,
    not every report (a 400-report story's server time 0.18 -> 0.14 ms for that part)."""
    articles, sources = Article._meta.db_table, Source._meta.db_table
    reports, page_params = _list_statement(
        "", "a.story_id = %s", [story_id], cursor, per_page, newest_first=False
    )
    no_card = ", NULL" * _CARD_WIDTH
    # The reports come first: PostgreSQL types a column the first two parts leave NULL as text.
    sql = (
        f"SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, page.* FROM ({reports}) AS page"
        f" UNION ALL SELECT 0, {', '.join(_STORY_COLUMNS)}, article_count, source_count"
        f"{no_card} FROM {Story._meta.db_table} WHERE id = %s UNION ALL"
        f" SELECT 1, s.name, outlets.language, NULL, NULL, NULL, NULL{no_card} FROM"
        f" (SELECT DISTINCT source_id, language FROM {articles} WHERE story_id = %s) AS outlets"
        f" JOIN {sources} AS s ON s.id = outlets.source_id"
    )
    rows = fetch(sql, [*page_params, story_id, story_id], 7 + _CARD_WIDTH)
    found = [row[1:7] for row in rows if row[0] == 0]
    if not found:
        return None
    values = dict(zip((*_STORY_COLUMNS, "article_count", "source_count"), found[0], strict=True))
    values["first_seen_at"] = _moment(values["first_seen_at"])
    values["last_seen_at"] = _moment(values["last_seen_at"])
    story = _loaded(Story, values | {"id": story_id})
    pairs = [(name, language) for kind, name, language, *_ in rows if kind == 1]
    outlets = sorted({name for name, _ in pairs})
    languages = sorted({language for _, language in pairs if language})
    # The reports in the page's order, (time, id), which a union does not promise to keep.
    listed = sorted((row[7:] for row in rows if row[0] == 2), key=lambda card: (card[3], card[0]))
    outlets_read: dict[int, Source] = {}
    cards = [_card(card, outlets_read) for card in listed]
    return StoryView(story, outlets, languages, _slice(cards, cursor, per_page))


@dataclass(frozen=True)
class ArticleView:
    """An article as its page shows it: the row with its outlet and story, its hashtags in the
    order they were given, and its republished copies (each with its outlet's name)."""

    article: Article
    hashtags: list[Hashtag]
    copies: list[Article]


def article_view(article_id: int) -> ArticleView:
    """The article page's rows in one statement written out rather than built by the ORM
    (building the join, the deferred columns and two prefetches cost the page more than running
    them): the article with its outlet and story, then its hashtags and its republished copies,
    each kind of row padded to the same columns, as each statement is a round trip to a
    database server. Only the columns the page shows are read; any other is read if asked for."""
    padding = ", ".join(["NULL"] * _ROW_WIDTH)
    sql = (
        f"SELECT 0, {_ARTICLE_ROW}, NULL, NULL, NULL, NULL FROM {Article._meta.db_table} AS a"
        f" JOIN {Source._meta.db_table} AS s ON s.id = a.source_id"
        f" LEFT JOIN {Story._meta.db_table} AS st ON st.id = a.story_id WHERE a.id = %s"
        f" UNION ALL SELECT 1, {padding}, link.id, h.id, h.name, h.slug"
        f" FROM {ArticleHashtag._meta.db_table} AS link"
        f" JOIN {Hashtag._meta.db_table} AS h ON h.id = link.hashtag_id"
        " WHERE link.article_id = %s"
        f" UNION ALL SELECT 2, {padding}, a.id, a.source_id, s.name, ''"
        f" FROM {Article._meta.db_table} AS a JOIN {Source._meta.db_table} AS s"
        " ON s.id = a.source_id WHERE a.duplicate_of_id = %s"
    )
    rows = _fetch(sql, [article_id] * 3)
    found = [row[1 : _ROW_WIDTH + 1] for row in rows if row[0] == 0]
    if not found:
        raise Article.DoesNotExist(f"no article {article_id}")
    # The hashtags in the order they were given, then the copies in the order they came.
    links = sorted((row[0], *row[_ROW_WIDTH + 1 :]) for row in rows if row[0] != 0)
    return ArticleView(_article_of(found[0]), *_hashtags_and_copies(links))


_ARTICLE_COLUMNS = (
    "id",
    "headline",
    "standfirst",
    "author",
    "published_at",
    "updated_at",
    "canonical_url",
    "body_html",
    "text",
    "attribution",
    "embedding",
    "source_id",
    "story_id",
    "duplicate_of_id",
)
# What the article's row is read with: its outlet's name and slug, its story's title and counts.
_JOINED_COLUMNS = ("s.name", "s.slug", "st.title", "st.article_count", "st.source_count")
_ARTICLE_ROW = ", ".join([*(f"a.{name}" for name in _ARTICLE_COLUMNS), *_JOINED_COLUMNS])
_ROW_WIDTH = len(_ARTICLE_COLUMNS) + len(_JOINED_COLUMNS)


def _article_of(row: tuple) -> Article:
    """The article from its row's ``_ARTICLE_COLUMNS`` and ``_JOINED_COLUMNS``."""
    names = len(_ARTICLE_COLUMNS)
    values = dict(zip(_ARTICLE_COLUMNS, row[:names], strict=True))
    values["published_at"] = _moment(values["published_at"])
    values["updated_at"] = _moment(values["updated_at"])
    article = _loaded(Article, values)
    outlet, slug, title, reports, outlets = row[names:]
    article.source = _loaded(Source, {"id": article.source_id, "name": outlet, "slug": slug})
    if article.story_id:
        story = {"id": article.story_id, "title": title, "article_count": reports}
        article.story = _loaded(Story, story | {"source_count": outlets})
    return article


def _hashtags_and_copies(links: list[tuple]) -> tuple[list[Hashtag], list[Article]]:
    """The article's hashtags (rows of kind 1: link, hashtag, name, slug) and its republished
    copies (kind 2: copy, outlet, outlet's name), each copy with its outlet's name."""
    hashtags: list[Hashtag] = []
    copies: list[Article] = []
    for kind, row_id, other_id, name, slug in links:
        if kind == 2:
            copy = _loaded(Article, {"id": row_id, "source_id": other_id})
            copy.source = _loaded(Source, {"id": other_id, "name": name})
            copies.append(copy)
        else:
            hashtags.append(_loaded(Hashtag, {"id": other_id, "name": name, "slug": slug}))
    return hashtags, copies


_Row = TypeVar("_Row", bound=Model)


def _loaded(model: type[_Row], values: dict[str, object]) -> _Row:
    """A row read by hand as the model's instance; the columns not given are read if asked
    for, as with ``only()``. Made as ``Model.from_db`` makes it, less its ``__init__``, which
    checks and assigns every field one by one (most of the time an article page spent
    building its two dozen rows); a model something listens to ``pre_init`` or ``post_init``
    for is built by ``from_db``, so that it hears of them. Asked of each signal's receivers
    first, as a page builds some fifty rows and none listens in newsdesk; the rows are read
    by ``_fetch``, on the default database (named here, not looked up through the
    context-local ``connection`` for each row)."""
    if _listened(pre_init, model) or _listened(post_init, model):
        names = _field_order(model, frozenset(values))
        return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])
    row = model.__new__(model)
    row.__dict__.update(values)
    state = row._state = ModelState()
    state.adding = False
    state.db = DEFAULT_DB_ALIAS
    return row


def _listened(signal: ModelSignal, model: type[Model]) -> bool:
    """Whether a receiver hears ``signal`` for ``model``: none at all without a lookup."""
    return bool(signal.receivers) and signal.has_listeners(model)


@lru_cache(maxsize=64)
def _field_order(model: type[Model], columns: frozenset[str]) -> list[str]:
    """The columns in the model's field order, which ``Model.from_db`` takes them in."""
    return [field.attname for field in model._meta.concrete_fields if field.attname in columns]


def _fetch(sql: str, params: list[Any]) -> list[tuple]:
    """The rows of a statement written here: each walks an index from its key or cursor,
    planned once for any values (``serving.plans``)."""
    with connection.cursor() as cursor:
        cursor.execute(planned_once(sql), params)
        return cursor.fetchall()


def _moment(value: object) -> datetime | None:
    """A time column read by hand: an aware datetime from PostgreSQL; from SQLite the UTC time
    Django stored, naive (or as text when the column's type is not declared)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def related_articles(
    article: Article, limit: int = 6, tag_ids: list[int] | None = None
) -> list[Article]:
    """What to read next, best first: other outlets' reports of the same story (one per outlet
    before any outlet's second), then the nearest stories in meaning (recent ones favoured),
    then articles sharing hashtags, then the same source's latest. Never the article itself or
    a republished copy.

    The story's reports are chosen and read as cards in one statement; each other kind gives
    ids from an index (or the story vectors) and the cards it adds are read in one more, when
    the story gave fewer than ``limit``; ``tag_ids`` are the article's hashtags when the caller
    has them."""
    story_cards: list[Article] = []
    # A story of one report (most of them) has no other outlet to read.
    story = article.story if article.story_id else None
    if story is not None and story.article_count != 1:
        story_cards = _story_cards(story.pk, article.pk, limit, among=limit * 4)
    candidates = [card.pk for card in story_cards]
    if article.embedding and len(candidates) < limit:
        close = close_stories(bytes(article.embedding), exclude=article.story_id, limit=limit)
        candidates += _story_leads(close)
    if tag_ids is None:
        tag_ids = [tag.pk for tag in article.hashtags.all()]
    if tag_ids and len(candidates) < limit:
        seen = {article.pk, *candidates}
        tagged = _latest_with_tags(tag_ids[:RELATED_TAGS], limit * 3 + len(seen))
        candidates += [i for i in tagged if i not in seen][: limit * 3]
    wanted = [i for i in dict.fromkeys(candidates) if i != article.pk]
    chosen = _cards_in_order(wanted, read=story_cards)[:limit]
    if len(chosen) < limit:
        seen = {article.pk, *(item.pk for item in chosen)}
        latest = source_page(article.source, None, limit + len(seen)).items
        chosen += [item for item in latest if item.pk not in seen][: limit - len(chosen)]
    return chosen


def _cards_in_order(
    ids: list[int], *, listed: bool = True, read: Iterable[Article] = ()
) -> list[Article]:
    """The cards of the articles ``ids`` names, in the order given (only those lists show,
    unless ``listed`` is false). Cards already ``read`` (listed ones) are not read again."""
    by_id = {item.pk: item for item in read}
    missing = [i for i in ids if i not in by_id]
    if missing:
        marks = ", ".join(["%s"] * len(missing))
        where = f"a.id IN ({marks})" + (f" AND {_LISTED}" if listed else "")
        by_id |= {item.pk: item for item in _cards(f"{_card_select()} WHERE {where}", missing)}
    return [by_id[i] for i in ids if i in by_id]


def _story_cards(story_id: int, article_id: int, limit: int, *, among: int) -> list[Article]:
    """The cards of up to ``limit`` of the story's listed reports but one, chosen among its
    ``among`` newest (from the story's index): each outlet's newest before any outlet's second,
    newest first. One statement picks and reads them: on PostgreSQL each is a round trip, and
    reading the ids and then their cards cost an article page's first render one more.

    The reports are chosen from the index alone and only the chosen ones' rows are read: a
    card reads its row's opening text, past the article's body, and the rows of all ``among``
    candidates were read to keep ``limit`` of them."""
    newest = (
        f"SELECT id, source_id, published_at FROM {Article._meta.db_table}"
        " WHERE story_id = %s AND id <> %s AND duplicate_of_id IS NULL"
        " ORDER BY published_at DESC, id DESC LIMIT %s"
    )
    # An outlet's newest report comes before any outlet's second (``later``).
    ranked = (
        "SELECT id, published_at, CASE WHEN ROW_NUMBER() OVER (PARTITION BY source_id"
        f" ORDER BY published_at DESC, id DESC) = 1 THEN 0 ELSE 1 END AS later FROM ({newest})"
        " AS newest"
    )
    chosen = (
        f"SELECT id, later FROM ({ranked}) AS ranked"
        " ORDER BY later, published_at DESC, id DESC LIMIT %s"
    )
    sql = (
        f"{_card_select()} JOIN ({chosen}) AS report ON report.id = a.id"
        " ORDER BY report.later, a.published_at DESC, a.id DESC"
    )
    return _cards(sql, [story_id, article_id, among, limit])


def _latest_with_tags(tag_ids: list[int], limit: int) -> list[int]:
    """Ids of the newest articles carrying any of the tags, newest first: the newest ``limit``
    links of each tag (one index range each, in one statement) merged here. Ordering all the
    tags' links at once would sort every link of a popular tag."""
    table = ArticleHashtag._meta.db_table
    one_tag = (
        "SELECT * FROM (SELECT article_id, published_at FROM {table} WHERE hashtag_id = %s"
        " ORDER BY published_at DESC, article_id DESC LIMIT %s) AS tag{n}"
    )
    sql = " UNION ALL ".join(one_tag.format(table=table, n=n) for n in range(len(tag_ids)))
    links = _fetch(sql, [value for tag_id in tag_ids for value in (tag_id, limit)])
    links.sort(key=lambda link: (link[1], link[0]), reverse=True)
    return list(dict.fromkeys(article_id for article_id, _ in links))


def _story_leads(story_ids: list[int]) -> list[int]:
    """The lead report of each story, in the given order."""
    if not story_ids:
        return []
    marks = ", ".join(["%s"] * len(story_ids))
    sql = f"SELECT id, lead_article_id FROM {Story._meta.db_table} WHERE id IN ({marks})"
    leads = dict(_fetch(sql, list(story_ids)))
    return [leads[i] for i in story_ids if leads.get(i)]


def source_articles(source: Source) -> QuerySet[Article]:
    return listed_articles().filter(source=source)


def section_articles(section: str) -> QuerySet[Article]:
    """The articles in a section of the site (its slug), newest first."""
    return (
        listed_articles()
        .filter(articlesection__section=section)
        .order_by("-articlesection__published_at", "-id")
    )


def hashtag_articles(hashtag: Hashtag) -> QuerySet[Article]:
    return (
        listed_articles()
        .filter(articlehashtag__hashtag=hashtag)
        .order_by("-articlehashtag__published_at", "-id")
    )


def hashtag_stories(hashtag: Hashtag, limit: int = 4) -> list[Story]:
    """The stories with most recent reports carrying the tag, largest coverage first, each with
    its lead report's card, in one statement (``_RECENT_STORIES``): on PostgreSQL each
    statement is a round trip, and reading the leads' cards apart cost a hashtag page as much
    as its own list."""
    covering = " INDEXED BY article_search_idx" if connection.vendor == "sqlite" else ""
    sql = _RECENT_STORIES.format(
        stories=Story._meta.db_table,
        links=ArticleHashtag._meta.db_table,
        articles=Article._meta.db_table,
        sources=Source._meta.db_table,
        covering=covering,
        card=_CARD_COLUMNS,
    )
    names = ("id", "title", "article_count", "source_count", "lead_article_id")
    outlets: dict[int, Source] = {}
    stories = []
    for row in _fetch(sql, [hashtag.pk, _TAG_REPORTS, limit]):
        story = _loaded(Story, dict(zip(names, row[:5], strict=True)))
        story.lead_article = None if row[5] is None else _card(row[5:], outlets)
        stories.append(story)
    return stories


# A hashtag page's stories are those of the tag's newest this many reports.
_TAG_REPORTS = 200
# The stories of a tag's newest reports with more than one outlet, largest coverage first, each
# with its lead report's card: the reports' stories are read from indexes alone (on SQLite the
# join would otherwise read each article's row past its long texts for its story), and only
# the few stories shown are sorted and joined to their leads.
_RECENT_STORIES = (
    "SELECT st.id, st.title, st.article_count, st.source_count, st.lead_article_id, {card}"
    " FROM (SELECT id, title, article_count, source_count, lead_article_id, last_seen_at"
    " FROM {stories} WHERE id IN (SELECT a.story_id FROM {links} AS link"
    " JOIN {articles} AS a{covering} ON a.id = link.article_id"
    " WHERE link.hashtag_id = %s AND a.story_id IS NOT NULL"
    " ORDER BY link.published_at DESC, link.article_id DESC LIMIT %s)"
    " AND source_count > 1 ORDER BY source_count DESC, last_seen_at DESC LIMIT %s) AS st"
    " LEFT JOIN {articles} AS a ON a.id = st.lead_article_id"
    " LEFT JOIN {sources} AS s ON s.id = a.source_id"
    " ORDER BY st.source_count DESC, st.last_seen_at DESC"
)


def story_articles(story: Story) -> list[Article]:
    return list(
        Article.objects.filter(story=story)
        .select_related("source")
        .defer("body_html", "embedding", "entities")
        .order_by("published_at", "id")
    )
