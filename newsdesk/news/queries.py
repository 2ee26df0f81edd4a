"""Read queries for the reader site.

Every function returns a bounded list with its relations already joined or prefetched, so a
page runs the same handful of SQL queries whether the archive holds a hundred or a million
articles. The reader's lists page by keyset (the last card's time and id, see ``Cursor``),
never by OFFSET, so the thousandth page costs what the first does; each of their queries is
one range of an index in the order the list shows (``tests/news/test_query_plans.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Case, Prefetch, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from newsdesk.comments.models import Comment
from newsdesk.news.models import Article, ArticleHashtag, Hashtag, Source, Story
from newsdesk.news.vectors import close_stories


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
_CARD_FIELDS = (
    "id",
    "headline",
    "standfirst",
    "published_at",
    "language",
    "source_id",
    "story_id",
    "duplicate_of_id",
    "source__name",
    "source__slug",
)


def card_articles() -> QuerySet[Article]:
    """``listed_articles`` with only what a card shows: the opening of the text as
    ``text_start`` instead of the whole text, and none of the large columns."""
    return listed_articles().only(*_CARD_FIELDS).annotate(text_start=_text_start())


def _text_start() -> Case:
    """The opening of the text, for a card whose article has no standfirst (a card shows the
    standfirst when there is one): the text lies past the row's first page, so a card with a
    standfirst never reads it."""
    return Case(
        When(standfirst="", then=Substr("text", 1, CARD_TEXT_CHARS)),
        default=Value(""),
        output_field=TextField(),
    )


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

    def beyond(self, time_field: str, id_field: str, *, newest_first: bool = True) -> Q:
        """Rows past this cursor in a list ordered by (time, id). The bare range on the time
        column is what lets the database seek in the index instead of scanning to it."""
        op = "lt" if newest_first else "gt"
        bound = "lte" if newest_first else "gte"
        when = self.published_at
        return Q(**{f"{time_field}__{bound}": when}) & (
            Q(**{f"{time_field}__{op}": when})
            | Q(**{time_field: when, f"{id_field}__{op}": self.id})
        )


@dataclass(frozen=True)
class Slice:
    """One page of a keyset-paged list: its items and the cursor of the next page, if any."""

    items: list[Article]
    next: Cursor | None
    is_first: bool


def take_page(queryset: QuerySet[Article], per_page: int, *, is_first: bool) -> Slice:
    """The first ``per_page`` rows of an ordered, cursor-filtered queryset (one query: one row
    more tells whether a next page exists)."""
    rows = list(queryset[: per_page + 1])
    items = rows[:per_page]
    following = Cursor.after(items[-1]) if len(rows) > per_page else None
    return Slice(items=items, next=following, is_first=is_first)


def latest_page(cursor: Cursor | None, per_page: int) -> Slice:
    """A page of the latest news, newest first."""
    rows = card_articles()
    if cursor:
        rows = rows.filter(cursor.beyond("published_at", "id"))
    return take_page(rows, per_page, is_first=cursor is None)


def source_page(source: Source, cursor: Cursor | None, per_page: int) -> Slice:
    """A page of one outlet's articles, newest first."""
    rows = card_articles().filter(source=source)
    if cursor:
        rows = rows.filter(cursor.beyond("published_at", "id"))
    return take_page(rows, per_page, is_first=cursor is None)


def hashtag_page(hashtag: Hashtag, cursor: Cursor | None, per_page: int) -> Slice:
    """A page of the articles carrying a tag, newest first."""
    return _linked_page("articlehashtag", Q(articlehashtag__hashtag=hashtag), cursor, per_page)


def section_page(section: str, cursor: Cursor | None, per_page: int) -> Slice:
    """A page of the articles in a section of the site (its slug), newest first."""
    return _linked_page("articlesection", Q(articlesection__section=section), cursor, per_page)


def _linked_page(link: str, links: Q, cursor: Cursor | None, per_page: int) -> Slice:
    """A page of the articles a link table (hashtags, sections) puts in one list: one range of
    the list's links (which carry their article's time), each joined to its article."""
    if cursor:
        # One filter() call, so the cursor and the list constrain the same link row.
        links &= cursor.beyond(f"{link}__published_at", f"{link}__article_id")
    rows = card_articles().filter(links).order_by(f"-{link}__published_at", f"-{link}__article_id")
    return take_page(rows, per_page, is_first=cursor is None)


def story_page(story: Story, cursor: Cursor | None, per_page: int) -> Slice:
    """A page of a story's reports as they came in, oldest first (copies included: a story
    page shows every outlet's report)."""
    rows = (
        Article.objects.filter(story=story)
        .select_related("source")
        .only(*_CARD_FIELDS)
        .annotate(text_start=_text_start())
        .order_by("published_at", "id")
    )
    if cursor:
        rows = rows.filter(cursor.beyond("published_at", "id", newest_first=False))
    return take_page(rows, per_page, is_first=cursor is None)


def story_outlets(story: Story) -> tuple[list[str], list[str]]:
    """The names of the outlets reporting a story and the languages of their reports, sorted;
    one query over the story's rows, however few of them its page shows."""
    pairs = list(
        Article.objects.filter(story=story)
        .values_list("source__name", "language")
        .order_by()
        .distinct()
    )
    outlets = sorted({name for name, _ in pairs})
    languages = sorted({language for _, language in pairs if language})
    return outlets, languages


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


def visible_comments(article_id: int) -> list[Comment]:
    return list(
        Comment.objects.filter(article_id=article_id, is_hidden=False).select_related("user")
    )


def related_articles(article: Article, limit: int = 6) -> list[Article]:
    """What to read next, best first: other outlets' reports of the same story (one per outlet
    before any outlet's second), then the nearest stories in meaning (recent ones favoured),
    then articles sharing hashtags, then the same source's latest. Never the article itself or
    a republished copy."""
    chosen: list[Article] = []
    seen = {article.pk}

    def take(candidates: Iterable[Article]) -> None:
        for candidate in candidates:
            if len(chosen) >= limit:
                return
            if candidate.pk not in seen:
                chosen.append(candidate)
                seen.add(candidate.pk)

    base = card_articles()
    # A story of one report (most of them) has no other outlet to read.
    story = article.story if article.story_id else None
    if story is not None and story.article_count != 1:
        # Outlets of the story's newest reports, read without building them; then the chosen.
        reports = listed_articles().filter(story_id=story.pk).exclude(pk=article.pk)
        firsts = _one_per_source_first(reports.values_list("id", "source_id")[: limit * 4])
        by_id = base.in_bulk(firsts[:limit])
        take(by_id[i] for i in firsts[:limit] if i in by_id)
    if article.embedding and len(chosen) < limit:
        take(
            _story_leads(
                close_stories(bytes(article.embedding), exclude=article.story_id, limit=limit)
            )
        )
    tag_ids = [tag.pk for tag in article.hashtags.all()][:RELATED_TAGS]
    if tag_ids and len(chosen) < limit:
        ids = [i for i in _latest_with_tags(tag_ids, limit * 3 + len(seen)) if i not in seen]
        take(base.filter(pk__in=ids[: limit * 3]))
    if len(chosen) < limit:
        take(base.filter(source_id=article.source_id).exclude(pk__in=seen)[:limit])
    return chosen


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
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for tag_id in tag_ids for value in (tag_id, limit)])
        links = cursor.fetchall()
    links.sort(key=lambda link: (link[1], link[0]), reverse=True)
    return list(dict.fromkeys(article_id for article_id, _ in links))


def _one_per_source_first(reports: Iterable[tuple[int, int]]) -> list[int]:
    """Ids of (id, source id) pairs, each outlet's first report before any outlet's second."""
    firsts: list[int] = []
    rest: list[int] = []
    sources: set[int] = set()
    for article_id, source_id in reports:
        (rest if source_id in sources else firsts).append(article_id)
        sources.add(source_id)
    return firsts + rest


def _story_leads(story_ids: list[int]) -> list[Article]:
    """The lead report of each story, in the given order."""
    if not story_ids:
        return []
    leads = dict(Story.objects.filter(pk__in=story_ids).values_list("id", "lead_article_id"))
    by_id = card_articles().in_bulk([lead for lead in leads.values() if lead])
    return [by_id[leads[i]] for i in story_ids if leads.get(i) in by_id]


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
    """The stories with most recent reports carrying the tag, largest coverage first."""
    return list(
        Story.objects.filter(pk__in=_recent_stories(hashtag.pk), source_count__gt=1)
        .select_related("lead_article__source")
        .defer(*_STORY_STATE, *_ARTICLE_STATE)
        .order_by("-source_count", "-last_seen_at")[:limit]
    )


# What the pipeline keeps on stories and their lead articles that no story card shows.
_STORY_STATE = ("centroid", "entity_counts")
_ARTICLE_STATE = tuple(f"lead_article__{name}" for name in ("body_html", "embedding", "entities"))


def _recent_stories(hashtag_id: int, reports: int = 200) -> list[int]:
    """The stories of the tag's newest ``reports`` reports, read from indexes alone: on SQLite
    the join would otherwise read each article's row past its long texts for its story."""
    covering = " INDEXED BY article_search_idx" if connection.vendor == "sqlite" else ""
    sql = (
        f"SELECT a.story_id FROM {ArticleHashtag._meta.db_table} AS link"
        f" JOIN {Article._meta.db_table} AS a{covering} ON a.id = link.article_id"
        " WHERE link.hashtag_id = %s AND a.story_id IS NOT NULL"
        " ORDER BY link.published_at DESC, link.article_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [hashtag_id, reports])
        return list({story_id for (story_id,) in cursor.fetchall()})


def story_articles(story: Story) -> list[Article]:
    return list(
        Article.objects.filter(story=story)
        .select_related("source")
        .defer("body_html", "embedding", "entities")
        .order_by("published_at", "id")
    )
